// The forty-second attack: an input the guard does not take for a file input
// as a click passes it (the page world's click/dispatchEvent wrappers, which
// look before the native call; guard.js onClick, the window's capture
// listener), made a file input by the page's own listener during that very
// dispatch. Chromium reads the input's type again when it runs the click's
// activation behaviour (DOMActivate, after every listener), so the browser's
// own chooser opens, on the page's input. Pages: attack42-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(42);

describe('attack 42: an input that becomes a file input inside a click, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 42);
  test('control: a connected file input clicked by the person: the page gets only a cleaned copy', async () => {
    // 2026-12-07: "photo.jpg", 12582 bytes (Silbato's own picker; "prevented true").
    assert.match(await pickerAttack('fileclick', { mustGrab: false }), /^cleaned/);
  });

  // Fail closed since the fix of the same day (pickers.js beingClicked, realms.js typeWas/typeKept: an input made a
  // file input while a click is dispatched at it gets its type back as the call that changed it returns, so the
  // activation finds no file input; a disabled file input's dispatched click is cancelled): all eight end with
  // "no picker" (1 run each).
  // Before, THROUGH (2026-12-07, Chromium 156, 2 runs each): the page received "sample.jpg", 19458 bytes, the ORIGINAL.
  // Cause: every check of Silbato's is made as the click STARTS, Chromium's as it ENDS. The browser's chooser
  // opens from the click's activation behaviour (FileInputType's DOMActivate handling, run after the dispatch,
  // with the input's type read then). The page makes the input a file input in its own click listener (target
  // phase), after Silbato has looked and let the click go:
  // - clickswitch, dispatchswitch (no click on the input by the person: in the person's click on "attach a
  //   photo", a DETACHED text input, `i.click()` / `i.dispatchEvent(new MouseEvent('click'))`): the page world's
  //   wrappers (extension/content/pickers.js:58 and :67, `!isFileInput(this)` -> callNative) see a text input and run
  //   the native call; the input's click listener sets `i.type = 'file'`; the native activation opens the
  //   browser's own chooser (the activation of the person's click is live: "its click: trusted false, activation
  //   true"); the detached input's change never reaches the window, so guard.js onFileEvent (:193-203, listening at
  //   the window only) never sees the files, and the page's own change listener sends the original.
  // - typeswitchout, checkswitchout, buttonswitchout, attrswitchout (the person clicks the page's own connected
  //   <input type=text|checkbox|button>; its click listener sets type=file (or setAttribute('type', 'file')) and
  //   takes it out of the document, or into a detached div): guard.js onClick (:148-152, capture at the window)
  //   sees no file input and neither prevents the click nor opens Silbato's picker; the browser's chooser opens
  //   on the page's input ("click: type file, connected false, prevented false, activation true"), whose change,
  //   out of the document, the guard never hears.
  // - labelswitchout: the person clicks a <label> for a text input; the label's click on its control passes the
  //   guard as a text input's; the control's listener switches and takes it out: the same.
  // - disabledswitch (the same check-then-change with `disabled` instead of the type): in the person's click, a
  //   DETACHED file input made disabled, `i.dispatchEvent(new MouseEvent('click'))`: the wrapper asks the guard, whose
  //   'file-pick' handler answers nothing for a disabled input (guard.js:159, `input.disabled` -> undefined), so the
  //   page world takes the guard as absent and runs the native dispatch (pickers.js:67); the input's click listener
  //   sets `i.disabled = false`; Chromium checks "disabled" only at the activation, and opens its own chooser.
  //   (disabledclick, the same with click(), is withstood: the native click() of a disabled control returns before
  //   any event, "no picker".)
  for (const via of ['clickswitch', 'dispatchswitch', 'typeswitchout', 'checkswitchout', 'buttonswitchout', 'attrswitchout', 'labelswitchout', 'disabledswitch']) {
    test(`a type switched inside the click: ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  // Since the same fix these too end with "no picker" (the type goes back: the browser's chooser never opens).
  // Before, withstood, but only by luck of where the input stays (2026-12-07, 1 run each): "photo.jpg", 12582 bytes, a
  // CLEANED copy, though the BROWSER's own chooser opened ("prevented false"): the input stayed in a window Silbato
  // listens in, and guard.js onFileEvent took the files out of its input/change at the window (capture) and
  // handed the page a cleaned copy.
  // - typeswitch (switched, left connected), clickswitchin (the clickswitch input connected first), typeswitchpoll
  //   (typeswitch, and input.files polled from a 0 ms timer: it only ever saw "photo.jpg"), typeswitchadopt (the
  //   switched input moved into a same-origin child frame's document: a guard listening in that window took the change).
  for (const via of ['typeswitch', 'clickswitchin', 'typeswitchpoll', 'typeswitchadopt']) {
    test(`a type switched inside the click, the input still heard: ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  // Withstood (2026-12-07, 1 run each): otherdocdispatch, otherdocclick, otherdocshow (a file input of a same-origin
  // srcdoc child's document, opened with the top's wrappers in the person's click, adopted into the top's document
  // in its click listener: meant to make guard.js userActive(input) read the child's window as not active): the
  // child reads "child activation true" too (Chromium gives a same-origin child the activation), the guard picked:
  // "photo.jpg", 12582 bytes, cleaned. disabledclick: "no picker".
  for (const via of ['otherdocdispatch', 'otherdocclick', 'otherdocshow']) {
    test(`a child document's input adopted in its click: ${via}: the page gets only a cleaned copy`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }
  // A detached label's click() (found at the review of attack 42, 2026-12-07): before the fix, labelfile delivered
  // the ORIGINAL with no race at all (the click wrapper saw a label, not a file input; the label's activation
  // clicked its control inside the native call). Now a click on a label of a file input, or inside one, is a pick of
  // that input: labelfile and labelspanfile get Silbato's picker ("cleaned", photo.jpg); labelswitch (a text
  // control made a file input in its click) ends with "no picker". labeldisabled (the control enabled in the
  // label's listener) ended with "no picker" at first; since attack 43's fix the label's activation is made after
  // the page's listeners, on the control as it is then (enabled): Silbato's picker, "cleaned", as the browser's
  // own activation would have clicked it.
  for (const [via, want] of [['labelfile', /^cleaned/], ['labelspanfile', /^cleaned/], ['labeldisabled', /^cleaned/], ['labelswitch', /^no picker/]]) {
    test(`a detached label clicked: ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), want);
    });
  }
  test('a disabled detached file input enabled in its click(): the page gets no original', async () => {
    assert.match(await pickerAttack('disabledclick', { mustGrab: false }), /^no picker/);
  });
  for (const via of explore) {
    test(`explore ${via}`, async () => {
      console.log(`${via}: ${await pickerAttack(via, { mustGrab: false })}`);
    });
  }
});
