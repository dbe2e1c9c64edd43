// The twenty-eighth attack: the scrub of errors thrown through a wrapped
// function (natives.js: the browser's own error has its frames taken again
// from below the wrapper after a probe, `running(w)`; any other real error
// has its stack read at once and Silbato's lines filtered out) turned
// against Silbato by the page, and the page's built-ins and getters counted
// while frames go in. Each picker way appends a hidden frame (never
// answering) and tries to keep a first document's native showPicker; the
// person then clicks "attach a photo" once and picks samples/sample.jpg.
// What is still open is a skipped test (`through`, run with
// ATTACK28_THROUGH=1). Pages: attack28-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, detectionProbes, localMachine, pickerAttacks, unseenProbes } from './browser.mjs';
import { DETECTION_PROBES } from './attack28-pages.mjs';

const local = localMachine();
const { through, explore } = attackSwitches(28);

describe('attack 28: a first document\'s showPicker around the scrub, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 28);
  test('a first document\'s showPicker reached control: the page gets only a cleaned copy', async () => {
    await pickerAttack('control');
  });
  // Withstood (2026-12-07, 1 run each): formatterinside: a formatter on Function.prototype is called inside scrub
  // (running's probe, see below) while a wrapped setAttribute throws; from there the page appends a frame, whose
  // realm is wrapped at once ("from the formatter, b: showPicker wrapped, appendChild wrapped"). limitzeroload:
  // Error.stackTraceLimit 0 while a frame with no address is appended, a wrapped call throwing in its synchronous
  // load: the realm is wrapped in the load and after ("in load, b: showPicker wrapped").
  for (const via of ['formatterinside', 'limitzeroload']) {
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

describe('attack 28: telling Silbato is there, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const compare = detectionProbes(local, '/attack28-detect');
  // Equal (2026-12-07, 1 run each): errprotoprepare (a getter for prepareStackTrace on Error.prototype, where V8
  // does not look: never read); limitodd (Error.stackTraceLimit 1e9, '10', an accessor (never called: V8 reads it as
  // data), deleted, 1: the stacks, read as they are and with a formatter set after the catch, as without);
  // bottompromise (the wrapper as a promise reaction, "Illegal invocation": V8's async frames are below it, so the
  // probe finds frames); indirect (Reflect.apply, Function.prototype.call.call, apply, bound once and twice, a
  // proxy with and without an apply trap, map, forEach, Array.from, a getter that is the wrapper, eval,
  // new Function, sort's comparator, an unbound call: every stack text as without); afterwards (the stack's
  // descriptor after the catch, set, taken again by the page's Error.captureStackTrace with and without the wrapper
  // as the function to cut at, own keys, frozen or not); capturereplaced (Error.captureStackTrace and Error.isError
  // replaced by counting ones (never called) or deleted before the throw); insertreads (every method and getter of
  // String, RegExp, Array, Object, Function, Map, WeakMap, Set, WeakSet, Promise, Symbol, Number, Error, the array
  // iterator, Iterator, TypedArray prototypes, of Object, Array, JSON, Math, String, Promise, Symbol, Error, and of
  // the Node, Element, HTMLElement, HTMLIFrameElement, Document, DocumentFragment, ShadowRoot, Range, EventTarget,
  // Event, MutationObserver, MutationRecord, NodeList, HTMLCollection, CharacterData, HTMLTemplateElement,
  // HTMLObjectElement, HTMLEmbedElement, HTMLInputElement, DOMException, CustomElementRegistry prototypes, and
  // getters added on Object.prototype (Symbol.toPrimitive, Symbol.toStringTag, Symbol.split, then,
  // prepareStackTrace, stack, message, name, handleEvent), String.prototype[Symbol.split] and
  // Array.prototype[Symbol.isConcatSpreadable], counted while frames go in by append, innerHTML,
  // insertAdjacentHTML, a first document's write, replaceWith, Range.insertNode, setHTMLUnsafe, moveBefore and a
  // shadow root's innerHTML: the same counts as without).
  // preparenotfn (added after a CI run of 2026-12-07 found attack.test.mjs's A9 told: an Error.prepareStackTrace set
  // to undefined was taken for a formatter, and Silbato's lines were left in): undefined, null, a number, a string
  // on Error and on Function.prototype format nothing, and the stacks are as without.
  unseenProbes(test, compare, ['preparenotfn', 'errprotoprepare', 'limitodd', 'bottompromise', 'indirect', 'afterwards', 'capturereplaced', 'insertreads']);
  // Equal since the fix of 2026-12-07 (natives.js scrub: a formatter looked for where V8 looks, on Error and its
  // prototypes, with nothing of the page's run; Error.stackTraceLimit read as V8 reads it, nothing done when no frame
  // is kept; a wrapper with nothing of the page's below it gives the browser's error no frames; lines cut by index,
  // no array method). Before it, told Silbato is there (1 run each), with no action of the person:
  // - fnprotoprepare, objprotoprepare: a getter for `prepareStackTrace` on Function.prototype (or Object.prototype)
  //   was read 3 times while two wrapped calls threw the browser's own errors, their stacks never read (against
  //   none): scrub looked for a formatter on Error only, and formatted a probe's stack at once.
  // - limitzero: Error.stackTraceLimit 0, -1 or NaN: the probe had no frame, and the browser's error's stack was read
  //   at once (a getter on DOMException.prototype.name read once; a formatter set after the catch never called).
  // - bottomtimeout: the wrapper (bound) called by a timer, nothing of the page's below it: the stack was read at once
  //   (a formatter set at window's error event never called).
  // - speciesreads, speciesstack, builtinreads: scrub's Array.prototype.filter over the split stack asked the page's
  //   Array.prototype.constructor and Array[Symbol.species] (read once per call); a species whose instances take no
  //   properties made filter throw, and the page read every frame of Silbato's and its id.
  unseenProbes(test, compare, ['fnprotoprepare', 'objprotoprepare', 'limitzero', 'bottomtimeout', 'speciesreads', 'speciesstack', 'builtinreads']);
  // Equal since the fix of 2026-12-07 (natives.js formattedPlainly: V8's own formatter stands in for the page's
  // while scrub asks where the wrapper is, and the browser's error is recaptured below it). Before it, told:
  // - fnprotoformatter (the page formats stacks itself): a formatter (a data property) on Function.prototype, called
  //   when the page reads the stack, was given Silbato's frames with the page's, getFileName() naming
  //   chrome-extension://<id>/content/page-world.js: "error 10 frames chrome-extension ×6 …" against "error 4
  //   frames …". Silbato left the error alone (asking where the wrapper is would have called the formatter).
  // formatterkeys (added with the fix): Error's own keys and their order, and a formatter fixed on Error (writable,
  // not configurable): as without.
  unseenProbes(test, compare, ['fnprotoformatter', 'formatterkeys']);
  // Told (2026-12-07, 1 run): formatterfrozen, a formatter on a frozen Error: nothing can stand in for it, Silbato
  // leaves the error alone, and the formatter is given Silbato's frames (docs/threat-model.md).
  unseenProbes(through, compare, ['formatterfrozen']);
  // Told Silbato is there (2026-12-07, 1 run each), the classes docs/threat-model.md names:
  // - listenerwrapper: setAttribute itself a listener, called by the wrapped dispatchEvent, with no page code in
  //   between; the browser's TypeError, reported to window's error event, has Silbato's lines cut out of its text,
  //   and Silbato's frames (both wrappers') had filled Error.stackTraceLimit: one page frame against two. (Before the
  //   fix it showed "at callNative2 (chrome-extension://<id>/…)" and the outer wrapper.)
  // - recursion: the same wrapped append on the stack twice (the inner from a toString the outer converts): the inner
  //   error, caught in the toString, has had Silbato's lines cut (the outer wrapper is below it), and Silbato's frames
  //   fill Error.stackTraceLimit. innerbrowsers: V8's own SyntaxError from JSON.parse inside a toString append
  //   converts: Silbato's 6 frames fill Error.stackTraceLimit and, cut out, leave one frame fewer than without.
  unseenProbes(through, compare, ['listenerwrapper', 'recursion', 'innerbrowsers']);
  for (const probe of explore.filter((p) => p.startsWith('probe:')).map((p) => p.slice(6))) {
    test(`explore probe ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.ok(DETECTION_PROBES.includes(probe));
      assert.deepEqual(a, b);
    });
  }
});
