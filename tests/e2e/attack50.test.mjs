// The forty-ninth attack: the survey of wrapped insertions (insertions.js
// framesIn/survey/insertGuarded, file-barrier.js withholdInserted), which
// holds back the files of a file input before it is connected and drawn.
// Chromium's own picker is opened as in attacks 44-48's labeldeep (a span 70
// deep inside a DETACHED label holding a file input i, clicked in the
// person's click) and fills i, which no guard listener hears; the page then
// connects i some way the survey misses and reads the name Chromium draws.
// Pages: attack50-pages.mjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertNothingLeaked, attackSwitches, leakAttacks, localMachine } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(50);

describe('attack 50: a file input connected past the survey of wrapped insertions, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const leakAttack = leakAttacks(local, 50);

  // Were THROUGH (2026-12-07, Chromium of /usr/bin/chromium, 1 run each): the page's server received a text note
  // "leak-sample.jpg.txt" holding "leaked: sample.jpg": the ORIGINAL's NAME (not its bytes). The label (i, deep span)
  // is first put CONNECTED in a contenteditable div by a wrapped insertion (i empty: nothing to hold), then taken out
  // by the browser's editing (execCommand('delete') / insertText over a selection of the label), which keeps the very
  // nodes on its undo stack. In the person's click the deep span of the now detached label is clicked: Chromium's
  // picker fills i, unheard. Then document.execCommand('undo') puts the SAME label (and the filled i) back. It is a
  // wrapped call (realms.js:628, and realms.js:583 for slots), but it is given no node, so insertions.js
  // insertGuarded (:984-994) collects no `nodes`, survey() is not run, `found` is null and tools.withhold is never
  // called; nothing else (the isolated world's MutationObserver, which only tells of closed roots) looks at the file
  // inputs an edit puts in. Chromium draws "sample.jpg" in i; attack 48's findsel reads it (after the div is made
  // non-editable with an attribute, no insertion: find does not reach the drawn name inside an editing host).
  // - undoplain: delete, pick, undo, contentEditable = 'false', findsel: "sample.jpg".
  // - undolater: the same, findsel 300 ms later (nothing took the files out meanwhile): "sample.jpg".
  // - undoquiet: undoplain out of sight (fixed, 1px high, opacity 0.01), the div removed after: "sample.jpg".
  // - redo: delete, pick, undo, redo, undo: the undo stack walked both ways: "sample.jpg".
  // Fixed: an undo or redo (the page's execCommand, or the person's Ctrl+Z) fires its `input` event (inputType
  // historyUndo/historyRedo) at the editing host before execCommand returns and before any custom element reaction;
  // the guard's listener is the window's first, and takes unknown files in the files inputs under the host as a pick
  // (guard.js onHistory): i is put back empty, and the next change brings the cleaned copy ("photo.jpg").
  for (const via of ['undoplain', 'undolater', 'undoquiet', 'redo']) {
    test(`the original's name is not read from a file input put back by the browser's undo: ${via}`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  // The person's own Ctrl+Z in the editor, once the picker closed: the same trusted historyUndo event, met by
  // onHistory. The test checks the undo did happen (the page's note), so a pass is not a key that went nowhere.
  test("the original's name is not read from a file input put back by the person's own Ctrl+Z", async () => {
    const r = await leakAttack('personundo', 5000, async (p) => {
      await p.waitForFunction('window.undoNow === true', null, { timeout: 10000 });
      await p.keyboard.press('Control+z');
    });
    assert.ok(r.notes.some((n) => /input historyUndo i connected true/.test(n)), `the Ctrl+Z did not undo: ${JSON.stringify(r.notes)}`);
    assertNothingLeaked(r);
  });

  // Withstood (2026-12-07, 1 run each):
  // - undodelete, undotext: undoplain/delete and insertText with the div left editable: i is connected and drawn but
  //   window.find('.jpg') finds nothing inside the editing host: nothing leaked (not the survey's doing).
  // - undopost: the bytes: the div in a multipart form, undo, form.submit(): submit() is a read point
  //   (file-barrier.js withholdForm): nothing arrived.
  // - undobutton: the same posted by a native click on the form's submit button: the guard's own onSubmit:
  //   "photo.jpg", 12582 bytes, the cleaned copy.
  // - typeflip: i filled detached, its type set to text, connected, set back to file: the files do not survive
  //   (Chromium drops them, or the type setter is held): nothing found.
  // - findsel: attack 48's findsel, for reference (held by the survey).
  for (const via of ['undodelete', 'undotext', 'undopost', 'undobutton', 'typeflip', 'findsel']) {
    test(`withstood: ${via}: neither the original nor its name`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  for (const via of explore) {
    test(`explore ${via}`, async () => {
      await leakAttack(via);
    });
  }
});
