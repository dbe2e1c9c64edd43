// The forty-fifth attack: the read barrier (file-barrier.js; guard.js
// 'files-found', fileInputsInside). Chromium's own picker is opened as in
// attack 44's labeldeep (a span 70 deep inside a DETACHED label holding a
// file input i, clicked in the person's click) and fills i, which no guard
// listener hears; i's own change listener then reads the files some way the
// barrier misses. Pages: attack45-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(45);

describe('attack 45: reading files past the read barrier, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 45);

  // Fail closed since the fixes of the same day, each "cleaned" (photo.jpg, 12582 bytes), 1 run each:
  // - nullset, badset: the setter wrapper marks files known only after the native setter took a FileList, and marks
  //   that list's files, never the input's list as it is.
  // - shadowformdata, shadowpost: the guard looks at a natively submitted form's file inputs itself (guard.js
  //   onSubmit), at the window and in every shadow root it meets (listenInRoot; shadow-frames.js onRoot).
  // - manyroots: past LOOK_AT_MOST elements fileInputsInside gives no answer, and the page world takes the files out;
  //   10,001 roots are fewer, and the input is found.
  // - clonedetect: a file is known by what it says of itself (name, size, time, type), so the copies a clone holds
  //   are known too: "clone holds 1".
  // Before, THROUGH (2026-12-07, Chromium, 2 runs each): the page received "sample.jpg", 19458 bytes, the ORIGINAL.
  // - nullset: `i.files = null` before reading. Chromium's setter does nothing for null (the browser's list stays),
  //   but the barrier's setter wrapper calls know(this) in `finally` (file-barrier.js:136-137), which adds the
  //   input's CURRENT list (the original, never handed over) to `known` (:45-47); the wrapped getter then lets it
  //   through (:66, setHas(known)).
  // - badset: `i.files = 5` (the binding throws TypeError before the native setter runs): the same `finally`.
  for (const via of ['nullset', 'badset']) {
    test(`a files set that changes nothing marks the browser's list as the page's own: ${via}: a cleaned copy`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }
  // Before, THROUGH (2026-12-07, 2 runs each): "sample.jpg", 19458 bytes, the ORIGINAL. i (untouched: its files never read)
  // is moved into a <form> inside an OPEN shadow root of a connected host and the form's submit button clicked
  // (click() of a button, not a file input: the wrappers let it run). The submit event is not composed: its path ends
  // at the shadow root and never reaches the window, so the barrier's capture listener (file-barrier.js:103-105
  // `submitting`, at the window only) and guard.js onSubmit (:340) never run, and Chromium builds the form's entry
  // list with the original.
  // - shadowformdata: the form's `formdata` event hands the page the File (e.formData.get('photo')); it uploads it.
  // - shadowpost: the form is posted natively (multipart, to /upload, into a hidden frame): the server gets it.
  for (const via of ['shadowformdata', 'shadowpost']) {
    test(`a form in a shadow root submitted by its button: ${via}: a cleaned copy`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }
  // Before, THROUGH (2026-12-07, 2 runs): "sample.jpg", 19458 bytes, the ORIGINAL. manyroots: i is put in the last of 10,001
  // sibling shadow roots inside a host's closed shadow root, then read with the (wrapped) getter. The message to the
  // guard carries the outer host (relatedTarget retargeted); guard.js fileInputsInside stops after 10,000 roots
  // (:74 `i < 10000`) and returns [] (not null), so the 'files-found' handler answers false all the same (:205);
  // file-barrier.js:68-73 takes that answer as "the guard's own" and adds the ORIGINAL list to `known`.
  test('an input beyond the guard\'s 10,000 shadow roots: manyroots: a cleaned copy', async () => {
    assert.match(await pickerAttack('manyroots', { mustGrab: false }), /^cleaned/);
  });
  // Before, DETECTED, no pick needed (2026-12-07): clonedetect: a page-made list (a text File in a DataTransfer) set on a
  // file input a, then a.cloneNode(): Chromium copies the list into the clone as a NEW FileList (checked without
  // Silbato: the clone holds 1 file). The barrier takes the clone's list for one no one handed over: the guard takes
  // the page's own file out (intake), so with Silbato the clone holds 0. The page can tell the barrier is there,
  // and its own file is taken for a pick.
  test('a clone of an input holding a page-made list keeps it (as without Silbato): clonedetect', async () => {
    assert.match(await pickerAttack('clonedetect', { mustGrab: false }), /clone holds 1/);
  });

  // Withstood (2026-12-07, 1-2 runs each): "photo.jpg", 12582 bytes, cleaned. plain (attack 44's labeldeep, files
  // read with the getter); shadowrequest (the shadow-root form submitted by requestSubmit(), wrapped); lightformdata
  // (a connected light-DOM form submitted by its button: the window's submit listener); fewroots (9,000 roots) and
  // nestedclosed (a closed root in a closed root): found by fileInputsInside; framegetter (the getter of an about:blank
  // frame's realm: wrapped there too); framenullset (the null set through the frame's setter: that realm's `known`,
  // not this one's); clone (i cloned: the clone's new list is held back and handed over cleaned); validity (i.required:
  // validity.valueMissing false and :valid before any read tell that a file was picked, but no name or bytes).
  for (const via of ['plain', 'shadowrequest', 'lightformdata', 'fewroots', 'nestedclosed', 'framegetter', 'framenullset', 'clone', 'validity']) {
    test(`withstood: ${via}: a cleaned copy`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }
  for (const via of explore) {
    test(`explore ${via}`, async () => {
      console.log(`${via}: ${await pickerAttack(via, { mustGrab: false })}`);
    });
  }
});
