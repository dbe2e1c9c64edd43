// The fifteenth attack on the upload guard (issue 15), aimed at what
// changed last in Silbato's page world: the `definitions` gate of
// insertions.js's makeObjectFrames (an <object> the parser may still have
// open is asked for its frame at once only when the page has defined a
// custom element through a wrapped define, defineGuarded), MAX_OPEN
// (stillOpen keeps 64 objects), page code the parser runs synchronously,
// and detection with no action of the person. Each picker way leaves the
// page a first document's showPicker (taken before Silbato wraps that
// realm, if it ever does); the person then clicks "attach a photo" once and
// picks samples/sample.jpg in whatever picker opens. Each check judges the
// bytes the local server received. What Silbato withstands is asserted;
// what got through is skipped (`through`), unless ATTACK15_THROUGH=1, with
// what arrived said in a comment. Pages: attack15-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { detectionProbes, launch, localMachine } from './browser.mjs';
import { uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();
/** What got through: skipped, unless ATTACK15_THROUGH=1 (then run, to see it fail). */
const through = process.env.ATTACK15_THROUGH === '1' ? test : test.skip;

const { grabbedPickerAttack } = uploadChecks(local);

describe('attack 15: the definitions gate, objects past MAX_OPEN, synchronous parser code, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  /**
   * /attack15-picker?via=`via`: the page reaches a first document its way,
   * then the person clicks "attach a photo" and picks the sample: cleaned,
   * or nothing (uploads.mjs's grabbedPickerAttack).
   */
  const pickerAttack = (via, { mustGrab = true } = {}) => grabbedPickerAttack(() => browser, '/attack15-picker', via, { grab: { keys: ['notes'] }, mustGrab });

  // Withstood (Chromium 156, dist/extension as built on this branch; each
  // passed 3 runs in a row): the person clicked "attach a photo", picked
  // samples/sample.jpg, and the server received only a cleaned copy
  // ("photo.jpg", 12582 bytes), or the page reached no realm at all:
  // - control: a frame appended, window[i] read right after (the harness
  //   reaches a realm);
  // - iframeload: <object>x<script>…</script></object><iframe onload> with
  //   no custom element defined (the object not asked while open): the
  //   about:blank iframe's synchronous load runs the page's onload inside
  //   the parser, but Silbato's capture `load` listener on the document
  //   (a sweep) comes first and the observer's microtask checkpoint after
  //   it: the object was framed and wrapped before the onload's lookup;
  // - nestmath1: nestmath64 (below) with one MathML <object>: stillOpen has
  //   room, the HTML object is asked again as the script after it comes
  //   (framed and wrapped before the page's lookup).
  for (const via of ['control', 'iframeload', 'nestmath1']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
  // Withstood, the page reaching no realm (the gate worked: the object was
  // asked while open (logged `object error` where listened for) and was frameless at the custom
  // element's lookup), each 3 runs in a row:
  // - foreigndefinectl: x-grab defined with the tab's own define;
  // - foreigndefine: defined with an about:blank child's define
  //   (window[0].CustomElementRegistry.prototype.define.call(customElements,
  //   …)): that realm is wrapped by the TAB's page world (one module, one
  //   `definitions`), so the gate is open all the same;
  // - childowndefine: childparentdefine (below) with the frame's own define.
  for (const via of ['foreigndefinectl', 'foreigndefine', 'childowndefine']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }

  // What got through (Chromium 156, dist/extension as built on this
  // branch): in each, the page took a first document's NATIVE showPicker
  // (logged where), the person clicked "attach a photo" once and picked
  // samples/sample.jpg in the browser's own picker, and the server received
  // the ORIGINAL: "sample.jpg", 19458 bytes, byte for byte the sample, GPS
  // and all.
  const THROUGH = {
    // The tab holds a same-origin frame with an address (/attack15-child:
    // Chromium runs Silbato's scripts in it, so it has its OWN page world,
    // its own module-level `definitions`). The frame's HTML defines x-grab
    // in its own registry with the PARENT's define:
    // parent.CustomElementRegistry.prototype.define.call(customElements, …)
    // -> the parent's defineGuarded sets the PARENT's `definitions`; the
    // frame's stays false. Then <object>x<script>…</script></object><x-grab>:
    // the frame's observer (before the inline script) sees the object open
    // and, `definitions` false there, only remembers it (stillOpen); the
    // parser closes it and makes x-grab with no node added since (no
    // observer call): the constructor's lookup makes the frame (frames 0 ->
    // 1), and the frame's window[0], a first document, goes to parent.grab
    // unwrapped. ("child: x-grab: frames before 0, after a lookup 1")
    childparentdefine: 'a frame\'s own parser and a custom element defined in its registry with the parent\'s define',
    // <math> + 64 <object> (MathML elements named "object": the tree builder
    // keeps "object" in foreign content, querySelectorAll('object, embed')
    // finds them, and `make` puts every one that holds the last node in
    // stillOpen, filling MAX_OPEN: they come first, in tree order, and are
    // re-kept first from `waiting` on every observer call) + <mtext><object
    // id=o …>x<script>…</script></object><script>lookup</script></mtext>.
    // The HTML object, 65th, is never kept: when the script after it comes
    // it is closed but not in stillOpen, so askAgain never runs for it
    // (askedOpen is looked at only when the parser stops). MathML content is
    // rendered: the page's lookup makes the frame (frames 0 -> 1) and
    // window[0] is the first document, unwrapped. ("nestmath64: frames
    // before 0, after a lookup 1")
    nestmath64: '64 MathML <object>s filling stillOpen around the HTML object',
  };
  for (const [via, what] of Object.entries(THROUGH)) {
    through(`a first document's showPicker reached through ${what} (${via}): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
});

describe('attack 15: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack15-detect');
  // Detected (no action of the person; the page's own MutationObserver):
  const DETECTED = {
    // <object id=po>fallback<script>…</script></object> with NO address (a
    // "no plugin" fallback widget), then <p>: the object held the parser's
    // last node when the observer ran, so it is in askedOpen; it never has
    // a frame, so askAgain (at every trusted readystatechange, and when seen
    // closed) puts an empty comment in and takes it out each time. With
    // Silbato the page's observer gets 3 extra pairs of records
    // "po:+#comment-", "po:+-#comment" after the document's own; without,
    // none (frames 0 both).
    commentrecords: 'comment records on an <object> with no address holding an inline script',
    // The same with type="image/gif" data=… (an object showing an image: no frame either).
    commentrecordsimg: 'the same, an <object> showing an image',
  };
  for (const [probe, what] of Object.entries(DETECTED)) {
    through(`the page cannot tell Silbato is there by ${what} (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
