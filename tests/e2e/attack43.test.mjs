// The forty-third attack: the person's click reaches a text input's
// activation while the page world no longer knows that input is being
// clicked (pickers.js beingClicked: the last 8 click events recorded at the
// windows, and their composedPath), so realms.js's type wrappers (typeKept)
// leave a type made "file" inside the click, and Chromium's own chooser opens
// at the activation. Pages: attack43-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(43);

describe('attack 43: a click pickers.js no longer counts as being dispatched at the input, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 43);

  // Fail closed since the fix of the same day (pickers.js: every click still being dispatched is kept, a click at a
  // shadow host counts for the inputs inside; a click on a label, or inside one but for interactive content as
  // Chromium counts it, is cancelled and the label's activation made after the page's listeners, on its control as
  // it is then): ringflush, ringflushattr, closedswitch, closedhost, labelswap end with "no picker" (the type went
  // back); labelswapfile, labelremovefile, labelswapdispatch, labelappendfile, labelhidden, labelhiddendispatch,
  // labelanchor get Silbato's picker: "cleaned" (photo.jpg, 12582 bytes), 1 run each.
  // Before, THROUGH (2026-12-07, Chromium 156, 2 runs each): the page received "sample.jpg", 19458 bytes, the ORIGINAL.
  // - ringflush, ringflushattr: the person clicks the page's connected text input; its own click listener dispatches
  //   nine clicks at document.body (the wrapped dispatchEvent runs them natively: not a file input), each recorded by
  //   pickers.js recordClick at the window, so the ring of the last RECENT = 8 (extension/content/pickers.js:75-82)
  //   no longer holds the person's click; then `i.type = 'file'` (or setAttribute) and `i.remove()`.
  //   beingClicked (pickers.js:86-104) finds the input neither in `clicking` (a trusted click, no wrapper ran) nor in
  //   any recorded event, so realms.js typeKept (:425-429) keeps the new type; Chromium's activation (after every
  //   listener) opens its own chooser on a detached file input whose change no guard listener hears (the page's
  //   change listener sends the original).
  // - closedswitch, closedhost: the person's target is a text input inside a CLOSED shadow root; a page listener at
  //   the window (or on the host) switches it to file and takes it out. beingClicked calls composedPath() while the
  //   event's currentTarget is the window/host, where Chromium hides the closed root's nodes, so the input is not
  //   found (pickers.js:94-101): the type stays, the browser's chooser opens, the original arrives.
  for (const via of ['ringflush', 'ringflushattr', 'closedswitch', 'closedhost']) {
    test(`the person's click, no longer seen as at the input: ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  // THROUGH (2026-12-07, 2 runs each): the page received "sample.jpg", 19458 bytes, the ORIGINAL, with no race
  // and no type switched at all (labelswapfile, labelremovefile, labelswapdispatch, labelappendfile).
  // Cause: the label's control is read ONCE, before the native call (pickers.js:132-136 fileInputOf -> controlOf,
  // used by the click wrapper at :153 and the dispatchEvent wrapper at :173); Chromium reads `label.control` again
  // when the label's activation runs, after the label's own listeners. In the person's click on "attach a photo", the
  // page clicks a DETACHED label whose control is then a text input `a` (or that has none); the label's click
  // listener makes a DETACHED file input `b` its control (`l.prepend(b)`, `a.remove()`, `l.append(b)`); the
  // label's activation clicks b inside the native call, where no listener of the guard's at a window hears a
  // detached input (guard.js onClick, :148-152); pickers.js marked only [label, a] as being clicked. The browser's
  // own chooser opens on b, and b's change (detached) goes to the page's listener only.
  // - labelswap: the same with b a text input switched in its own click listener: b is not in `clicking` (only
  //   the label and a are), and its click, detached, was never recorded, so typeKept (realms.js:425-429) keeps "file".
  for (const via of ['labelswapfile', 'labelremovefile', 'labelswapdispatch', 'labelappendfile', 'labelswap']) {
    test(`a label whose control changes in its click: ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), via === 'labelswap' ? /^no picker/ : /^cleaned/);
    });
  }
  // THROUGH (2026-12-07, 2 runs each): the page received "sample.jpg", 19458 bytes, the ORIGINAL, no race.
  // - labelhidden, labelhiddendispatch, labelanchor: in the person's click, a DETACHED label holding a file input and
  //   an <input type=hidden> (or an <a> with no href), clicked with click() / a dispatched click. pickers.js labelOf
  //   (:52 OWN_ACTIVATION, :57) takes every input and every <a> for interactive content that keeps its own activation,
  //   so fileInputOf finds no file input and the native call runs; Chromium counts neither a hidden input nor an
  //   href-less <a> as interactive content, so the label's activation clicks its file control inside the native
  //   call (detached: no guard listener hears it) and the browser's own chooser opens.
  for (const via of ['labelhidden', 'labelhiddendispatch', 'labelanchor']) {
    test(`a click inside a label on what the wrapper takes for interactive content: ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }
  // Withstood (2026-12-07, 1 run): labelretarget (a detached label's `for` pointed from a to b in its listener):
  // "no picker": a detached label's `for` finds no element at all (control null, no activation).
  test('a detached label retargeted with for=: labelretarget: the page gets no original', async () => {
    assert.match(await pickerAttack('labelretarget', { mustGrab: false }), /^no picker/);
  });
  // Since the same fix: "no picker" (the type goes back, the browser's chooser never opens).
  // Before, withstood only by luck of where the input stays (2026-12-07, 1 run each): "photo.jpg", 12582 bytes, a CLEANED
  // copy, though the BROWSER's own chooser opened (the type stayed "file"): the input stays where the guard listens
  // (the window; the closed root Silbato is told of) and guard.js onFileEvent replaced the files.
  for (const via of ['ringflushin', 'closedswitchin']) {
    test(`the same, the input left where the guard hears its change: ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  // Since the same fix (disabled read with :disabled): "no picker", as without Silbato.
  // Before, not a leak, a guard picker where the browser opens none (2026-12-07): a file input inside a DISABLED <fieldset>
  // (`i.matches(':disabled')` true) clicked with click(): Chromium's click() of a disabled control does nothing,
  // but the wrapper's and the guard's "disabled" read only the attribute (pickers.js:121 disabledOf, guard.js:159
  // `input.disabled`), so Silbato's own picker opens: "photo.jpg", 12582 bytes, cleaned.
  test('a file input in a disabled fieldset, click(): no picker, as without Silbato', async () => {
    assert.match(await pickerAttack('fieldsetclick', { mustGrab: false }), /^no picker/);
  });
  for (const via of explore) {
    test(`explore ${via}`, async () => {
      console.log(`${via}: ${await pickerAttack(via, { mustGrab: false })}`);
    });
  }
});
