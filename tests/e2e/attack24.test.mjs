// The twenty-fourth attack: telling Silbato is there on an ordinary page
// nobody typed in, by page code only, after commits 0a2d0b0, 2930ce3,
// 88b6d61 (Silbato's animation-frame callback asked for only while objects
// wait, and again once 250 ms old; the typing marker's scroll and resize
// listeners added as it first shows). Each probe compares a browser with
// Silbato against one without. What is still open is a skipped test
// (`through`, run with ATTACK24_THROUGH=1). Pages: attack24-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, detectionProbes, localMachine } from './browser.mjs';

const local = localMachine();
const { through, explore } = attackSwitches(24);

describe('attack 24: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 900000 }, () => {
  const compare = detectionProbes(local, '/attack24-detect');
  // Equal (3 runs): the cost of synthetic scroll/resize dispatched at window, document (bubbling or not) and an
  // element (capture passes window), at parse time and once loaded, under 3 times a type nobody hears with and without
  // Silbato (typing.js adds its scroll/resize listeners only as the marker first shows); a page's synchronous first
  // requestAnimationFrame() numbers are 1,2,3 at the top document and in an ordinary frame, right after and once
  // loaded, with no object, an <img>, an <iframe>, a <video>, and all of these with <audio>, <picture>, svg <image>
  // (realms.js askAtNextFrame asks only while objects wait). The control (click) told Silbato 3 of 3.
  const EQUAL = [
    'wintiming', 'doctiming', 'doctimingbubbles', 'elemtiming', 'elemtimingbubbles', 'wintimingloaded', 'elemtimingloaded',
    'rafnone', 'rafimg', 'rafiframe', 'rafvideo', 'rafall',
    'innernonenow', 'innernoneloaded', 'innerimgnow', 'innerimgloaded', 'inneriframenow', 'inneriframeloaded',
    'innervideonow', 'innervideoloaded', 'innerallnow', 'innerallloaded',
  ];
  for (const probe of EQUAL) {
    test(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  // The timing method's control: Silbato's click listener on every page (typing.js) must show.
  test('the timing probe tells a listener Silbato needs (controltiming)', async () => {
    const { a, b } = await compare('controltiming');
    assert.notDeepEqual(a, b);
  });
  const DETECTED = [];
  for (const probe of DETECTED) {
    through(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  for (const probe of explore) {
    test(`explore probe ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
