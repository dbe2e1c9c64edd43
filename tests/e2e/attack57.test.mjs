// The fifty-seventh attack: the read barrier (file-barrier.js) and the
// insertion survey (insertions.js) after attack 55's fix. Chromium's own
// picker (attack 44's labeldeep) fills a file input i, detached, that no
// guard listener hears; the page then connects i (or a clone Chromium makes
// of it) by a path that surveys nothing, and reads the name drawn in it
// (attack 48's findsel: window.find + Selection.modify), or has it asked for
// while the chooser is open and connected elsewhere first.
// Pages: attack57-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { assertNothingLeaked, attackSwitches, detectionProbes, leakAttacks, localMachine } from './browser.mjs';

const local = localMachine();
const { through, explore } = attackSwitches(57);

describe('attack 57: a filled file input connected by a select\'s options, moveBefore, or while the chooser is open, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const leakAttack = leakAttacks(local, 57);

  // Were THROUGH (2026-12-08, Chromium 156 of /usr/bin/chromium, 1 run each): the server received a text note
  // "leak-sample.jpg.txt" holding "leaked: sample.jpg": the ORIGINAL's NAME (not its bytes). In the person's click a
  // labeldeep label l (i + a 70-deep span) sits inside a DETACHED <option> o; Chromium's own picker fills i there.
  // In i's change listener o goes into a connected <select> by a path that does not survey file inputs: the indexed
  // setter `select[0] = o` (selectmove: not wrappable; insertions.js's header lists it as not covered, for frames), or
  // `select.options.add(o, 0)` (selectaddmove: realms.js:637-638 wrap HTMLSelectElement/HTMLOptionsCollection.add
  // with `after` (walk once it returns), not insertGuarded, so no survey/withholdInserted runs). i is now CONNECTED
  // but not rendered (an option's content). Then `document.body.moveBefore(l, null)` (both connected: allowed)
  // renders it: the moveBefore wrapper (realms.js:714-738) surveys nothing either (it only runs filledGoing, for
  // frames, afterwards), so i is drawn with "sample.jpg" and findsel reads it.
  // - selectclonemove: the same by the indexed setter into a connected `appearance: base-select` <select> with a
  //   <selectedcontent>: Chromium CLONES the selected option's content into it itself (no wrapped cloneNode), and the
  //   clone input carries i's files (Chromium copies a file input's list on clone). The clone, moved by moveBefore
  //   into the body (o removed first: i itself never rendered), is drawn with "sample.jpg".
  // (Control: selectappend, the label moved out by appendChild instead of moveBefore: surveyed, held, "" read, and
  // the next change brings the cleaned copy.)
  // Fixed: moveBefore holds back the unknown files of the file inputs it moves, as an insertion does (realms.js,
  // insertions.js withholdMoved): "" read, then the cleaned copy. (select.add and options.add do go through
  // insertGuarded; selectaddmove's gap was the moveBefore.) The opener is now attack 44's hiddenswitch (uploads.mjs):
  // labeldeep opens Silbato's picker since pickers.js labelOf has no bound.
  for (const via of ['selectmove', 'selectaddmove', 'selectclonemove']) {
    test(`the original's name is not read from a file input connected through a select's options: ${via}`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  // THROUGH (a side channel, as attack 48's fieldsizing was): selectclone: the <selectedcontent> clone of i (indexed
  // setter, base-select), given `field-sizing: content`: 169 px wide against an empty file input's 190 ("sample.jpg"
  // drawn vs "No file chosen"): a pick happened, and the drawn width of the ORIGINAL's name, without a read.
  through("selectclone: the width of the select's clone of a filled input says nothing of the original's name", async () => {
    const { notes } = await leakAttack('selectclone');
    const first = notes.find((n) => n.startsWith('clone w '));
    assert.match(first ?? '', /^clone w (\d+) empty \1$/, `the clone's width: ${first}`);
  });

  // Withstood (2026-12-08, 1 run each): the first change read "" (the guard heard it and emptied i, or the survey
  // held it), the next brought the cleaned copy: "leak-photo.jpg.txt" ("photo.jpg", the copy's name) at most.
  // - placebody, placeclosed, placeslotassign, placeslotname, placenone, placedetails, placeuntilfound, placeframe:
  //   labeldeep's click (hiddenswitch's now), then RIGHT AFTER it (the chooser still open, i empty) i connected: in the body, a page-made
  //   closed root, the light DOM of a closed manual-slot host (shown by slot.assign on change), one whose slot's name
  //   changes on change, display:none (shown on change), a closed <details> (opened on change), hidden=until-found, a
  //   same-origin frame's document. Chromium fills i where it stands; guard.js's window (or root) change listener hears it.
  // - postclosed, postbody: the same with i in a multipart form (in a closed root, in the body) posted on change:
  //   "photo.jpg", 12582 bytes, cleaned.
  // - selectindex, selectadd, selectplain: i connected in an option only (select[0] = o, options.add): not rendered,
  //   find reads nothing.
  // - selectappend: as above (appendChild surveys).
  // - selectshow: selectindex into a base-select <select> whose closed picker author CSS forces visible: i is laid
  //   out (600 px wide) but window.find does not reach text inside the select: "" (a width channel remains, as selectclone's).
  // - selectmovepost, selectinform: selectaddmove's i moved into a connected multipart form, or the select in one,
  //   the form posted by its button's click: guard.js onSubmit took it: "photo.jpg", 12582 bytes, cleaned.
  // - tablecaption, tablethead, tabletfoot, bodyset: l in a caption/thead/tfoot set on a table, or a new <body> set
  //   as document.body: those setters are surveyed: "" then the cleaned copy's name.
  for (const via of ['placebody', 'placeclosed', 'placeslotassign', 'placeslotname', 'placenone', 'placedetails', 'placeuntilfound', 'placeframe', 'postclosed', 'postbody', 'selectindex', 'selectadd', 'selectplain', 'selectappend', 'selectshow', 'selectmovepost', 'selectinform', 'tablecaption', 'tablethead', 'tabletfoot', 'bodyset']) {
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

describe('attack 57: telling Silbato is there by the errors of its wrappers, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack57-detect');
  // Were THROUGH (2026-12-08, 1 run each; found as selectmovepost's second change threw): moveBefore given a non-node
  // (null, 5) throws "TypeError: Invalid value used in weak set" with Silbato, "TypeError: Failed to execute
  // 'moveBefore' on 'Element': parameter 1 is not of type 'Node'." without: the moveBefore wrapper (realms.js:721)
  // calls putByCall(args[0]) before the native call, which does WeakSet.add on it unchecked (insertions.js:1271);
  // insertGuarded checks nodeType first. Fixed: the wrapper calls the native one at once for a non-node, and
  // putByCall checks nodeType.
  for (const probe of ['movebeforenull', 'movebeforenumber']) {
    test(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  // Withstood: appendChild(null): the browser's own message with and without.
  test('the page cannot tell Silbato is there (appendnull)', async () => {
    const { a, b } = await compare('appendnull');
    assert.deepEqual(a, b);
  });
});
