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

import { attackSwitches, detectionProbes, localMachine, pickerAttacks } from './browser.mjs';
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
  for (const probe of ['errprotoprepare', 'limitodd', 'bottompromise', 'indirect', 'afterwards', 'capturereplaced', 'insertreads']) {
    test(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  // Told Silbato is there (2026-12-07, 1 run each), with no action of the person.
  //
  // fnprotoprepare, objprotoprepare: a getter for `prepareStackTrace` on Function.prototype (or Object.prototype)
  // is read 3 times while two wrapped calls throw the browser's own errors, their stacks never read ("3 reads"
  // against none). V8 looks Error.prepareStackTrace up through Error's prototype chain (a [[Get]]), but scrub's
  // check of whether the page formats stacks reads only Error's OWN property (natives.js:145-147), and running(w)
  // then formats a probe's stack at once (natives.js:125-130, the getter read at line 128): the page's getter runs.
  //
  // fnprotoformatter: a formatter (a data property) on Function.prototype is called by Silbato, before the page reads
  // anything, with a null-prototype object (running's probe) and CallSites of Silbato's frames: "no-prototype
  // object 8 frames chrome-extension ×4 …, error 10 frames chrome-extension ×6 …, no-prototype object 4 frames …"
  // against one call, with the error, when the page reads the stack. setAttribute is wrapped twice (a wrapper
  // stands for a wrapper): the inner scrub's probe is taken below the inner wrapper, so it holds the outer
  // wrapper's frames, and getFileName() of each names chrome-extension://<Silbato's id>/content/page-world.js. The
  // formatter returns no line break, so running() answers false and scrub reads e.stack at once (natives.js:158):
  // the formatter is called again with the error and all of Silbato's frames.
  through('the page cannot tell Silbato is there (fnprotoprepare)', async () => {
    const { a, b } = await compare('fnprotoprepare');
    assert.deepEqual(a, b);
  });
  through('the page cannot tell Silbato is there (objprotoprepare)', async () => {
    const { a, b } = await compare('objprotoprepare');
    assert.deepEqual(a, b);
  });
  through('the page cannot tell Silbato is there (fnprotoformatter)', async () => {
    const { a, b } = await compare('fnprotoformatter');
    assert.deepEqual(a, b);
  });
  // limitzero: Error.stackTraceLimit 0, -1 or NaN while a wrapped setAttribute throws: the probe's stack has no
  // frame, running(w) answers false (natives.js:130), and scrub reads the browser's error's stack at once
  // (natives.js:158): its header is written then (a getter the page put on DOMException.prototype.name is read
  // once inside the call: "names read 1" against 0), and a formatter the page sets after the catch is never called
  // ("InvalidCharacterError: Failed to execute 'setAttribute' …" against "late:0"). The threat model says
  // Error.stackTraceLimit acts as without Silbato.
  through('the page cannot tell Silbato is there (limitzero)', async () => {
    const { a, b } = await compare('limitzero');
    assert.deepEqual(a, b);
  });
  // bottomtimeout: the wrapper (bound) called by a timer, nothing of the page's below it: running(w) answers false
  // (no frames below the wrapper) and scrub reads the stack at once (natives.js:158); the error reaches window's
  // error event, and a formatter set there is never called (the stack text against "late:0").
  through('the page cannot tell Silbato is there (bottomtimeout)', async () => {
    const { a, b } = await compare('bottomtimeout');
    assert.deepEqual(a, b);
  });
  // listenerwrapper: setAttribute itself a listener, called by the wrapped dispatchEvent, with no page code in
  // between; the browser's own TypeError ("2 arguments required") is reported to window's error event with
  // "at callNative2 (chrome-extension://<id>/content/page-world.js:1165:16) at HTMLDivElement.dispatchEvent
  // (chrome-extension://<id>/content/page-world.js:1678:114)" in its stack: Error.captureStackTrace(e, w) takes the
  // frames from below setAttribute's wrapper (natives.js:154), which keeps the outer wrapper's frames, and nothing
  // filters them in that path. Silbato's id is read from the stack.
  through('the page cannot tell Silbato is there (listenerwrapper)', async () => {
    const { a, b } = await compare('listenerwrapper');
    assert.deepEqual(a, b);
  });
  // speciesreads: the page's own error thrown through a wrapped append (from a toString) and setAttribute: a getter
  // on Array.prototype.constructor and one for Array[Symbol.species] are each read once per call (2 and 2 against
  // none): scrub's Array.prototype.filter over the split stack (natives.js:160) asks the array's constructor and
  // its species (ArraySpeciesCreate); the array is the page realm's, its prototype the page's. (Symbol.split,
  // Symbol.match and Symbol.isConcatSpreadable are not asked.)
  //
  // speciesstack: Array[Symbol.species] a class whose instances take no properties: filter throws inside scrub,
  // its catch leaves the error as it is, and the page reads every frame of Silbato's, its id with them
  // ("at callNative2 (chrome-extension://<id>/content/page-world.js:1165:16) at callVouching … at insertSurveyed …
  // at insertGuarded … at HTMLDivElement.append (chrome-extension://<id>/…)").
  //
  // builtinreads: insertreads' counts with the wrapped calls that throw added: "Array.Symbol(Symbol.species) get:1"
  // and "Object.prototype.prepareStackTrace added get:4" only with Silbato (the two ways above).
  for (const probe of ['speciesreads', 'speciesstack', 'builtinreads']) {
    through(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  // Known (docs/threat-model.md: errors made in page code a wrapped function calls; shapeownerror, mimicerror),
  // kept to watch: recursion: the same wrapped append on the stack twice (the inner from a toString the outer
  // converts): the inner error, caught in the toString, shows the outer wrapper's frames (callNative2, callVouching,
  // insertSurveyed, insertGuarded, HTMLDivElement.append at chrome-extension://<id>/…); uncaught, the outer scrub
  // takes its frames again from below the outer wrapper and the toString frame is gone. innerbrowsers: V8's own
  // SyntaxError from JSON.parse inside a toString append converts: Silbato's 6 frames fill Error.stackTraceLimit
  // and, filtered out, leave one frame fewer than without.
  for (const probe of ['recursion', 'innerbrowsers']) {
    through(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  for (const probe of explore.filter((p) => p.startsWith('probe:')).map((p) => p.slice(6))) {
    test(`explore probe ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.ok(DETECTION_PROBES.includes(probe));
      assert.deepEqual(a, b);
    });
  }
});
