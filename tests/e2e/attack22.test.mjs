// The twenty-second attack on the upload guard (issue 15), aimed at b01370d
// (every realm's requestAnimationFrame wrapped: Silbato's per-frame ask of
// the objects that wait, realms.js askFirst / eachFrame / askNow, asked for
// before the page's callback; scroll, resize, animation and transition
// events ask first) and 22c57fc (an open object of an image's type kept,
// not asked at the observer call). Each picker way leaves the page a first
// document's showPicker (taken before Silbato wraps that realm, if it ever
// does); the person then clicks "attach a photo" once and picks
// samples/sample.jpg. What is still open is a skipped test (`through`, run
// with ATTACK22_THROUGH=1). Pages: attack22-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, detectionProbes, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { through, explore } = attackSwitches(22);

describe('attack 22: the wrapped animation frame, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 22);

  for (const via of ['control']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
  // Got the ORIGINAL through (the server received the sample, "the page
  // received the original"), each with attack19's typesethtml object
  // (<object type=image/gif data=page> whose inline script sets
  // type=text/html while open, then <html data-closed> and 300,000 ignored
  // end tags). Found against b01370d, where every realm's
  // requestAnimationFrame was wrapped to ask for Silbato's per-frame ask
  // first; that wrapper has been taken out since (any page could tell it
  // was there: rafid, below), so Silbato's callback is asked for only while
  // objects wait, after the page's:
  // - rafnocancel (withstood 4 of 4 with the wrapper; through 3 of 3
  //   without it): attack21's rafyield on this page, the page's own
  //   animation-frame loop started before the object looking #o up once
  //   closed;
  // - rafcancel (4 of 4 with the wrapper, 3 of 3 without): rafnocancel, its first request
  //   followed by cancelAnimationFrame of every number below its own
  //   (Silbato's per-frame callback never ran);
  // - rafcancelonly (4 of 4; 2 of 3 without the wrapper): the same cancel, no page loop; a
  //   MessageChannel poll looks #o up once closed (attack21's mcyield);
  // - waanim (3 of 4; 3 of 3 without the wrapper), waanimpromise (4 of 4;
  //   3 of 3): a Web Animations loop
  //   (documentElement.animate(…, 1 ms), a new one at each finish) looks #o
  //   up in the Animation's `finish` event or its `finished` promise, sent
  //   in the rendering update before any animation-frame callback, on an
  //   Animation object, not one of the window's events.
  // - imagepagegif (3 of 4), imagepagechild (1 of 4), imagepage (0 of 4:
  //   the same race, lost here):
  //   the class all of these belong to, with no script of the object's own
  //   and no change to it: an <object> Chromium first takes for an image
  //   (its type image/gif, or no type and an address ending in .gif) whose
  //   address answers a page. Chromium starts an image load; when the
  //   answer comes (a network task), its type is not an image's, and
  //   Chromium takes it as the object's type and makes the object a frame's
  //   at the next lookup or layout. No DOM change, no event, no call
  //   Silbato wraps: a page that looks the object up on every turn (a
  //   MessageChannel) makes its frame before Silbato's next ask (shown on
  //   this machine: an answer held back 1 s left the page's lookups
  //   frameless until then, and Silbato's ask framed it first).
  // Fail closed since 6007fd6 (realms.js's lockdown: a same-origin object frame Silbato did not
  // make is found at the latest at the person's press, whose activation is then spent first):
  // no picker (the page's showPicker threw NotAllowedError) or, when Silbato framed it first,
  // a cleaned copy; 3 runs of 3 each. Still the class above: the page holds the realm.
  for (const via of ['rafnocancel', 'rafcancel', 'rafcancelonly', 'waanim', 'waanimpromise', 'imagepage', 'imagepagegif', 'imagepagechild']) {
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

describe('attack 22: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack22-detect');
  // Withstood (3 runs; against b01370d, whose wrapper is gone since): rafshape (toString, Function.prototype.toString,
  // name, length, descriptor, own names, the errors of new, a wrong this
  // and a non-function, for requestAnimationFrame, its webkit twin and
  // cancelAnimationFrame), raftime (two callbacks of one frame get one
  // timestamp).
  for (const probe of ['rafshape', 'raftime']) {
    test(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  // Detected against b01370d (3 runs of 3), page code only: the wrapped
  // requestAnimationFrame asked for Silbato's callback first (realms.js
  // askFirst) whenever none was pending, so it took a number of the
  // document's count: rafid, the page's first three requests got [2,3,4]
  // (without Silbato [1,2,3]); rafloop, a five-frame loop [2,4,6,8,…]
  // (without [1,2,3,4,…]); webkitid the same through
  // webkitRequestAnimationFrame; cancelbelow, the first number 2. Equal
  // since the wrapper was taken out (3 runs in a row): Silbato asks for a
  // callback only while objects wait (a page with none sees every number).
  // rafloop is not asserted: its frames interleave with the animation
  // frames the test harness's own waitForFunction asks for in the same
  // document, so its numbers differ from run to run either way (3 later
  // runs of 3 differed, e.g. [1,2,3,4,5] with Silbato and [1,2,3,4,6]
  // without: the harness took a number in one and not in the other);
  // attack23's innernone shows the same in a frame the harness leaves
  // alone.
  for (const probe of ['rafid', 'webkitid', 'cancelbelow']) {
    test(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  for (const probe of ['rafloop']) {
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
