// The seventeenth attack on the upload guard (issue 15), aimed at what changed last in
// Silbato's page world (commit 3788a37): an object seen open with no frame
// is asked again only at an observer call whose childList records add a
// child still inside it. Each picker way leaves the page a first document's
// showPicker (taken before Silbato wraps that realm, if it ever does); the
// person then clicks "attach a photo" once and picks samples/sample.jpg.
// Ways closed since are asserted, what arrived before said in a comment;
// what is still open is a skipped test (`through`, run with
// ATTACK17_THROUGH=1).
// Pages: attack17-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { detectionProbes, launch, localMachine } from './browser.mjs';
import { GRAB_WAIT, uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();

const { grabbedPickerAttack } = uploadChecks(local);
const through = process.env.ATTACK17_THROUGH === '1' ? test : test.skip;

describe('attack 17: objects whose children the parser changes with no childList record naming them, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  const pickerAttack = (via, { mustGrab = true } = {}) => grabbedPickerAttack(() => browser, '/attack17-picker', via, { grab: { keys: ['notes'], wait: GRAB_WAIT }, mustGrab });

  // Withstood (Chromium 156, dist/extension as built on this branch; each
  // passed 3 runs in a row): control: a frame appended, window[i] read right
  // after (the harness reaches a realm; the server got "photo.jpg", 12582 bytes).
  test('a first document\'s showPicker reached control: the page gets only a cleaned copy', async () => {
    await pickerAttack('control');
  });
  // Withstood (each 3 runs in a row):
  // - divy: the stray <meta> from a script inside a <div> inside the object,
  //   the parser's "y" added to the div (not the object): no frame, as
  //   without Silbato (a grandchild's change does not revive it);
  // - mergeywrite: the inline script puts the meta in the head, takes itself
  //   out and document.write("y")s: no frame at the page's lookup;
  // - yieldmerge: no script inside, text merged between 20,000 ignored </x>
  //   end tags 60 times (parser yields): Silbato made and wrapped the frame.
  for (const via of ['divy', 'mergeywrite', 'yieldmerge']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
  // Got the ORIGINAL through at 3788a37 (each 4 runs in a row:
  // "sample.jpg", 19458 bytes, byte for byte the sample, GPS and all; the
  // page held window[0], the object's first document, made by its own
  // lookup, unwrapped):
  // - mergey: <object id=o type=text/html data=…>x<script>note();
  //   document.head.appendChild(meta); document.currentScript.remove()
  //   </script>y</object><script>lookup</script>, no custom element. The
  //   script's removal of a child of o (realms.js: touched → makeObjectFrame)
  //   and the next observer call (whose last added node, the meta, o does not
  //   hold) ask o while the parser has it open: `error`, frameless, o out of
  //   stillOpen. The parser then merges "y" into the text "x" (its last child
  //   now): a characterData change, no childList record, so makeObjectFrames'
  //   new loop (records whose target is o and whose added node is still its
  //   child) never sees it, yet Chromium looks at o again; the page's lookup
  //   in its next script makes the frame, unwrapped.
  // - mergeyce: the same with x-grab defined (gate open) and <x-grab> after
  //   </object>, its constructor looking o up.
  // - mergenostray: no meta: the script's self-removal alone (a batch with
  //   removals only: no last added node, every object judged closed) does it.
  // Closed (each 3 runs in a row since; the page's realm was wrapped, the
  // server got "photo.jpg", 12582 bytes): mergey and mergenostray. A batch
  // that only takes nodes out judges no object closed, and an object judged
  // closed that still has no frame and could have one (an address, not an
  // image's) is asked again at every observer call until its parser stops.
  for (const via of ['mergey', 'mergenostray']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
  // Still open: mergeyce. The custom element comes right after </object>,
  // with no observer call between the parser's last change of the object
  // (the merged "y") and the constructor: the class of attack14's
  // srcscriptce (docs/threat-model.md).
  // (Failed closed in 3 runs of 3 while the lockdown judged every object's frame; the
  // lockdown now judges only objects Chromium may have taken for an image, and this one is a
  // document's: the original again, 1 run of 1.)
  for (const via of ['mergeyce']) {
    through(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
});

describe('attack 17: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack17-detect');
  // Detected since attack 18's fixes: divopen, the fallback in a <div>, its
  // inline script putting a <style> in the head. Without Silbato: `error`,
  // no frame. With it: no event, no frame, and askAgain's empty comment in
  // and out (the class of attack16's strayopen: an object open across a
  // rendering update).
  through('the page cannot tell Silbato is there (divopen)', async () => {
    const { a, b } = await compare('divopen');
    assert.deepEqual(a, b);
  });
  // Detected (each 3 runs in a row), no custom element on the page: an
  // <object data=/attack17-blank> whose fallback script takes itself out
  // (selfremove; mergeopen: and puts a <style> in the head), more fallback
  // text after it. Without Silbato: events error, error, load; records
  // po:-SCRIPT then the characterData merge. With it: error, error, error,
  // load, and po:+#comment, po:-#comment between (askAgain's empty comment:
  // the removal made Silbato ask the open object, touched → makeObjectFrame).
  // Since attack 18's fixes (every object seen open asked, and the `error`
  // Chromium fires inside Silbato's own lookup stopped): with Silbato only
  // `load` (the object's later `error`s, after its children changed, come
  // inside Silbato's lookups and are stopped too), the comment's records
  // in mergeopen; without, error, error, load.
  for (const probe of ['mergeopen', 'selfremove']) {
    through(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
