// The twenty-ninth attack: the scrub of errors thrown through a wrapped
// function (natives.js `scrub`, `recapture`, `framesBelow`,
// `plainFormatting`, `frameLimit`, `browsersOwn`) seen across realms (a
// same-origin frame with its own copy of Silbato, a frame's first document
// and a frame sandboxed without scripts, both wrapped by the top's copy),
// with formatters and Error.stackTraceLimit set in one realm and not the
// other, and the shape of the errors every wrapped built-in of the brief
// throws. What is still open is a skipped test (`through`, run with
// ATTACK29_THROUGH=1). Pages: attack29-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';

import { attackSwitches, detectionProbes, localMachine } from './browser.mjs';
import { DETECTION_PROBES } from './attack29-pages.mjs';

const local = localMachine();
const { through, explore } = attackSwitches(29);

describe('attack 29: telling Silbato is there, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const compare = detectionProbes(local, '/attack29-detect');
  const same = async (probe) => {
    const { a, b } = await compare(probe);
    if (process.env.ATTACK29_DUMP) appendFileSync(process.env.ATTACK29_DUMP, `${JSON.stringify({ probe, a, b })}\n`);
    assert.ok(DETECTION_PROBES.includes(probe));
    assert.deepEqual(a, b);
  };
  // Equal (2026-12-07, 1 run each):
  // - owncopyreads: a counting getter for Error.prepareStackTrace in the top while a frame with its own copy
  //   (about:blank) has its wrapped setAttribute throw, called from the top: never read (the frame's copy's probe is
  //   the frame's object, formatted by the frame's Error).
  // - crossrealm: the top's wrapped setAttribute called from the frame's code, the frame's from the top's (on the
  //   frame's element and on the top's), through the frame's code, with Error.stackTraceLimit 10/2, 1/10, 10/0,
  //   0/10 and deleted/3 (top/frame): every stack as without, read at once and with formatters set after in both.
  // - shapes: setAttribute, append, appendChild, insertBefore, the innerHTML setter (illegal; a template's),
  //   insertAdjacentHTML (bad position, no parent), dispatchEvent (null; an event being dispatched), addEventListener,
  //   click, showPicker (no activation; illegal), document.write (illegal) and open (an XML document), attachShadow
  //   (twice; an input), customElements.define, the contentWindow getter, fetch, XMLHttpRequest open and send,
  //   sendBeacon (bad address; illegal), WebSocket send while connecting: the realm, type, name, message, own keys,
  //   `stack` descriptor, Error.isError and stack, as is, frozen before the read, sealed and set: as without.
  // - observer: wrapped calls throwing in a MutationObserver callback and a microtask (read at once and with a
  //   formatter set later), and the wrapper itself as the observer's callback (reported): as without.
  // - firstdocthrow: the top's formatter throwing while a first document's wrapped setAttribute throws: the error
  //   has no frames with or without Silbato (V8 shows no frame of another security context there).
  for (const probe of ['owncopyreads', 'crossrealm', 'shapes', 'observer', 'firstdocthrow']) {
    test(`the page cannot tell Silbato is there (${probe})`, async () => {
      await same(probe);
    });
  }
  // Equal since the fix of 2026-12-07 (the probe is made in the wrapped realm: natives.js framesBelow). Before it,
  // told Silbato is there (1 run each), with no action of the person. A realm where no copy of Silbato
  // runs is wrapped by the top's copy (realms.js, realmTools(win) at natives.js:77): its `plainFormatting`
  // (natives.js:122) and `frameLimit` look at the frame's Error, but `framesBelow` (natives.js:151-155) makes its probe
  // `{ __proto__: null }` in the top's realm (the copy's), and V8 formats a stack with the formatter of the
  // realm that made the object: the top's Error.prepareStackTrace. So scrub (natives.js:226, via recapture at
  // natives.js:234, 195) runs the top's formatter for every wrapped call of the frame that throws the browser's error.
  // - firstdocreads: a counting getter for the top's Error.prepareStackTrace, a srcdoc frame's first document's
  //   wrapped setAttribute throwing twice (called from the top): read 8 times, against none.
  // - firstdocformatter: a formatter on the top's Error is called 4 times with "no-prototype object 0 frames"
  //   (the stack never read), against never.
  // - sandboxreads: the same with a frame sandboxed without scripts (sandbox="allow-same-origin"): read 20 times.
  // - sandboxformatter: the top's formatter is given Silbato's frames there ("no-prototype object 10 frames
  //   chrome-extension ×8 page page"…: getFileName() names chrome-extension://<id>/content/page-world.js).
  // - sandboxthrow: the top's formatter throws there: framesBelow throws inside scrub, whose catch
  //   (natives.js:243) leaves the error as it is, and its stack, read later with no formatter, is ten frames of
  //   Silbato's, "at callNative2 (chrome-extension://<id>/content/page-world.js:1221:16)", "at callVouching …",
  //   "at HTMLDivElement.setAttribute (chrome-extension://…)" and no page frame, against the page's three frames.
  for (const probe of ['firstdocreads', 'firstdocformatter', 'sandboxreads', 'sandboxformatter', 'sandboxthrow', 'writerefused']) {
    test(`the page cannot tell Silbato is there (${probe})`, async () => {
      await same(probe);
    });
  }
  // Equal since the same fix (documents.js opens only an HTML document first). Before it:
  // - writerefused: document.write and writeln on an XML document: Silbato's write wrapper opens a document that is
  //   not loading first (documents.js:66, its own open), and the browser's open refuses it: "Failed to execute
  //   'open' on 'Document': Only HTML documents support open()." against "Failed to execute 'write' (or 'writeln')
  //   on 'Document': Only HTML documents support write().". The error comes from the native open called inside the
  //   write wrapper, not running under open's own wrapper, so recapture gives up (natives.js:203) and the text is cut
  //   (natives.js:237): Silbato's frames filled Error.stackTraceLimit, two page frames against three. (Custom element
  //   constructor's write and an illegal write: as without.)
  // Told Silbato is there (2026-12-07, 1 run each), with no action of the person:
  // - xmlmarkup: the innerHTML and outerHTML setters refusing markup in an XML document: the browser's SyntaxError has
  //   no frame for the function that assigned (V8/Blink leave it out there), but recapture takes every frame below
  //   the wrapper (Error.captureStackTrace(e, w), natives.js:208): "at inner (…:10:52)" more than without.
  //   (insertAdjacentHTML and createContextualFragment keep that frame in the browser too: as without.)
  for (const probe of ['xmlmarkup']) {
    through(`the page cannot tell Silbato is there (${probe})`, async () => {
      await same(probe);
    });
  }
  // Equal since natives.js formattedPlainly (2026-12-07: V8's own formatter stands in for the page's while scrub
  // asks where the wrapper is). Before it, told:
  // - crossformatter: a formatter on the frame's Error (a frame with its own copy) while the frame's wrapped call
  //   throws, and on the top's while the top's wrapped call is made from the frame: the formatter was given
  //   Silbato's frames (10 against 4).
  for (const probe of ['crossformatter']) {
    test(`the page cannot tell Silbato is there (${probe})`, async () => {
      await same(probe);
    });
  }
  for (const probe of explore) {
    test(`explore probe ${probe}`, async () => {
      await same(probe);
    });
  }
});
