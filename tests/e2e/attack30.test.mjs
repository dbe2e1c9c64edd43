// The thirtieth attack: the scrub of errors thrown through a wrapped function
// (natives.js `scrub`, `messageOf`, `browsersOwn`, `startingChain`,
// `recapture`, `frameLimit`) turned against Silbato once more: a Proxy the
// page puts in an error's prototype chain (walked by `messageOf`) or in
// Error's own chain (scrub then leaves the error alone), a genuine browser
// error rethrown through a wrapped call, Error.stackTraceLimit values V8
// reads as a number of its own, formatters and limits changed by page code
// the wrapped call runs; and, from the page's code run inside scrub, a frame
// put back by Silbato when the browser refuses an insertion. Each picker way
// appends a hidden frame (never answering) and tries to keep a first
// document's native showPicker; the person then clicks "attach a photo" once
// and picks samples/sample.jpg. What is still open is a skipped test
// (`through`, run with ATTACK30_THROUGH=1). Pages: attack30-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, detectionProbes, localMachine, pickerAttacks, unseenProbes } from './browser.mjs';
import { DETECTION_PROBES } from './attack30-pages.mjs';

const local = localMachine();
const { through, explore } = attackSwitches(30);

describe('attack 30: a first document\'s showPicker around the scrub, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 30);
  test('a first document\'s showPicker reached control: the page gets only a cleaned copy', async () => {
    await pickerAttack('control');
  });
  // Withstood (2026-12-07, 1 run): prototrap: a Proxy as Error.prototype's prototype, its getPrototypeOf trap called
  // inside scrub (messageOf walks the prototypes of a wrapped appendChild's TypeError); from there the page appends a
  // frame and reaches its realm: "from the trap, b: showPicker wrapped, appendChild wrapped".
  for (const via of ['prototrap']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
  // Through (2026-12-07, 1 run each): the page received "sample.jpg", 19458 bytes, the ORIGINAL. Closed the same
  // day: putBack puts each held frame back as the call that succeeds does (insertions.js putFrameBack: its children
  // and id after it is reached), and the code after the frames, through insertGuarded; both now give a cleaned
  // copy (the frame's realm wrapped before the custom element's connectedCallback runs: "connectedCallback 2, b:
  // showPicker wrapped, appendChild wrapped").
  // Before:
  // - putbackce (no action inside scrub needed): a connected <div> holds a frame (src never answering) whose own
  //   child is a custom element; host.replaceChild(div, 'x'): insertSurveyed holds the frame out (a comment in its
  //   place), the browser refuses the call (TypeError: parameter 2 is not a Node), and putBack (insertions.js:992-999)
  //   puts the frame back with the browser's replaceChild, its child still in it: the child's connectedCallback runs
  //   inside that call, before reachFrame (insertions.js:999, in the finally), and window[0] is the frame's first
  //   document, unwrapped: "connectedCallback 2, b: showPicker NATIVE, appendChild NATIVE". (The held frames of the
  //   call that succeeds have their children taken out first, insertSurveyed's frame loop; putBack does not.)
  // - trapputback: the same with the <div> detached when the call is made; from the getPrototypeOf trap called inside
  //   scrub (natives.js messageOf, 169) the page puts the <div>, now holding only Silbato's comment, in the document
  //   ("trap: box connected true, holds 1 #comment"), so putBack connects the frame: "connectedCallback, b:
  //   showPicker NATIVE, appendChild NATIVE".
  for (const via of ['putbackce', 'trapputback']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
  for (const via of explore.filter((p) => !p.startsWith('probe:'))) {
    test(`explore ${via}`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
});

describe('attack 30: telling Silbato is there, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const compare = detectionProbes(local, '/attack30-detect');
  // Equal (2026-12-07, 1 run each):
  // - limitnumbers: Error.stackTraceLimit 0.5, 1.5, -0, a Number object, 3n, 2^40, Infinity, and 3 on
  //   Function.prototype or Object.prototype with Error's deleted, while a wrapped appendChild (TypeError) and
  //   setAttribute (DOMException) throw: the stacks as is and with a formatter set later, as without (0.5 and -0 keep
  //   no frame either way; a Number object and a BigInt no stack).
  // - formatterinsidecall: Error.prepareStackTrace set (on Error, on Function.prototype) or removed, and
  //   Error.stackTraceLimit set to 1 or 0, by a toString a wrapped setAttribute or append converts before the browser
  //   throws: what the formatter is given ("fmt 3 page:null …") and the stacks, as without.
  unseenProbes(test, compare, ['limitnumbers', 'formatterinsidecall']);
  // Equal (2026-12-07): refusedheld, box.replaceChild(x, i) refused (NotFoundError), x a custom element in `home`
  // holding a frame: x stays in home, connected, its frame in it, no callback, as without (insertions.js putCodeBack
  // leaves a held argument whose stand-in never went in where it is).
  unseenProbes(test, compare, ['refusedheld']);
  // Equal since the fix of 2026-12-07 (natives.js: messageOf tells a DOMException by its own getter, walking no
  // prototype; scrub no longer gives up when Error's chain is not the one it started with: V8's own formatter stands
  // in on Error itself while it asks, frameLimit reads Error's own limit only; browsersOwn asks that the message name
  // the wrapped function; an error whose frames were taken again is left alone by the scrubs of outer calls):
  // protoproxy, rethrown, and the browser's errors of protoproxythrow and chainproxy (…browser). Before it, told
  // Silbato is there (2026-12-07, 1 run each), with no action of the person:
  // - protoproxy: a Proxy (of Object.prototype) as Error.prototype's prototype, or (of Error.prototype) as
  //   TypeError.prototype's: its getPrototypeOf trap is called while wrapped calls throw, the stacks never read:
  //   appendChild('x') (TypeError) 1, setAttribute on {} (Illegal invocation) 2, the page's own Error from a
  //   toString through append 1 (Error.prototype's proxy), against 0 without; the DOMException 0 both. Cause:
  //   natives.js messageOf (169) walks the error's prototypes with Reflect.getPrototypeOf until it meets
  //   DOMException.prototype, through the page's proxy (only Error's own chain is checked, startingChain, 135).
  // - protoproxythrow: the same trap throwing: messageOf throws inside scrub, whose catch (287) leaves the error as it
  //   is, and its stack, read later, names Silbato: "at callNative2 (chrome-extension://ID/content/page-world.js:…)",
  //   "at callVouching …", "at insertSurveyed …", "at HTMLDivElement.appendChild (chrome-extension://…)" above the
  //   page's frames (TypeError, Illegal invocation, the page's own Error), against the page's frames only.
  // - chainproxy: a Proxy with no trap (of Function.prototype) as Error's prototype, or (of Object.prototype) as
  //   Function.prototype's, while the wrapped call throws: startingChain fails, scrub returns at once (266) and every
  //   error (TypeError, Illegal invocation, DOMException, the page's own) keeps Silbato's frames, read after the
  //   chain is back and while the proxy is there: "at callNative2 (chrome-extension://ID/…)" ×6 against none.
  // - rethrown: a genuine browser error made earlier (querySelector('<<'), which Silbato does not wrap, or a wrapped
  //   setAttribute's, its stack read first or not) rethrown from a toString a wrapped append converts: its frames are
  //   taken again at the rethrow ("at throwAgain …" against "at madeHere …"; an already read stack changes too).
  //   Cause: scrub (277) takes any error worded as the browser's for one the call just made (browsersOwn, 176) and
  //   recapture (244) captures it again below the wrapper. (Rethrown through setAttribute, which two wrappers stand
  //   for: as without, read as it was.)
  unseenProbes(test, compare, ['protoproxy', 'rethrown', 'protoproxythrowbrowser', 'chainproxybrowser']);
  // Still told (2026-12-07, after the fix, 1 run each), the page's own error thrown through the call (`own`), the
  // class docs/threat-model.md names: with the trap throwing, its text is cut and Silbato's frames filled
  // Error.stackTraceLimit (three page frames fewer than without); with a proxy in Error's chain it is left alone and
  // shows "at callNative2 (chrome-extension://ID/…)".
  unseenProbes(through, compare, ['protoproxythrow', 'chainproxy']);
  for (const probe of explore.filter((p) => p.startsWith('probe:')).map((p) => p.slice(6))) {
    test(`explore probe ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.ok(DETECTION_PROBES.includes(probe));
      assert.deepEqual(a, b);
    });
  }
});
