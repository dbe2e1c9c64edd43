// The sixtieth attack: the keyboard opener guard.js onKey closed (attack 59's
// enterremove), tried around: an input that becomes a file input after the
// guard's first keypress / keyup listener has looked at it, then is taken out
// of the document before the key's default clicks it; keys in a frame's first
// document. Pages: attack60-pages.mjs.
import { after, before, describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { assertNothingLeaked, attackSwitches, launch, leakAttacks, localMachine } from './browser.mjs';
import { pickSample } from './uploads.mjs';

const local = localMachine();
const { explore } = attackSwitches(60);

describe('attack 60: keys on an input that becomes a file input after the guard looked, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const leakAttack = leakAttacks(local, 60);
  /** Alt+X as Chromium's access key handler wants it (unmodifiedText "x"), sent through CDP. */
  const accessKey = async (p) => {
    const s = await p.context().newCDPSession(p);
    const key = { modifiers: 1, key: 'x', code: 'KeyX', windowsVirtualKeyCode: 88, nativeVirtualKeyCode: 88 };
    const opened = await pickSample(p, async () => {
      await s.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...key, unmodifiedText: 'x', text: '' });
      await s.send('Input.dispatchKeyEvent', { type: 'char', ...key, unmodifiedText: 'x', text: 'x' });
      await s.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
    }, 5000);
    console.log(`after Alt+X (CDP): chooser ${opened ? 'opened' : 'not opened'}`);
  };
  const KEYS = { spaceswitch: ' ', spaceswitchremove: ' ', framespace: ' ', spaceprevented: ' ' };

  /** Chromium WITHOUT Silbato: does the person's key open a chooser on `via`'s page? */
  let plain;
  before(async () => { plain = await launch(local.proxy, { extension: false }); });
  after(async () => { await plain?.close(); });
  const plainOpens = async (via, key) => {
    const p = await plain.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack60-picker?via=${via}`, { timeout: 120000 });
      await p.waitForFunction('window.ready === true', null, { timeout: 60000 }).catch(() => {});
      await p.click('#open');
      const opened = await pickSample(p, () => p.keyboard.press(key), 4000);
      const notes = await p.evaluate(() => window.notes || []);
      console.log(`${via} without Silbato: chooser ${opened ? 'opened' : 'not opened'} ${JSON.stringify(notes)}`);
      return opened;
    } finally {
      await p.close();
    }
  };
  /** The person's key on `via`'s page, with what the chooser and the page saw. */
  const keyed = async (via, settle = 4000) => {
    let chooser = false;
    const person = via.startsWith('access') ? accessKey : async (p) => {
      chooser = await pickSample(p, () => p.keyboard.press(KEYS[via] ?? 'Enter'), 5000);
      console.log(`after the key: chooser ${chooser ? 'opened' : 'not opened'}`);
    };
    return { ...(await leakAttack(via, settle, person)), chooser };
  };
  const DETACHED_CLICK = 'file click: trusted true, prevented false, connected false';
  const noDetachedClick = ({ notes }) => assert.ok(!notes.some((n) => n.startsWith(DETACHED_CLICK)), `the detached input's own click went through: ${JSON.stringify(notes)}`);

  // Were THROUGH (2026-12-08, Chromium 156, 2 runs each for typeswitch, 1 for the others): A NEW OPENER of the browser's own
  // chooser, past guard.js onKey (extension/content/guard.js:273-279). The person's "attach a photo" click focuses a
  // CONNECTED <input type=text> f (buttonswitch: type=button); the person presses Enter. The guard's first keypress
  // listener sees a text input (isFileInput false, guard.js:279) and lets it be; f's own keypress listener (later)
  // sets f.type = 'file' (or setAttribute('type', 'file')) and takes f out (remove(), or into a detached div).
  // Chromium's keypress default handler uses f's input type at that time (file: KeyboardClickableInputTypeView,
  // Enter -> DispatchSimulatedClick): the page's notes said "file click: trusted true, prevented false, connected
  // false, type file", and Chromium's own chooser filled the detached f (Chromium without Silbato: the page read
  // "sample.jpg 19458"). frametypeswitch: the same in a new frame's first document (about:blank). What arrived: the
  // read barrier held the bytes and the name back: the first change read f.files empty, a second brought the cleaned
  // copy, "photo.jpg", 12582 bytes (typeswitchname sent only the name: "photo.jpg").
  // The same opener through an ACCESS KEY (attack 59 could not press it; Alt+X sent through CDP with unmodifiedText
  // "x" does): f (accessfocus) or a label holding it (accesslabel) has accesskey "x"; Chromium's access key action
  // focuses f, f's focus listener takes f (or the label) out, and the action's simulated click lands on the detached
  // f: the browser's own chooser filled it; the barrier again handed over only the cleaned copy. No guard code looks
  // at access keys at all (no keydown check, no focus check).
  // Fixed: onKey no longer decides at its own listener. Each element the key may click (the focused one for Enter and
  // Space; for an access key, the elements that have it and a label's control) listens for that click itself, so the
  // click is met wherever the element is then and whatever its type (guard.js onKey/onKeyClick): Silbato's picker.
  for (const via of ['typeswitch', 'typeswitchmove', 'typeswitchattr', 'buttonswitch', 'frametypeswitch', 'accessfocus', 'accesslabel']) {
    test(`the browser's own chooser does not open for a detached input: ${via}`, async () => {
      const r = await keyed(via);
      assertNothingLeaked(r);
      noDetachedClick(r);
    });
  }

  // Was BREAKAGE (2026-12-08, 1 run each): a page that handles Enter / Space on a file input itself and cancels the key in
  // its own keypress (keyup) listener: Chromium alone opens no chooser (checked: "chooser not opened"); with Silbato,
  // onKey (window capture, before the page's listener) has already cancelled the key and opened Silbato's picker: the
  // person is shown a chooser the page meant not to open, and the cleaned copy is handed to the page. (Under load,
  // Playwright sometimes catches no chooser at all (1 run of 3 for enterprevented; also seen for typeswitchattr and
  // typeswitchcrossrealm): nothing is picked then, and such a run passes by luck.)
  // Fixed with the above: a cancelled key clicks nothing, so nothing opens.
  for (const via of ['enterprevented', 'spaceprevented']) {
    test(`a key the page cancels on a file input opens no chooser: ${via}`, async () => {
      const r = await keyed(via, 2000);
      assert.ok(!r.chooser && r.uploads.length === 0, `a picker opened for a key the page cancelled: ${JSON.stringify(r)}`);
    });
  }

  // Withstood (2026-12-08, 1 run each): Silbato's picker or none; the cleaned copy, "photo.jpg", 12582 bytes, or
  // nothing.
  // - typeswitchstay: f made a file input in its keypress listener but left in: the simulated click reached the
  //   guard's click listener (prevented true): Silbato's picker.
  // - spaceswitch: f a button (made :active by Space's keydown), a file input in its keyup listener (after the guard's
  //   check), left in: the click was heard: Silbato's picker. spaceswitchremove: the same, taken out: a removed input is
  //   no longer active, no click at all.
  // - frameenter: Enter in a new frame's first document on a file input taken out in its keypress listener: the frame's
  //   guard took the keypress. framespace: Space there: the frame's document is in QUIRKS mode, where
  //   f.matches(':active') is false (the :active quirk) although Chromium's IsActive() is true, so onKey's Space check
  //   (guard.js:279, since removed) never fired in a quirks-mode document; the click on the connected f was still heard.
  //   A way to keep f active yet unheard was not found.
  // - Leak probes with the typeswitch opener (the barrier held each): crossrealm (a new frame's `files` getter called
  //   on f), inputevent (f read in its input event), clonevalue (the value of an import of f into another document:
  //   "").
  // Not judged: typeswitchparserdoc (Playwright caught no chooser in 2 runs, so no file was picked).
  for (const via of ['typeswitchstay', 'spaceswitch', 'spaceswitchremove', 'frameenter', 'framespace', 'typeswitchname', 'typeswitchcrossrealm', 'typeswitchinputevent', 'typeswitchclonevalue']) {
    test(`withstood: ${via}: nothing of the original arrives`, async () => {
      assertNothingLeaked(await keyed(via));
    });
  }

  for (const via of (process.env.ATTACK60_PLAIN ?? '').split(',').filter(Boolean)) {
    test(`plain ${via}`, async () => { await plainOpens(via, KEYS[via] ?? 'Enter'); });
  }

  for (const via of explore) {
    test(`explore ${via}`, async () => {
      await keyed(via);
    });
  }
});
