// The forty-seventh attack: the read barrier (file-barrier.js) and the
// guard's look at native submissions (guard.js onSubmit). Chromium's own
// picker is opened as in attack 44/45/46's labeldeep (a span 70 deep inside
// a DETACHED label holding a file input i, clicked in the person's click)
// and fills i, which no guard listener hears; i's own change listener then
// gets the files out some way the barrier misses. Pages: attack47-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, detectionProbes, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(47);

describe('attack 47: reading files past the read barrier, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 47);

  // Fail closed since the fix of the same day (guard.js onFormData: at the form's `formdata` event, made after every
  // submit listener and heard first, at the window's capture or a shadow root's, a file of the form's file inputs the
  // guard does not vouch for goes as an empty file input's would, and its input is taken as a pick): all 4 "cleaned"
  // (photo.jpg, 12582 bytes), 1 run each. submitmovepost's first native post carries an empty file part (what a file
  // input with no file sends: the test server counts none); the cleaned copy's change runs the way again, which posts it.
  // Before, THROUGH (2026-12-07, Chromium, 1 run each): the page received "sample.jpg", 19458 bytes, the ORIGINAL.
  // i (its files never read) is NOT in the form when the submit event starts. A connected light-DOM form f (method
  // post, multipart) holds only a submit button; f's OWN submit listener (target phase) moves i in (f.prepend(i)).
  // The guard looks at the form's file inputs only in its submit listener (guard.js onSubmit :361-364, window capture,
  // so it runs FIRST, and finds none), and the barrier's submit()/requestSubmit() wrapper (file-barrier.js
  // withholdForm, :196) also looks before the submit event. Chromium builds the entry list only after the submit
  // event's dispatch is over (HTML "form submission algorithm": fire submit, then construct the entry list), so it
  // holds i's original file, never looked at: the `formdata` event hands the File to the page, or the POST sends it.
  // - submitmove: the button clicked; the `formdata` event's e.formData.get('photo') uploaded by the page;
  // - submitmovepost: the same form posted natively to /upload (into a hidden frame): the server gets the original;
  // - submitmovereq: f.requestSubmit() instead of a click (the barrier's wrapper looks, then the page's listener moves i);
  // - submitmoveshadow: the form inside an open shadow root made by attachShadow (the guard's root listener, listenInRoot
  //   :167, capture, looks first, then the page's listener on the form moves i in).
  // A fix has to look again after the page's listeners (e.g. at `formdata`, or hold the submission: preventDefault in
  // onSubmit and resubmit once the form's files were looked at as they are then), not only at the submit event's start.
  for (const via of ['submitmove', 'submitmovepost', 'submitmovereq', 'submitmoveshadow']) {
    test(`i moved into the form by the page's own submit listener, after the guard looked: ${via}: a cleaned copy`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }

  // Withstood (2026-12-07, 1 run each): "photo.jpg", 12582 bytes, cleaned.
  // - formdatamove: i in the form from the start, the button clicked: control for submitmove (onSubmit takes it).
  // - docopen: document.open()/write()/close() in i's change listener, i moved into the written form, posted to
  //   /upload: the guard still heard the submission.
  // - sandboxform: a same-origin frame sandboxed without scripts ('allow-same-origin allow-forms', no page world
  //   there), i adopted into its form and posted to /upload: the frame's guard heard the submission.
  // - nestedclosed: i read (files, then 3 s later again) inside a closed root in a closed root in a closed root of a
  //   detached host: files-found arrives as the outer host, fileInputsInside finds i through chrome.dom ("nested read 0").
  for (const via of ['formdatamove', 'docopen', 'sandboxform', 'nestedclosed']) {
    test(`withstood: ${via}: a cleaned copy`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }

  // Not a test (explore only): validity. i.required = true, then i.matches(':valid') (or i.validity.valueMissing)
  // says whether the browser's picker filled i without reading it through any wrapped getter: the page uploaded a
  // note "validity-true.txt" (one bit: a pick happened, neither name nor size). Not the ORIGINAL.
  for (const via of explore) {
    test(`explore ${via}`, async () => {
      console.log(`${via}: ${await pickerAttack(via, { mustGrab: false })}`);
    });
  }
});

describe('attack 47: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack47-detect');
  // Equal (2026-12-07, 1 run each): the messages and the first stack lines of the errors the wrapped FormData
  // (plain and subclassed), the `files` setter and getter and submit() throw. (In a page, `new FormData(5)`'s stack
  // starts "TypeError: parameter 1 is not …" without "Failed to construct 'FormData': ", which its message has:
  // Chromium's own, the same without Silbato.)
  for (const probe of ['fdstack', 'fdsubstack', 'filessetstack', 'fdmessage', 'fdsubmessage', 'filessetmessage', 'filesgetmessage', 'submitmessage']) {
    test(`the page cannot tell Silbato is there by ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
