// The fifty-first attack: the editing guard as it was then (a look at the
// document before every execCommand, since replaced by guard.js onHistory),
// which remembered the file inputs then in its document and held back every
// one remembered.
// Chromium's own picker is opened as in attacks 44-50's labeldeep (a span 70
// deep inside a DETACHED label holding a file input i, clicked in the
// person's click) and fills i, which no guard listener hears; the page then
// gets i connected by the browser's editing (redo) and reads the name
// Chromium draws. Pages: attack51-pages.mjs.
import { describe, test } from 'node:test';

import { assertNothingLeaked, attackSwitches, leakAttacks, localMachine } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(51);

describe('attack 51: a file input made by an editing command and put back by redo, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const leakAttack = leakAttacks(local, 51);

  // Were THROUGH (2026-12-07, Chromium of /usr/bin/chromium, 1 run each): the page's server received a text note
  // "leak-sample.jpg.txt" holding "leaked: sample.jpg": the ORIGINAL's NAME (not its bytes). The label holding i is
  // MADE by the browser's editing: document.execCommand('insertHTML', false, '<label><input type=file>…') parses it
  // into a contenteditable div. editingGuarded (realms.js:364, insertions.js:231-243) runs only BEFORE the command and
  // remembers the file inputs then in the document, so i (made by the command) is never remembered, and no wrapped
  // insertion call is ever given it. The page takes the label out with a plain script call (l.remove(), or
  // Range.deleteContents: removals are not surveyed), so i is not in the document at any later execCommand either.
  // In the person's click a deep span appended to the detached label is clicked: Chromium's picker fills i, unheard.
  // Then execCommand('undo') (a no-op: the inserted nodes are already out) and execCommand('redo'): the redo of the
  // insertHTML re-inserts the SAME label, with the filled i. Before each, editingGuarded looks at the document (i is
  // not in it) and at what was remembered (i never was): nothing held. Chromium draws "sample.jpg"; attack 48's
  // findsel reads it (div made non-editable with an attribute first).
  // - insertredo: insertHTML, l.remove(), pick, undo, redo, findsel: "sample.jpg".
  // - insertredo2: the same, focus moved back to the div before the pick: "sample.jpg".
  // - insertrange: the label taken out by Range.deleteContents instead: "sample.jpg".
  // - insertquiet: insertredo out of sight (fixed, 1px high, opacity 0.01), the div removed after: "sample.jpg".
  // Note: reading i.files (a read point) after the redo DOES hold the file back (the first run, which noted
  // i.files.length, got only the cleaned "photo.jpg"): only the survey of what an edit puts back was missing.
  // - insertlistener (added): the label taken out inside the insertHTML call, by the page's own `input` listener on
  //   the div, so that no look after the command could find i either: "sample.jpg" with a look after each command.
  // Fixed (for all five, and attack 50's): the page world's look before each execCommand is gone; the redo's own
  // `input` event (inputType historyRedo), fired at the editing host before the command returns, is heard first by
  // the guard at the window, which takes the unknown files of the file inputs under the host as a pick (guard.js
  // onHistory): i is put back empty.
  for (const via of ['insertredo', 'insertredo2', 'insertrange', 'insertquiet', 'insertlistener']) {
    test(`the original's name is not read from a file input made by insertHTML and put back by redo: ${via}`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  // Withstood (2026-12-07, 1 run each):
  // - insertundo: insertHTML, l.remove(), pick, undo only: undo does not put i back (not connected): nothing leaked,
  //   nothing uploaded.
  // - insertbutton: the bytes: insertredo with the div in a multipart form, redo, native click on its submit button:
  //   nothing arrived at the server (the guard's own submit check).
  // - framedelete: attack 50's undoplain in a same-origin frame made in the same task, through the frame's OWN
  //   execCommand: the frame's realm is already wrapped; undo put back an emptied i; only "photo.jpg" (cleaned).
  // - findsel: attack 48's findsel, for reference (held by the survey): "photo.jpg", the cleaned copy.
  for (const via of ['insertundo', 'insertbutton', 'framedelete', 'findsel']) {
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
