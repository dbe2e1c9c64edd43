// The seventh attack on the upload guard (issue 15), as a hostile page
// would, aimed broadly: a frame's or popup's new window reached before
// Silbato's scripts run in it (listeners ahead of the guard's, a native
// showPicker); the private channel's handshake overheard, and the
// typed-text watch's group taken through it to keep a realm from being
// wrapped; realms made from javascript: addresses and XSLT; names and dates
// of what arrives; drops of folders read through the entries API; and
// telling that Silbato is there without any action of the person (the
// handshake, the wrappers' source in errors, errors of wrong calls), the
// wrapped built-ins compared with the same Chromium without Silbato. Each
// upload check judges the bytes the local server received. What Silbato
// withstands is asserted; what got through is skipped (`through`), unless
// ATTACK7_THROUGH=1, with what arrived said in a comment. Pages:
// attack7-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, utimesSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { dropFiles, launch, localMachine, noticeText, root } from './browser.mjs';
import { PICKER_WAIT, pickSample, sample, uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();
/** What got through: skipped, unless ATTACK7_THROUGH=1 (then run, to see it fail). */
const through = process.env.ATTACK7_THROUGH === '1' ? test : test.skip;

const { received, nothingMore, assertCleaned, said, grabbedPickerAttack } = uploadChecks(local);

/** A folder for files with telling names and old dates, made fresh. */
let dir;
/** A copy of `from` at `name` in `dir`, dated 2020-01-14 07:15:02 UTC. */
function telling(from, name) {
  const to = join(dir, name);
  copyFileSync(from, to);
  const when = new Date('2020-01-14T07:15:02Z');
  utimesSync(to, when, when);
  return to;
}
const OLD = Date.parse('2020-01-14T07:15:02Z');

describe('attack 7: realms from javascript: and XSLT, names and dates, folder drops, in Chromium', { concurrency: false, timeout: 900000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    dir = mkdtempSync(join(tmpdir(), 'silbato-attack7-'));
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The person clicks the input #f inside the frame #fr of `path` and picks the sample: cleaned, or nothing. */
  async function frameInputAttack(path, what) {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}${path}`);
      await p.waitForFunction(() => window.ready === true, null, { timeout: 15000 });
      const opened = await pickSample(p, () => p.frameLocator('#fr').locator('#f').click(), PICKER_WAIT);
      const status = await p.textContent('#status');
      if (!opened) {
        await nothingMore();
        return `no picker (${status})`;
      }
      assertCleaned(said(what, (await received(1))[0]));
      await nothingMore();
      return 'cleaned';
    } finally {
      await p.close();
    }
  }


  // From the handshake (below) to the original: the page takes a sandboxed
  // frame's channel, asks it for the typed-text watch's group node, and
  // puts a getter on the group's `docs` (read by the page world's claim()
  // before realms.js wraps a frame's first document): the getter takes
  // the new frame's native showPicker and marks its document as watched,
  // so it is never wrapped. The control appends the same frame with no
  // channel taken.
  test("the control: a frame's first document appended with no channel taken is wrapped; the page gets only a cleaned copy", async () => {
    const r = await grabbedPickerAttack(() => browser, '/attack7-group', 'control');
    console.log('group control:', r);
  });
  // Got through on 2026-12-05 (Chromium 156.0.8078.114, dist from
  // 99b5416), both ways of taking a channel: the person clicked "attach a
  // photo" once, picked samples/sample.jpg in the browser's own picker,
  // and the server received the ORIGINAL ("sample.jpg", 19458 bytes, byte
  // for byte the sample, GPS and all). The page had the group object
  // (n = 1 through the sandboxed frame, 2 through the ordinary one), its
  // getter on `docs` took the new frame's native showPicker before any
  // wrapping and put that document in the set: the realm was never wrapped
  // (window.neverWrapped true).
  // Withstood since: each copy takes the group's set of documents once, as
  // an own data property, as it joins (a getter put there later is never
  // run), and wraps a realm when the set cannot be asked; and in Chromium
  // the isolated world no longer answers an ask (its page world runs first
  // or not at all), so the sandboxed frame gives no offer ("no offer while
  // parsed"; when one is overheard as the frame's document is new, see
  // below, the group holds anyway).
  for (const via of ['group', 'groupearly']) {
    test(`a frame's first document marked as watched through the group taken from a frame's channel (${via}): the page gets only a cleaned copy`, async () => {
      const r = await grabbedPickerAttack(() => browser, '/attack7-group', via);
      console.log(`${via}:`, r);
    });
  }

  /**
   * /attack7-early: the parent listens in a frame's new window before
   * Silbato does (`how`), then the person drops the sample on the frame or
   * clicks its input and picks the sample (`via`): cleaned, or nothing.
   */
  async function earlyAttack(via, how) {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack7-early?via=${via}&how=${how}`);
      await p.waitForFunction(() => window.ready === true, null, { timeout: 60000 });
      const status = await p.textContent('#status');
      console.log(`early ${via} ${how}: ${status}`);
      let opened = true;
      if (via === 'drop') await dropFiles(p, '#fr', [sample]);
      else if (via === 'picker') opened = await pickSample(p, () => p.click('#open'), PICKER_WAIT);
      else opened = await pickSample(p, () => p.frameLocator('#fr').locator('#f').click(), PICKER_WAIT);
      if (!opened) {
        await nothingMore();
        return 'no picker';
      }
      assertCleaned(said(`early ${via} ${how}`, (await received(1))[0]));
      await nothingMore();
      return 'cleaned';
    } finally {
      await p.close();
    }
  }

  // The controls: the frame's first address, whose window is its first
  // document's, where Silbato's guard already listens (the parent wrapped
  // that realm as the frame was connected): the guard comes first.
  for (const via of ['drop', 'click', 'picker']) {
    test(`the control: a frame's window reached as its first address loads (${via}): the page gets only a cleaned copy`, async () => {
      console.log(`early ${via} first:`, await earlyAttack(via, 'first'));
    });
  }
  // Got through on 2026-12-05 (Chromium 156.0.8078.114, dist from
  // 99b5416), at the first document tried, every run: the frame, sent from
  // /attack7-inner?0 to /attack7-inner?1, gets a new window; the parent saw
  // its document before it had a root element and put its capture
  // listeners on that window before Silbato's content scripts put the
  // guard's. drop: the person dropped samples/sample.jpg on the frame and
  // the server received the ORIGINAL ("sample.jpg", 19458 bytes, GPS and
  // all), read from the trusted drop's dataTransfer.files. click: the
  // person clicked the input in the frame; the parent's click listener
  // stopped the event before the guard's, the browser's own picker opened,
  // the person picked the sample, and the parent's change listener sent the
  // ORIGINAL ("sample.jpg", 19458 bytes). picker: the parent took the new
  // realm's native showPicker before Silbato's page-world script wrapped
  // it; on the person's click of "attach a photo" in the parent, the
  // browser's own picker opened on a never-attached input and the server
  // received the ORIGINAL ("sample.jpg", 19458 bytes).
  for (const via of ['drop', 'click', 'picker']) {
    through(`a frame's new window reached before Silbato's scripts, the frame sent to another address (${via}): the page gets only a cleaned copy`, async () => {
      console.log(`early ${via} next:`, await earlyAttack(via, 'next'));
    });
  }

  // The same with a popup the page opens on the person's first click and
  // then sends to another address. Got through the same day: the server
  // received the ORIGINAL ("sample.jpg", 19458 bytes) after the person's
  // click of "attach a photo" and their pick in the browser's own picker.
  through("a popup's new window reached before Silbato's scripts, its showPicker taken: the page gets only a cleaned copy", async () => {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack7-popup`);
      const popped = browser.context.waitForEvent('page');
      await p.click('#pop');
      const pop = await popped;
      await p.waitForFunction(() => window.ready === true, null, { timeout: 60000 });
      console.log(`popup: ${await p.textContent('#status')}`);
      await p.bringToFront();
      const opened = await pickSample(p, () => p.click('#open'), PICKER_WAIT);
      await pop.close().catch(() => {});
      if (!opened) {
        await nothingMore();
        return;
      }
      assertCleaned(said('popup', (await received(1))[0]));
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  // A frame whose document is the string a javascript: address evaluates
  // to (a new document of the page's origin, made after the frame's first
  // one): the person clicks a visible file input in it; the parent listens
  // for its change.
  for (const via of ['attr', 'set', 'location']) {
    test(`a file input in a frame made from a javascript: address (${via}): the page gets only a cleaned copy`, async () => {
      console.log(`jsurl ${via}:`, await frameInputAttack(`/attack7-jsurl?via=${via}`, `jsurl ${via}`));
    });
  }

  // An XSLT result document (a blob: XML document with an xml-stylesheet):
  // the transformed document replaces the one Silbato's scripts ran in.
  test('a file input in a document made by XSLT in a blob: frame: the page gets only a cleaned copy', async () => {
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack7-xslt`);
      await p.waitForFunction(() => window.ready === true, null, { timeout: 15000 });
      const status = await p.textContent('#status');
      if (!/^xslt/.test(status)) {
        // No XSLT in this Chromium: nothing to attack.
        console.log(`xslt: ${status}`);
        return;
      }
    } finally {
      await p.close();
    }
    console.log('xslt:', await frameInputAttack('/attack7-xslt', 'xslt'));
  });

  // What a page learns from the name and the date of what it gets: a photo
  // named as a phone names it (the minute it was taken) and dated 2020, and
  // a photo with nothing inside but a name that says who and where.
  test('a picked photo with a telling name and an old date arrives as photo.jpg dated now', async () => {
    local.server.received.splice(0);
    const path = telling(sample, 'IMG_20200114_071502.jpg');
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack7-named`);
      const chooser = p.waitForEvent('filechooser');
      await p.click('#f');
      await (await chooser).setFiles(path);
      const file = said('named jpg', (await received(1))[0]);
      assertCleaned(file);
      const got = await p.evaluate(() => window.got);
      console.log('named jpg: the page read', JSON.stringify(got));
      assert.equal(got.length, 1);
      assert.match(got[0].name, /^photo(-\d+)?\.jpg$/);
      assert.ok(got[0].lastModified > Date.now() - 120000, `lastModified ${got[0].lastModified} is not now`);
      assert.notEqual(got[0].lastModified, OLD);
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  test('a picked photo with nothing inside but a telling name and an old date arrives with a neutral name, dated now', async () => {
    local.server.received.splice(0);
    const path = telling(join(root, 'build/fixtures/frame-a.png'), 'Ana en Lake St 2020-01-14.png');
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack7-named`);
      const chooser = p.waitForEvent('filechooser');
      await p.click('#f');
      await (await chooser).setFiles(path);
      const [file] = await received(1);
      console.log(`named png: received ${JSON.stringify(file.name)}, ${file.bytes.length} bytes`);
      assert.match(file.name, /^photo(-\d+)?\.png$/, `the page received the name ${file.name}`);
      const got = await p.evaluate(() => window.got);
      console.log('named png: the page read', JSON.stringify(got));
      assert.match(got[0].name, /^photo(-\d+)?\.png$/);
      assert.ok(got[0].lastModified > Date.now() - 120000, `lastModified ${got[0].lastModified} is not now`);
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  // A folder picked in an input with webkitdirectory: its name and the
  // photo's (IMG_… with the minute it was taken) would go with
  // webkitRelativePath.
  test('a folder picked in a webkitdirectory input: the photo arrives cleaned, with no name, folder or date of the original', async () => {
    local.server.received.splice(0);
    const folder = join(dir, 'Lake St raid 2020-01-14');
    mkdirSync(folder, { recursive: true });
    copyFileSync(sample, join(folder, 'IMG_20200114_071504.jpg'));
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack7-named`);
      const chooser = p.waitForEvent('filechooser');
      await p.click('#dir');
      await (await chooser).setFiles(folder);
      const file = said('named folder', (await received(1))[0]);
      assertCleaned(file);
      const got = await p.evaluate(() => window.got);
      console.log('named folder: the page read', JSON.stringify(got));
      assert.equal(got.length, 1);
      assert.match(got[0].name, /^photo(-\d+)?\.jpg$/);
      assert.doesNotMatch(got[0].relative, /Lake|IMG_/);
      assert.ok(got[0].lastModified > Date.now() - 120000, `lastModified ${got[0].lastModified} is not now`);
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  // A form submitted natively (form.submit(), which fires no submit event)
  // again and again while its file is being checked, and on change.
  test('a form submitted natively while its file is checked: no original arrives, only empty parts or the cleaned copy', async () => {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack7-form`);
      assert.ok(await pickSample(p, () => p.click('#f')), 'no picker opened');
      await p.waitForTimeout(4500);
      const all = local.server.received.splice(0);
      const withBytes = all.filter((f) => f.bytes.length > 0);
      console.log(`form: ${await p.evaluate(() => window.submits)} submits, ${all.length} parts arrived, ${withBytes.length} with bytes, named ${JSON.stringify([...new Set(withBytes.map((f) => f.name))])}; empty ones named ${JSON.stringify([...new Set(all.filter((f) => !f.bytes.length).map((f) => f.name))])}`);
      assert.ok(withBytes.length > 0, 'the cleaned copy never arrived');
      for (const f of withBytes) assertCleaned(f);
      for (const f of all) assert.doesNotMatch(String(f.name ?? ''), /sample/);
    } finally {
      await p.close();
    }
  });

  // A folder dropped on a page that walks the drop's entries
  // (webkitGetAsEntry and its readers), asks for file system handles, and
  // reads getAsFile and files: what it finds is sent.
  test('a folder holding the photo, dropped on a page that walks the entries: nothing of the original arrives', async () => {
    local.server.received.splice(0);
    const folder = join(dir, 'Lake St 2020-01-14');
    mkdirSync(folder, { recursive: true });
    copyFileSync(sample, join(folder, 'IMG_20200114_071502.jpg'));
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack7-drop`);
      await dropFiles(p, '#zone', [folder]);
      await p.waitForTimeout(4000);
      const got = await p.evaluate(() => window.got);
      console.log('drop folder: the page read', JSON.stringify(got), 'the notice says', await noticeText(p));
      for (const file of local.server.received.splice(0)) {
        said('drop folder', file);
        assertCleaned(file);
      }
    } finally {
      await p.close();
    }
  });

  test('a photo dropped on a page that reads the entries and handles: only a cleaned copy arrives', async () => {
    local.server.received.splice(0);
    const path = telling(sample, 'IMG_20200114_071503.jpg');
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack7-drop`);
      await dropFiles(p, '#zone', [path]);
      await p.waitForFunction(() => window.sent > 0, null, { timeout: 15000 });
      await p.waitForTimeout(1500);
      const files = local.server.received.splice(0);
      assert.ok(files.length > 0, 'nothing arrived');
      const got = await p.evaluate(() => window.got);
      console.log('drop file: the page read', JSON.stringify(got));
      for (const file of files) assertCleaned(said('drop file', file));
    } finally {
      await p.close();
    }
  });
});

describe('attack 7: telling that Silbato is there without any action of the person, in Chromium', { concurrency: false, timeout: 900000 }, () => {
  let plain;
  before(async () => {
    browser = await launch(local.proxy);
    plain = await launch(local.proxy, { extension: false });
  });
  after(async () => {
    await browser?.close();
    await plain?.close();
  });

  async function resultOf(b, path) {
    const p = await b.context.newPage();
    try {
      await p.goto(`${local.server.base}${path}`);
      return await p.waitForFunction(() => window.result, null, { timeout: 20000 }).then((h) => h.jsonValue());
    } finally {
      await p.close();
    }
  }

  // The private channel's handshake: in a frame sandboxed without scripts
  // (allow-same-origin only) no page-world script runs, so the isolated
  // world keeps listening on the frame's document for the ask until
  // DOMContentLoaded; the parent reaches that document while it is parsed,
  // listens for the offer and asks.
  test('the control: a page asking in its own document gets no offer', async () => {
    const r = await resultOf(browser, '/attack7-ask?via=self');
    assert.deepEqual([r.offers, r.nodes], [[], []]);
  });
  test('a sandboxed frame with no address: the page gets no offer', async () => {
    const r = await resultOf(browser, '/attack7-ask?via=blank');
    console.log('ask blank', JSON.stringify(r));
    assert.deepEqual([r.offers, r.nodes], [[], []]);
  });
  // Got through on 2026-12-05 (Chromium 156.0.8078.114, dist built from
  // 99b5416): the parent, asking in the sandboxed frame's document while
  // /attack7-big was parsed, received the offer: the secret (32
  // characters) and the channel's node, a <silbato-channel> element.
  // Without Silbato nothing answers. In Chromium the isolated world no
  // longer listens for an ask; the offer it makes as it starts is still
  // heard by a page that listened on the frame's new document before
  // Silbato's scripts ran there (the early window below), and so it was
  // on 2026-12-05 after that change (offers [32], nodes [silbato-channel]).
  // Chromium gives no way to run first there.
  through('a sandboxed frame (allow-same-origin) still being parsed: the page gets no offer', async () => {
    const r = await resultOf(browser, '/attack7-ask?via=big');
    console.log('ask big', JSON.stringify(r));
    assert.equal(r.asked, 1, 'the page never reached the frame while it was parsed');
    assert.deepEqual([r.offers, r.nodes], [[], []], 'Silbato answered the page: it is there');
  });

  // Got through the same day, no user action, at the first frame tried in
  // each of several runs: an ordinary frame of the page's own origin (no
  // sandbox) loading /attack7-big; the parent, polling contentDocument on
  // every turn of a MessageChannel, saw its new document before it had a
  // root element (before Silbato's scripts ran there), listened on it, and
  // overheard the whole handshake: 'silbato-channel-ask', the offer's
  // secret (32 characters) and the <silbato-channel> node. Without Silbato
  // nothing is heard (20 frames tried).
  through("an ordinary frame's new document listened on before Silbato's scripts run: the page overhears nothing", async () => {
    const r = await resultOf(browser, '/attack7-ask?via=early');
    console.log('ask early', JSON.stringify(r));
    assert.deepEqual(r.heard, [], 'the page overheard the handshake: Silbato is there');
  });
  test('the control for the overheard handshake: without Silbato nothing is heard', async () => {
    const r = await resultOf(plain, '/attack7-ask?via=early');
    assert.deepEqual(r.heard, []);
  });

  // The shape of the wrapped built-ins against the same Chromium without
  // Silbato, read by /attack7-probe with no user action: any difference is
  // a tell. (`fsPickers`, the File System Access pickers, and `stackLimit`,
  // the depth of a stack trace thrown through a wrapper under a small
  // Error.stackTraceLimit, are the documented tells and left out.)
  let probes = null;
  async function differences(fields) {
    probes ??= { with: await resultOf(browser, '/attack7-probe'), without: await resultOf(plain, '/attack7-probe') };
    const out = [];
    for (const key of Object.keys(probes.without)) {
      const a = probes.with[key];
      const b = probes.without[key];
      if (typeof b === 'object' && b) {
        for (const k of Object.keys(b)) if (fields.includes(k) && JSON.stringify(a?.[k]) !== JSON.stringify(b[k])) out.push(`${key}.${k}: ${JSON.stringify(a?.[k]).slice(0, 160)} (without: ${JSON.stringify(b[k]).slice(0, 120)})`);
      } else if (fields.includes(key) && JSON.stringify(a) !== JSON.stringify(b)) out.push(`${key}: ${JSON.stringify(a)} (without: ${JSON.stringify(b)})`);
    }
    for (const d of out) console.log('tell:', d);
    return out;
  }
  test('wrapped built-ins print, name and shape themselves as without Silbato', async () => {
    assert.deepEqual(await differences(['str', 'name', 'length', 'keys', 'proto', 'caller', 'args', 'bound', 'proxied', 'callSite']), []);
  });
  test("a page's toString and getters are read as often as without Silbato, and no getter on Object.prototype is read", async () => {
    assert.deepEqual(await differences(['setAttributeReads', 'adjacentErr', 'adjacentReads', 'innerReads', 'fetchBodyReads', 'listenerReads', 'observeReads', 'shadowReads', 'protoGetters']), []);
  });
  // Got through on 2026-12-05 (Chromium 156.0.8078.114, dist from
  // 99b5416), no user action: Reflect.construct(HTMLElement.prototype.click, [])
  // (and Reflect.construct(function () {}, [], f), and `class extends f`)
  // throws a TypeError whose message is the WRAPPER'S SOURCE TEXT
  // ("click() {\n if (!isFileInput2(this) || !guardPicks(this)) return
  // callNative2(native, this, []); …} is not a constructor"), not
  // "function click() { [native code] } is not a constructor": V8 renders
  // the function itself, not through Function.prototype.toString. The same
  // for every wrapper tried (dispatchEvent, addEventListener, showPicker,
  // open, write, attachShadow, appendChild, insertBefore, append,
  // setAttribute, fetch, XHR open/send, sendBeacon, observe, toString
  // itself ("toString() { return print(this); }"), the innerHTML setter,
  // the contentWindow getter, window.open, insertAdjacentHTML,
  // requestSubmit).
  through('wrapped built-ins refuse to be constructed with the same message as without Silbato', async () => {
    assert.deepEqual(await differences(['construct', 'newTarget', 'extendsIt']), []);
  });
  // Got through the same day, no user action: errors of wrapped built-ins
  // called wrongly differ from the browser's own:
  // - EventTarget.prototype.dispatchEvent with no argument: "parameter 1 is
  //   not of type 'Event'." (the wrapper passes [undefined]); without
  //   Silbato "1 argument required, but only 0 present.";
  // - Element.prototype.attachShadow with no argument: "The provided value
  //   is not of type 'ShadowRootInit'."; without, "1 argument required…";
  // - Document.prototype.open on a non-document ({}): "Failed to construct
  //   'MouseEvent': Failed to read the 'relatedTarget' property from
  //   'MouseEventInit': Failed to convert value to 'EventTarget'." (the
  //   private channel's message built before the native call); without,
  //   "Illegal invocation".
  // Withstood since: those wrappers pass the page's arguments on as they
  // came and leave a call on something that is not a document to the
  // browser.
  test('wrapped built-ins called wrongly throw what the browser throws', async () => {
    assert.deepEqual(await differences(['badThis', 'badThisNull', 'noArgs']), []);
  });
});
