// The twenty-third attack on the upload guard: the extent of attack22's
// imagepage class (an <object> or <embed> Chromium first takes for an image
// whose address answers something else: framed at the next lookup once the
// answer came, no DOM change, no event, no call Silbato wraps), and telling
// Silbato is there on ordinary pages with no action of the person. Each
// picker way leaves the page a first document's showPicker (taken before
// Silbato wraps that realm, if it ever does); the person then clicks
// "attach a photo" once and picks samples/sample.jpg. What is still open is
// a skipped test (`through`, run with ATTACK23_THROUGH=1). Pages:
// attack23-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, detectionProbes, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { through, explore } = attackSwitches(23);

describe('attack 23: objects taken for images that answer something else, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 23);

  for (const via of ['control']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
  // Withstood (3 runs each, ATTACK23_THROUGH=1): no frame ever (`error`, no window): embedgif (<embed type=image/gif>
  // answering a page), embedgifname (<embed src=….gif>), createembed, blobembedplain (embeds made by script, a page /
  // a text/plain blob); blobsvg (an image/svg+xml answer: shown as an image); dataplain, datahtml (data: answers: the
  // frame is made at once, of an opaque origin; grabbed, yet cleaned 3 of 3); imagepageyield (attack22's imagepage
  // with 100,000 ignored end tags after: grabbed after ~2,800 turns, cleaned 3 of 3; yet the original 1 of 1 in main
  // with attack 22's and 23's fixes: the same race, now among the ways through below).
  const WITHSTOOD = ['embedgif', 'embedgifname', 'createembed', 'blobembedplain', 'blobsvg', 'dataplain', 'datahtml'];
  for (const via of WITHSTOOD) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
  // Got the ORIGINAL through (3 runs each), an image-typed <object> whose answer is not an image's, framed by the
  // page's MessageChannel lookup before Silbato asks again (insertions.js mayHaveFrame: an image-typed object is
  // never kept in `unframed`; makeObjectFrames keeps an open one in stillOpen but does not ask it; a wrapped
  // append asks it once, before the answer comes, and never again):
  // - createappend (3 of 3), createappendgif (3 of 3): made by page script (createElement, type image/gif or an
  //   address ending .gif, then a wrapped append), answering a page, left alone;
  // - blobxml (3 of 3), blobhtml (2 of 3), blobxhtml (2 of 3), blobplain (1 of 3), blobjson (1 of 3): the same
  //   with a same-origin blob: answer of type text/xml, text/html, application/xhtml+xml, text/plain,
  //   application/json (server.mjs serves attack23 pages as text/html only, and has no redirect: other types
  //   are blobs made by the page; a redirecting address was not tried);
  // - imagepagepng (2 of 3): attack22's imagepage with type image/png, parser-made; imagepageyield (above).
  const THROUGH = ['createappend', 'createappendgif', 'blobxml', 'blobhtml', 'blobxhtml', 'blobplain', 'blobjson', 'imagepagepng', 'imagepageyield'];
  // Fail closed since 6007fd6 (realms.js's lockdown: a same-origin object frame Silbato did not
  // make is found at the latest at the person's press, whose activation is then spent first):
  // no picker (the page's showPicker threw NotAllowedError) or, when Silbato framed it first,
  // a cleaned copy; 3 runs of 3 each. Still the class above: the page holds the realm.
  for (const via of THROUGH) {
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

describe('attack 23: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack23-detect');
  // Equal (3 runs): rafid (no object), objectrafnow (the script right after a text/html object: ids [1..6]),
  // innernone (no object, in a frame), innerobjlong (a page loop started before the object: consecutive ids),
  // phases (eventPhase, cancelBubble, defaultPrevented, returnValue, order of the page's window listeners);
  // frametiming (below) since Silbato no longer listens for scroll, resize, animation or transition events before the
  // person types (realms.js askNow's listeners taken out; the typing marker's scroll and resize listeners added as it
  // first shows), and the probe needs a listener's cost to be 3 times a bare dispatch (the clock's steps alone made
  // up to 1.8 times).
  // Proved nothing (the test's waitForFunction takes the top document's animation-frame numbers too):
  // objectrafloaded, objectraflong, imageobjectraf, imageobjectrafnow, realevents (ATTACK23_EXPLORE=probe:…).
  // (objectrafnow differed once in three later runs: its loop waits for animation frames, which interleave with those
  // the test harness's waitForFunction asks for in the same document; kept among the detections below, not asserted.)
  const EQUAL = ['rafid', 'innernone', 'innerobjlong', 'phases', 'frametiming'];
  for (const probe of EQUAL) {
    test(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  // Detected, page code only:
  // - frametiming (3 of 3, equal since), inputtiming (3 of 3): dispatching a synthetic event of each type Silbato
  //   listens for on window (realms.js listen: askNow for scroll/resize/animation*/transition*, then taken out;
  //   sweep for the input events, hideOwnError, parserStopped; the guard's own listeners) costs many times one nobody
  //   hears (7-22x, click 99x, with Silbato; ~1x without): listeners the guard needs (docs/threat-model.md);
  // - innerobjloaded, innerobjnow, innerimageobj, innerimageobjnow (2 of 2, in an ordinary frame whose count only
  //   the page takes from): a page with one ordinary <object> (text/html, or an image) gets first id 2-5, not 1:
  //   realms.js parsed -> askEachFrame -> askAtNextFrame requests a callback while the parser has it open
  //   (insertions.js makeObjectFrames' stillOpen, waitingWindows). Once loaded, no more requests (steps of 1).
  const DETECTED = ['objectrafnow', 'inputtiming', 'innerobjloaded', 'innerobjnow', 'innerimageobj', 'innerimageobjnow'];
  for (const probe of DETECTED) {
    through(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  for (const probe of explore.filter((p) => p.startsWith('probe:')).map((p) => p.slice(6))) {
    test(`explore probe ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
