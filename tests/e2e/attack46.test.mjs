// The forty-sixth attack: the read barrier (file-barrier.js) and the guard's
// look at native submissions (guard.js onSubmit, listenInRoot). Chromium's
// own picker is opened as in attack 44/45's labeldeep (a span 70 deep inside
// a DETACHED label holding a file input i, clicked in the person's click)
// and fills i, which no guard listener hears; i's own change listener then
// gets the files out some way the barrier misses. Pages: attack46-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(46);

describe('attack 46: reading files past the read barrier, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 46);

  // Fail closed since the fix of the same day (documents.js: cloneNode, importNode, Range cloneContents and
  // extractContents, setHTMLUnsafe, parseHTMLUnsafe and a write after load tell the isolated world at once, and its
  // guard listens in each shadow root they made before the page can: shadow-frames.js scan): all 5 "cleaned"
  // (photo.jpg, 12582 bytes), 1 run each.
  // Before, THROUGH (2026-12-07, Chromium, 1-2 runs each): the page received "sample.jpg", 19458 bytes, the ORIGINAL.
  // i (its files never read) is moved into a <form> inside an OPEN shadow root that was NOT made by attachShadow,
  // the host connected, and the form's submit button clicked at once, in i's change listener:
  // - clonedroot: the root of a clone of a host whose root is `clonable` (cloneNode makes the clone's root);
  // - dsdroot: a declarative root (<template shadowrootmode>) parsed by setHTMLUnsafe on a connected element;
  // - parsedroot: a declarative root parsed by Document.parseHTMLUnsafe, its host then appended to this document.
  // The page world tells the guard of a root only in attachShadow (documents.js:78-88, 'shadow-root'); any other root
  // reaches the guard through the isolated world's MutationObserver (shadow-frames.js:57-58 -> watchHost -> onRoot ->
  // guard.js listenInRoot :164-167), whose callback runs only at the microtask checkpoint after the page's listener
  // returns. The submit event (not composed) is fired synchronously by the button's activation, inside the root
  // where no guard listener is yet, never reaches the window's (guard.js:372), and the barrier has no hook for a
  // native submission (file-barrier.js wraps only submit()/requestSubmit()/new FormData): Chromium builds the
  // entry list with the original, and the `formdata` event hands the File to the page, which uploads it.
  // - clonedrootpost: the same as clonedroot, the form posted natively (multipart, to /upload, into a hidden frame).
  for (const via of ['clonedroot', 'dsdroot', 'parsedroot', 'clonedrootpost']) {
    test(`a form in a shadow root made without attachShadow, submitted at once: ${via}: a cleaned copy`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }

  // Before, THROUGH (2026-12-07, 1 run): "sample.jpg", 19458 bytes, the ORIGINAL, with no race at all. clonedrootstop: as
  // clonedroot, but the page adds a CAPTURE submit listener to the cloned root BEFORE connecting the host, and clicks
  // the button 50 ms later (the guard has heard of the root by then). The guard's listener (guard.js listenInRoot
  // :167) is on the same root but added later, so the page's runs first and calls stopImmediatePropagation(): the
  // guard's onSubmit never runs, the submission (not prevented) goes on, and `formdata` hands the page the original.
  // With a root made by attachShadow the guard's listener is added first (attachedrootstop, withstood below).
  test('the page\'s own submit listener on a cloned root, added before the guard\'s, stops it: clonedrootstop: a cleaned copy', async () => {
    assert.match(await pickerAttack('clonedrootstop', { mustGrab: false }), /^cleaned/);
  });

  // Withstood (2026-12-07, 1 run each): "photo.jpg", 12582 bytes, cleaned. attachedroot (the same with a root made
  // by attachShadow: told to the guard at once); clonedrootlate (clonedroot with the button clicked 50 ms later: the
  // MutationObserver has told the guard of the root by then); getform (a connected light-DOM form with method=get
  // submitted by its button: the window's submit listener); attachedrootstop (clonedrootstop with a root made by
  // attachShadow: the guard's root listener comes first and takes the files); frameform (i in a light-DOM form of a
  // same-origin about:blank frame made in the change listener, submitted at once: the frame's window listener).
  for (const via of ['attachedroot', 'clonedrootlate', 'getform', 'attachedrootstop', 'frameform']) {
    test(`withstood: ${via}: a cleaned copy`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }
  // No picker (2026-12-07): popupform (a popup opened in the person's click, before the label's click: Chromium opens
  // no file picker then), so nothing to read; with the popup opened later (in the change listener, no activation left)
  // nothing arrived (the popup blocked), not kept.
  test('withstood: popupform: no picker', async () => {
    assert.match(await pickerAttack('popupform', { mustGrab: false }), /^no picker/);
  });
  for (const via of explore) {
    test(`explore ${via}`, async () => {
      console.log(`${via}: ${await pickerAttack(via, { mustGrab: false })}`);
    });
  }
});
