// The sixteenth attack on the upload guard (issue 15), aimed at what
// changed last in Silbato's page world (commit 5a21635): the tab-shared
// `definitions` flag (typed-watch.js's group, found by content.js walking
// up parents and openers), `askedNow` and the empty comment of askAgain,
// HTML objects past MAX_OPEN, and detection with no action of the person.
// Each picker way leaves the page a first document's showPicker (taken
// before Silbato wraps that realm, if it ever does); the person then clicks
// "attach a photo" once and picks samples/sample.jpg in whatever picker
// opens. Each check judges the bytes the local server received. The two
// ways that got the original through are closed now and asserted, what
// arrived before the fix said in a comment; a detection that stays open is
// a skipped test (`through`, run with ATTACK16_THROUGH=1).
// Pages: attack16-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { detectionProbes, launch, localMachine } from './browser.mjs';
import { GRAB_WAIT, uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();

const { grabbedPickerAttack } = uploadChecks(local);
const through = process.env.ATTACK16_THROUGH === '1' ? test : test.skip;

describe('attack 16: the tab-shared definitions flag, objects asked again while still open, objects past MAX_OPEN, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  /**
   * /attack16-picker?via=`via`: the page reaches a first document its way,
   * then the person clicks "attach a photo" and picks the sample: cleaned,
   * or nothing (uploads.mjs's grabbedPickerAttack).
   */
  const pickerAttack = (via, { mustGrab = true } = {}) => grabbedPickerAttack(() => browser, '/attack16-picker', via, { grab: { keys: ['notes'], wait: GRAB_WAIT }, mustGrab });

  // Withstood (Chromium 156, dist/extension as built on this branch; passed
  // 3 runs in a row): control: a frame appended, window[i] read right after
  // (the harness reaches a realm; the server got "photo.jpg", 12582 bytes).
  test('a first document\'s showPicker reached control: the page gets only a cleaned copy', async () => {
    await pickerAttack('control');
  });
  // Withstood, the page reaching no realm (each 3 runs in a row; the
  // child's object fired `error` before its inline script ran and had no
  // frame at x-grab's lookup):
  // - popupdisown: a popup whose first page disowns its opener
  //   (window.opener = null) and goes on to /attack16-child, which finds
  //   the tab's page by name (window.open('', 'p16')) and defines x-grab in
  //   its own registry with the tab's define, then <object>x<script>…
  //   </script></object><x-grab>;
  // - popupowndefine: the same defined with the popup's own define (control);
  // - crosshops: the child under 16 cross-origin (localhost) frames, past
  //   content.js's walk up (16 steps), defining x-grab with top's define;
  // - crosshops4: the same under 4 (control);
  // - straynoy: strayrecord (below) with no child added to the object
  //   after Silbato asked it: frameless for good, as without Silbato;
  // - nest64y / nest63y: 64 (63) <object>s with no address around #o,
  //   which gains a text node ("y") after its inline script.
  for (const via of ['popupdisown', 'popupowndefine', 'crosshops', 'crosshops4', 'straynoy', 'nest64y', 'nest63y']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }

  // Closed (got the ORIGINAL before the fix: "sample.jpg", 19458 bytes,
  // byte for byte the sample, GPS and all; each passed 3 runs in a row
  // after it, the page holding a realm whose showPicker was Silbato's):
  // - strayrecord: <object id=o type=text/html data=…>x<script>note();
  //   document.head.appendChild(meta)</script>y</object><script>lookup
  //   </script>, no custom element on the page. The observer's call at the
  //   inline script keeps o in stillOpen (not asked: gate closed / at a
  //   script). The script puts a <meta> into the HEAD; the next observer
  //   call sees that meta as the last added node, which o does not hold,
  //   so makeObjectFrames judges o closed and calls askAgain(o) while the
  //   parser still has it open: Chromium fires `error` and leaves it
  //   frameless, o is not askedNow (no comment), and it leaves stillOpen.
  //   The parser then adds "y" to o (Chromium will look at it again) and
  //   closes it; no later observer call names o, and the page's lookup
  //   (o.anything) in the next script makes its frame, unwrapped (window[0]).
  // - strayrecordce: the same with x-grab defined (gate open) and
  //   <x-grab> after </object>: its constructor's lookup made the frame.
  // Now an object seen open that has no frame yet and whose children the
  // parser changed since is asked again at the next observer call
  // (insertions.js's makeObjectFrames), before the page's next script.
  for (const via of ['strayrecord']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
  // And since c369227 the <meta> the page's script put in (a wrapped call)
  // is never taken as where the parser is (insertions.js putByCalls): o is
  // judged open, as it is, and asked then; the constructor's lookup after
  // </object> may find no frame at all (then the page reaches no realm).
  for (const via of ['strayrecordce']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
});

describe('attack 16: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack16-detect');
  // Detected since attack 18's fixes: strayopen, an <object
  // data=/attack16-blank> whose fallback's inline script puts a <style>
  // into the head. Without Silbato: `error` (Chromium lays the page out
  // while its parser has the object open), no frame. With it: no event, no
  // frame: Silbato asked the object open first, at the observer call before
  // the script, and stopped the `error` of its own lookup; Chromium does not
  // look again. The class of objects open across a rendering update
  // (attack18's yield… probes, docs/threat-model.md).
  through('the page cannot tell Silbato is there by an <object> whose inline fallback script puts a node elsewhere (strayopen)', async () => {
    const { a, b } = await compare('strayopen');
    assert.deepEqual(a, b);
  });
  // Detected: nest65, the object 65 deep in <object>s with no address. Without
  // Silbato: no event, no frame within the probe's wait (Chromium made none
  // as the fallback around it was shown); with it (since MAX_OPEN is 1024,
  // more than Chromium's parser nests, and every open
  // object is kept): `load`, a frame, made once the object closes. Silbato
  // must make it: the page's own lookup would (the class of attack9's
  // objectnow, a frame made at once). (Equal at 5a21635, where the 65th
  // object was not kept and no one made its frame, until a page lookup.)
  through('the page cannot tell Silbato is there by an <object> nested past MAX_OPEN (nest65)', async () => {
    const { a, b } = await compare('nest65');
    assert.deepEqual(a, b);
  });
});
