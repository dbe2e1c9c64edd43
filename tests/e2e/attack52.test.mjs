// The fifty-second attack: the guard's look at an undo/redo's own input event
// (guard.js onHistory), which takes the unknown files of the file inputs under
// the event's first target. Chromium's own picker is opened as in attacks
// 44-51's labeldeep and fills a file input i taken out by
// execCommand('delete'); undo puts it back into its old parent, which the
// page has moved. Pages: attack52-pages.mjs.
import { describe, test } from 'node:test';

import { assertNothingLeaked, attackSwitches, leakAttacks, localMachine } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(52);

describe('attack 52: a filled file input put back by undo where the guard does not look, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const leakAttack = leakAttacks(local, 52);

  // Were THROUGH (2026-12-07, Chromium of /usr/bin/chromium, 1 run each): the page's server received a text note
  // "leak-sample.jpg.txt" holding "leaked: sample.jpg": the ORIGINAL's NAME (not its bytes). The label holding i sits
  // in a span p inside a contenteditable div ce; execCommand('delete') over the label takes it out (the undo step
  // keeps p as the parent to put it back in). The page then MOVES p (a wrapped insertion, but the label is out, so
  // the survey sees no file input) somewhere else that is still editable. In the person's click a deep span in the
  // detached label is clicked: Chromium's picker fills i, unheard. execCommand('undo') puts the SAME label back into p
  // (Chromium's RemoveNodeCommand undo only asks that p be editable), but its input event (historyUndo) is fired at
  // the editing root the undo step RECORDED, ce, which no longer holds p. guard.js onHistory (guard.js:289-293) looks
  // only under the event's first target (fileInputsIn([ce])): i is not there, nothing is taken. Chromium draws
  // "sample.jpg"; attack 48's findsel reads it (the hosts made non-editable first).
  // - moveparent: p moved into a second contenteditable div before the pick: "input historyUndo at ce", i in p in
  //   the second div: "sample.jpg".
  // - moveself: p moved out to the body in the change listener and made an editing host itself: "sample.jpg".
  // - moveplain: p moved into a contenteditable=plaintext-only div: "sample.jpg".
  // And one where the target DOES hold i:
  // - manyelements: the label put back in ce itself (no move), but ce holds 200100 more (hidden) elements: the input
  //   event is at ce, fileInputsIn counts past LOOK_AT_MOST (guard.js:71, :91) and returns null, and onHistory's
  //   `|| []` (guard.js:292) takes that as "no file inputs": nothing taken, "sample.jpg" read.
  // - moveframe (added): p moved into a same-origin frame's editable body: undo (the top document's) puts the label
  //   back into the FRAME's document; read with the frame's find and selection: "sample.jpg".
  // Fixed: onHistory looks, by selector (no bound), in every same-origin document of the tab (from the topmost
  // same-origin ancestor down, frames in shadow roots too) and in every shadow root the guard has met, not under
  // the event's target (guard.js sameOriginDocuments).
  for (const via of ['moveparent', 'moveself', 'moveplain', 'manyelements', 'moveframe']) {
    test(`the original's name is not read from a file input put back by undo where the guard does not look: ${via}`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  // Withstood (2026-12-07, 1 run each):
  // - movedetach: moveparent with ce removed from the document before undo: execCommand('undo') returned false (no
  //   focused editable selection), i stayed out: nothing leaked, nothing uploaded.
  // - movebutton: the bytes: moveparent in a multipart form, native click on its submit button after undo: only the
  //   cleaned "photo.jpg" (the guard's own submit check).
  // - moveformdata: the bytes: moveparent, new FormData(form) after undo (a read point): first empty (held back),
  //   then the cleaned "photo.jpg".
  // - findsel: attack 48's findsel, for reference (held by the survey): "photo.jpg", the cleaned copy.
  for (const via of ['movedetach', 'movebutton', 'moveformdata', 'findsel']) {
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
