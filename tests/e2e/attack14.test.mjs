// The fourteenth attack on the upload guard (issue 15), aimed at what
// changed last in Silbato's page world (a3b717f): the parser's <object>s
// holding its last node remembered as maybe open, and NOT asked for their
// frames when that node is a <script> (insertions.js's makeObjectFrames:
// isOpen, atScript, stillOpen, askedOpen, askAgain); realms.js's `touched`
// (a wrapped call that changes an <object>'s children asks for its frame);
// slots followed through what slots take (makeTakenObjectFrames,
// MAX_TAKEN); and detection with no action of the person. Each picker way
// leaves the page a first document's showPicker (taken before Silbato
// wraps that realm, if it ever does); the person then clicks "attach a
// photo" once and picks samples/sample.jpg in whatever picker opens. Each
// check judges the bytes the local server received. What Silbato
// withstands is asserted; what got through is skipped (`through`), unless
// ATTACK14_THROUGH=1, with what arrived said in a comment. Pages:
// attack14-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { detectionProbes, launch, localMachine } from './browser.mjs';
import { uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();
/** What got through: skipped, unless ATTACK14_THROUGH=1 (then run, to see it fail). */
const through = process.env.ATTACK14_THROUGH === '1' ? test : test.skip;

const { grabbedPickerAttack } = uploadChecks(local);

describe('attack 14: objects holding the parser\'s last node, objects\' children changed, wide slots, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  /**
   * /attack14-picker?via=`via`: the page reaches a first document its way,
   * then the person clicks "attach a photo" and picks the sample: cleaned,
   * or nothing (uploads.mjs's grabbedPickerAttack).
   */
  const pickerAttack = (via, { mustGrab = true } = {}) => grabbedPickerAttack(() => browser, '/attack14-picker', via, { grab: { keys: ['notes'] }, mustGrab });

  // Withstood (Chromium 156, dist/extension as built at a3b717f; each passed
  // 3 runs in a row): the page really held a realm (logged: window.grabbed
  // true, and where it took it), the person clicked "attach a photo" and
  // picked samples/sample.jpg, and the server received only a cleaned copy
  // ("photo.jpg", 12582 bytes):
  // - control: a frame appended, window[i] read right after (the harness
  //   reaches a realm);
  // - srcscriptnext: <object><script src="data:…"></script></object> then
  //   a <script> (a new node: the observer runs, the object is not open any
  //   more, askAgain frames it): the frame was there before the lookup;
  // - srcscripttimer: the same object, then only the page's setInterval
  //   looking it up once the parser added a node after it: already framed;
  // - dwsrcscriptce: srcscriptce's markup (below) with document.write
  //   (writeGuarded's pieces): frameless at the custom element, revived by
  //   a wrapped appendChild/remove (touched): wrapped;
  // - templatece, noscriptce: the <script> inside a <template> (its
  //   content another document: the template is the last node) or a
  //   <noscript> (raw text): the object asked, framed or revived only
  //   through a wrapped call: wrapped;
  // - inlinece: <object><script>…</script>x</object><x-grab>: framed at
  //   the checkpoint, or frameless and revived with a wrapped
  //   appendChild/remove (touched): wrapped (both seen);
  // - opence: <object>x<script>…</script></object><x-grab> (the object
  //   asked while open, frameless), revived with a wrapped
  //   appendChild/remove: touched frames and walks it: wrapped;
  // - wideslotcontrol: wideslot (below) without the 5000 <i>s: framed
  //   inside the slot-name setter.
  for (const via of ['control', 'srcscriptnext', 'srcscripttimer', 'dwsrcscriptce', 'templatece', 'noscriptce', 'inlinece', 'opence', 'wideslotcontrol']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }

  // What got through (Chromium 156, dist/extension as built at a3b717f):
  // in each, the page took a first document's NATIVE showPicker (logged
  // where), the person clicked "attach a photo" once and picked
  // samples/sample.jpg in the browser's own picker, and the server received
  // the ORIGINAL: "sample.jpg", 19458 bytes, byte for byte the sample, GPS
  // and all.
  const THROUGH = {
    // The page's HTML: <script>customElements.define('x-grab', …)</script>
    // <object id=o type="text/html" data=…><script src="data:text/javascript,"></script></object><x-grab></x-grab>.
    // Before the (parser-blocking, EMPTY) script runs, the observer's last
    // added node is the <script> itself: makeObjectFrames' atScript is
    // true, so the object holding it is put in stillOpen/askedOpen and NOT
    // asked. The script runs; the parser closes the object and stops for
    // the defined custom element (a microtask checkpoint) — but no node
    // was added since the last observer call, so Silbato's observer is not
    // called at all: the object, closed now, is never asked. The custom
    // element's constructor looks a property up on it: Chromium makes the
    // frame at once (frames 0 -> 1), and window[0] is the first document,
    // unwrapped. ("srcscriptce: frames before 0, after a lookup 1")
    srcscriptce: 'an <object> whose last content is an empty <script src>, then a custom element',
    // The same with an empty <script type="text/plain"> (never run: the
    // object is closed, but the last node is a "script").
    textplaince: 'an <object> whose last content is an empty <script type=text/plain>, then a custom element',
    // The same with <math><script></script></math>: a MathML element whose
    // localName is "script" (atScript reads localName only, no namespace).
    mathscriptce: 'an <object> whose last content is a MathML <script>, then a custom element',
    // The same with an empty SVG <script>.
    svgscriptce: 'an <object> whose last content is an SVG <script>, then a custom element',
    // The same with <script async src="data:…"> (never blocks the parser).
    asyncce: 'an <object> whose last content is an async <script src>, then a custom element',
    // The same with an empty inline <script type="module"> (deferred).
    modulece: 'an <object> whose last content is an empty module <script>, then a custom element',
    // <object id=o>x<script>note()</script></object><x-grab>: before the
    // inline script runs, the observer's last node is the script's TEXT
    // (not a <script>: atScript false), so the object is asked while open:
    // Chromium leaves it frameless (and fires `error` at it: see the
    // detection below). The parser closes it and stops for the custom
    // element with no node added since: the observer is not called, askAgain
    // never runs. The constructor's lookup: frames 0. It then changes the
    // object's children by a means that is not wrapped, or wrapped without
    // `touched` (only the object's own insert/remove/markup/text calls and
    // its children's remove/removeChild ask): text.data += 'y' (CharacterData
    // data setter, not wrapped), and looks it up again: Chromium makes the
    // frame at once (frames 1), window[0] unwrapped.
    opencedata: 'an <object> asked while open, revived by its text child\'s data setter',
    // The same, revived with text.splitText(0) (not wrapped; inserts a text node into the object).
    opencesplit: 'the same, revived with splitText on its text child',
    // The same, revived with document.adoptNode(text) (wrapped as leavingCall: slots only, no touched).
    openceadopt: 'the same, revived with document.adoptNode of its text child',
    // The same, revived with a Range selecting the text child, deleteContents() (leavingCall: no touched).
    opencerange: 'the same, revived with Range.deleteContents',
    // The same, revived with o.moveBefore(a connected text node, null) (wrapped: makeObjectFramesIn of the
    // MOVED node, a text node, and a walk; the object it went into is not asked).
    opencemove: 'the same, revived with moveBefore of a text node into it',
    // The same, revived with Selection.deleteFromDocument() of its text (leavingCall EVERYWHERE: slots, no touched).
    opencesel: 'the same, revived with Selection.deleteFromDocument',
    // The same, revived with o.setAttribute('data', …) (setAttribute is wrapped for options and slots only).
    opencedataattr: 'the same, revived by setting its data attribute',
    // The same, revived with o.style.display = 'none'; o.offsetWidth; o.style.display = '' (no DOM change).
    opencestyle: 'the same, revived by hiding and showing it',
    // host1's light child the object; host1's root holds host2 whose light
    // children are <span slot="y"> holding the <slot> taking the object,
    // then 5000 <i slot="y">; host2's root holds <slot id=z name="z">.
    // z.name = 'y' (wrapped: reslotted(z) -> makeTakenObjectFrames(z)):
    // z's assignedElements({flatten: true}) are [span, i×5000], pushed on
    // the stack in order and popped from the LAST: 4095 <i>s are visited
    // and MAX_TAKEN (4096) stops the loop before the span; the second pass
    // (makeSlottedObjectFrames(z) -> makeTakenObjectFrames per slot) stops
    // the same way. "frames right after the call 0", the page's lookup
    // makes the frame, window[0] unwrapped.
    wideslot: 'an <object> rendered by renaming a slot that takes a <span> holding the <slot> taking it, after 5000 other elements',
  };
  // Of those, withstood since (how); the rest are open (docs/threat-model.md: the srcscriptce kind is
  // page code the parser runs before any observer call, the openceX kind an object revived with no
  // wrapped call, as one shown by a style change).
  const SINCE = {
    wideslot: 'each element is looked at once at most, with no cap a page\'s own DOM can reach (1,048,576)',
    // Every object the observer sees open is asked then (attack 18): the
    // one holding the empty script too, frameless when the custom element
    // looks it up; asked again (the empty comment) at the next observer call.
    srcscriptce: 'an object seen open is asked then',
    textplaince: 'an object seen open is asked then',
    mathscriptce: 'an object seen open is asked then',
    svgscriptce: 'an object seen open is asked then',
    asyncce: 'an object seen open is asked then',
    modulece: 'an object seen open is asked then',
  };
  for (const [via, what] of Object.entries(THROUGH)) {
    (SINCE[via] ? test : through)(`a first document's showPicker reached through ${what} (${via}): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
});

describe('attack 14: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack14-detect');

  // Equal (each 3 runs in a row): the page cannot tell by
  // - srcscriptce: <object><script src="data:…"></script></object><x-count>:
  //   frames at the custom element 0 both, later 1 both (the object not
  //   asked: the gap above, but no difference to see);
  // - requestsplain, requestsempty, requestssrc: an <object> (its address a
  //   page of this server that counts requests) holding only fallback text,
  //   nothing, or an empty <script src>: 1 request, events ["load"] both.
  for (const probe of ['srcscriptce', 'requestsplain', 'requestsempty', 'requestssrc']) {
    test(`the page cannot tell Silbato is there by ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }

  // Detected (and a breakage of legitimate pages):
  const DETECTED = {
    // <object type="text/html" data=(a page of this server) onload onerror>
    // <script>…</script>fallback</object>: with Silbato the object fires
    // `error` THEN `load` ({"requests":1,"events":["error","load"]}),
    // without only `load`. The observer's call before the inline script
    // has the script's text as its last node (atScript false): the object,
    // open, is asked for its frame (makeObjectFrames' make ->
    // makeObjectFrame); Chromium, asked while the object's children are
    // not all parsed, falls back and fires `error`; askAgain's comment in
    // and out later makes it load. A page that reacts to an object's
    // error (shows a "could not load" message, removes it) breaks.
    requests: 'an `error` event before `load` of an <object> holding an inline script',
    // The same, the object holding only the inline script.
    requestsonly: 'the same, an <object> holding only an inline script',
    // The same, fallback text before the script.
    requeststext: 'the same, fallback text then an inline script',
    // The same page, then the page's own append, textContent and remove on the object: events ["error","load","load"] with Silbato, ["load","load"] without (2 requests both).
    touchedrequests: 'the same, the object\'s children later changed by the page',
  };
  // Equal since: the `error` Chromium fires at an open object inside Silbato's own
  // lookup is stopped at the window, before any page listener (insertions.js hideOwnError).
  // (Between, an object that may be open was asked only once the page had defined a custom
  // element, which these pages do not: attack 18 found that a way through.)
  const EQUAL_SINCE = { requests: true, requestsonly: true, requeststext: true, touchedrequests: true };
  for (const [probe, what] of Object.entries(DETECTED)) {
    (EQUAL_SINCE[probe] ? test : through)(`the page cannot tell Silbato is there by ${what} (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
