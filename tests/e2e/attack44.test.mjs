// The forty-fourth attack: a label's activation that pickers.js does not make
// itself (the person's own click on a label the page then takes out of the
// document; a click inside a label that labelOf does not find the label for,
// or finds interactive content in that is no longer interactive when
// Chromium's activation runs), so Chromium's own label activation clicks a
// file control where no listener of the guard's hears it, and the browser's
// own chooser opens. Pages: attack44-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(44);

describe('attack 44: label activations Silbato does not make, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 44);

  // Fail closed since the read barrier of the same day (file-barrier.js: the files of the browser's own picker, which
  // no guard listener heard, go to the guard where the page reads them, here the detached input's `files` in its
  // change listener; it takes them as a pick): all 11 end with "cleaned" (photo.jpg, 12582 bytes), 1 run each. The
  // browser's own chooser still opens for them: what the barrier closes is what the page can read.
  // Before, THROUGH (2026-12-07, Chromium 156, 2 runs each): the page received "sample.jpg", 19458 bytes, the ORIGINAL.
  // - trustedlabelout, trustedlabelmove, trustedspanout: the person clicks a CONNECTED <label> (or a <span> in it)
  //   holding a hidden file input; the label's own click listener takes the label, with its control, out of the
  //   document (remove(), or append into a detached div). Trusted clicks are not wrapped (pickers.js sees none of
  //   them but recordClick), and guard.js onClick (:148-152, capture at the window) sees the label, not a file input.
  //   Chromium's label activation then runs (the event path was fixed at dispatch) and reads label.control: the file
  //   input, now detached; its simulated click reaches no window listener of the guard's, the browser's chooser opens,
  //   and the detached input's change goes to the page's listener only.
  for (const via of ['trustedlabelout', 'trustedlabelmove', 'trustedspanout']) {
    test(`the person's click on a label taken out of the document: ${via}: the page gets only a cleaned copy`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }
  // Before the read barrier, THROUGH (2026-12-07, 2 runs each): "sample.jpg", 19458 bytes, the ORIGINAL. In the person's click on "attach a
  // photo", a DETACHED label holding a file input i and an element, clicked by click() or a dispatched MouseEvent:
  // (Since attack 57's fixes, labeldeep and labelshadow open Silbato's own picker: labelOf walks the event path with
  // no bound, through slots and out of shadow roots.)
  // - labeldeep, labeldeepdispatch: a <span> 70 levels inside the label: pickers.js labelOf (:80-87) gives up after
  //   64 parents (`depth < 64`, :82) and returns null, so the wrappers (:213, :234) run the native call; Chromium's
  //   label activation has no depth limit and clicks i inside the native call (detached: no guard listener hears it).
  // - labelshadow, labelshadowdispatch: a <span> in an open shadow root whose host is inside the label: labelOf walks
  //   parentNode (:82), which ends at the shadow root (its parentNode is null), so no label is found; Chromium's event
  //   path is composed (host, then label) and the label's activation clicks i.
  // - hiddenswitch, hiddenswitchdispatch, anchorunhref2, videounctrl: an <input> (an <a href>, a <video controls>)
  //   inside the label, which labelOf counts as interactive content (interactive(), :70-78, read BEFORE the native
  //   call) and so leaves the native click alone; its own click listener makes it `type = 'hidden'` (removes href,
  //   controls). Chromium reads interactive content at the label's activation, AFTER the listeners: no longer
  //   interactive, so the label clicks its control i (realms.js typeKept guards only a type made "file").
  for (const via of ['labeldeep', 'labeldeepdispatch', 'labelshadow', 'labelshadowdispatch', 'hiddenswitch', 'hiddenswitchdispatch', 'anchorunhref2', 'videounctrl']) {
    test(`a click inside a label the wrappers do not activate: ${via}: the page gets only a cleaned copy`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }

  // Withstood (2026-12-07, 1-2 runs each): "no picker". A click that is not a MouseEvent (Event, UIEvent, CustomEvent)
  // dispatched at a detached label holding a file input (or a text input switched to file in its click) is run
  // natively by the wrapper (pickers.js:234 isMouse), but Chromium's label activates nothing for it.
  // anchorunhref (href removed, the click cancelled): a cancelled click activates no label.
  // trustedlabeltext (the person's label click; a text input control made file, the label taken out): the type goes
  // back (the trusted click, still being dispatched, has the label in its path). trustedforout (label for=x taken out
  // with x in a div): a detached label's `for` finds nothing. trustedlabeldoc, trustedlabeltemplate (the label moved
  // into a document with no browsing context): the browser opens nothing.
  for (const via of ['labelevent', 'labeluievent', 'labelcustomevent', 'labeleventtext', 'anchorunhref', 'trustedlabeltext', 'trustedforout', 'trustedlabeldoc', 'trustedlabeltemplate']) {
    test(`withstood: ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  // Withstood (2026-12-07): "photo.jpg", 12582 bytes, cleaned: the label moved into a connected about:blank frame's
  // document (trustedlabelframe) or a connected closed shadow root (trustedlabelclosed): the guard hears the click there.
  for (const via of ['trustedlabelframe', 'trustedlabelclosed']) {
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
