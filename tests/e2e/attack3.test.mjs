// The third attack on the upload guard (issue 15), as a hostile page would:
// frames connected in ways realms.js's wrappers and observer may not see in
// time (shadow roots, custom element callbacks, scripts run during an
// insertion, <object>/<embed>), and telling Silbato is there through its new
// wrappers. Each check judges the bytes the local server received. What
// Silbato withstands is asserted; what got through is `test.skip` with what
// arrived (the lead fixes it and un-skips it). Pages: attack3-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, localMachine } from './browser.mjs';
import { PICKER_WAIT, pickSample, sample, uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();

const { received, nothingMore, assertCleaned } = uploadChecks(local);

/** A picker opened on the person's click with a first document's showPicker, taken as its frame was connected `via`. */
async function pickerAttack(via) {
  local.server.received.splice(0);
  const p = await browser.context.newPage();
  try {
    await p.goto(`${local.server.base}/attack3-picker?via=${via}`);
    await p.waitForFunction(() => window.ready === true);
    // object/embed: the frame comes later.
    await p.waitForFunction(() => !!window.grabbed, null, { timeout: 5000 }).catch(() => {});
    const opened = await pickSample(p, () => p.click('#open'), PICKER_WAIT);
    const status = await p.textContent('#status');
    if (!opened) {
      // No picker at all is safe too, if nothing reaches the page.
      await nothingMore();
      return `no picker (${status})`;
    }
    assertCleaned((await received(1))[0]);
    await nothingMore();
    return 'cleaned';
  } finally {
    await p.close();
  }
}

/** The person clicks an input in a visible frame the page keeps at its first document inside a shadow root. */
async function visibleAttack(via) {
  local.server.received.splice(0);
  const p = await browser.context.newPage();
  try {
    await p.goto(`${local.server.base}/attack3-visible?via=${via}`);
    await p.waitForFunction(() => window.ready === true);
    // Once the input is drawn (a loaded machine may take a while), a real click at its place.
    const at = await p
      .waitForFunction(() => {
        const b = window.inputBox && window.inputBox();
        return b && b.width > 0 && b.height > 0 ? b : null;
      })
      .then((h) => h.jsonValue());
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const box = await p.locator('#host').boundingBox();
    // The frame's 1px border, then the input's place in it.
    assert.ok(await pickSample(p, () => p.mouse.click(box.x + 1 + at.x + 20, box.y + 1 + at.y + at.height / 2)), 'no picker opened');
    assertCleaned((await received(1))[0]);
    await nothingMore();
  } finally {
    await p.close();
  }
}

describe('attack 3: frames realms.js does not see in time, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  // Ways Silbato withstands: the page receives only a cleaned copy, or
  // nothing. (A frame in a shadow root is not among `window[i]` in Chromium,
  // so the page has no way to its realm there but contentWindow, which wraps
  // it: no picker opens, nothing arrives. parserload: the onload of a frame
  // with no address, right after the frame in the page's HTML, comes after
  // the realm is wrapped. ce, script, fragment: got through until
  // insertions.js, see below; cebefore, loadhandler, the markup ways and
  // docwrite (document.write of a frame and a script while the page loads,
  // now written in pieces at the frame): found with them. object, embed,
  // objectlate, embedlate (an <object>/<embed> of an HTML address, whose
  // frame Chromium makes in a task of its own, the page polling
  // window.length): got through until 2026-12-05; now the frame is made
  // as the element goes in, by looking up a property on the element, and
  // wrapped then; objectparser, embedparser: the same in the page's HTML,
  // made by the MutationObserver before the next script. execinput (an
  // input listener on the editor, fired inside execCommand after the frame
  // is in): got through until 2026-12-05; `input` and focus events are now
  // walked before any page listener. execce: the custom element's callback
  // finds no new realm; execundo: undo's frame is walked as execCommand
  // returns. ceframe, ceframeparser, ceframefrozen (a customized built-in
  // frame whose own connectedCallback reads window[i], its prototype
  // frozen in the last): got through until 2026-12-05; such a definition is
  // now refused (NotSupportedError), and the page gets no realm.)
  for (const via of ['parserload', 'shadow', 'closedshadow', 'shadowprepend', 'shadowreplace', 'execcommand', 'adopt', 'cebefore', 'loadhandler', 'ce', 'script', 'fragment', 'innerhtml', 'outerhtml', 'adjacent', 'isattr', 'markupload', 'docwrite', 'object', 'embed', 'objectlate', 'embedlate', 'objectparser', 'embedparser', 'execce', 'execinput', 'execundo', 'ceframe', 'ceframeparser', 'ceframefrozen']) {
    test(`a first document's showPicker, its frame connected ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }

  // What got through (2026-12-05, Chromium 156, dist/extension from main at
  // 755a5fb, and again with main's build of 04:02, d6a8dbe: frames walked on
  // every click, shadow roots' append walking): the person clicks "attach a photo" once, picks
  // samples/sample.jpg in the picker that opens, and the page uploads the
  // ORIGINAL (same bytes, GPS and all, named sample.jpg). In each, the page
  // takes a first document's native showPicker before Silbato's walk wraps
  // that realm (or the walk never reaches it), and calls it later on an
  // input never put in any document. Until insertions.js, also: ce (a
  // custom element's connectedCallback, run inside the wrapped appendChild
  // that connected the frame, before the wrapper's walk), script (an inline
  // script inserted with the frame by one appendChild), fragment (the same
  // from Range.createContextualFragment + Range.insertNode); now the frames
  // of such an insertion are connected after its page code, one at a time.
  const THROUGH = {
    // Chromium makes an <object>/<embed>'s frame only while it is rendered:
    // one inserted hidden gets it when a style change shows it, in a task
    // of Chromium's own or at once when the page looks up a property on the
    // element, with no DOM change and no call Silbato wraps.
    objectshown: 'an <object> inserted hidden, shown later by a style change, its frame made by a property lookup and read as window[i]',
    embedshown: 'an <embed> inserted hidden, shown later by a style change, its frame made by a property lookup and read as window[i]',
  };
  for (const [via, what] of Object.entries(THROUGH)) {
    test.skip(`a first document's showPicker, its frame connected ${via} (${what}): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
  // Got through on 2026-12-05, withstood since: the walk started from
  // window.top only, whose frames (window.length, [i]) leave out frames in
  // shadow trees, so a frame put into a first document that sits in a
  // (closed) shadow root was never walked; every wrapped realm is walked
  // from now.
  test("a first document's showPicker, its frame put into the first document of a frame in a closed shadow root (with its wrapped appendChild), read as first[0]: the page gets only a cleaned copy", async () => {
    await pickerAttack('shadownested');
  });

  for (const via of ['open', 'closed', 'script']) {
    test(`an input clicked in a visible first document (${via}) goes through the guard`, async () => {
      await visibleAttack(via);
    });
  }

  test('an input clicked in a first document replaced by a javascript: address goes through the guard', async () => {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack3-jsurl?via=input`);
      await p.waitForFunction(() => window.ready === true);
      await p.waitForTimeout(300);
      const box = await p.locator('#f').boundingBox();
      assert.ok(await pickSample(p, () => p.mouse.click(box.x + 30, box.y + 12)), 'no picker opened');
      assertCleaned((await received(1))[0]);
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  test("the showPicker of a frame's window whose first document a javascript: address replaced opens Silbato's picker", async () => {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack3-jsurl?via=picker`);
      await p.waitForFunction(() => window.ready === true);
      const opened = await pickSample(p, () => p.click('#open'), PICKER_WAIT);
      if (opened) assertCleaned((await received(1))[0]);
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  // Got through (no user action): a first document's wrapped functions
  // (realms.js's appendChild, pickers.js's showPicker, natives.js's
  // toString…) are functions of the top realm. A stack overflow met on
  // entering them is a RangeError of the top realm, where without Silbato
  // every RangeError seen there is the frame's own: /attack3-detect counted
  // {"appendChild":{"foreign":21},"showPicker":{"foreign":370},
  // "toString":{"foreign":522},"createElement":{"foreign":0}} with Silbato,
  // 0 everywhere without it.
  test.skip("a first document's wrapped functions are not functions of another realm (stack overflow probe)", async () => {
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack3-detect`);
      const result = await p.waitForFunction(() => window.result).then((h) => h.jsonValue());
      console.log('detect', JSON.stringify(result));
      // The control: createElement is not wrapped.
      assert.equal(result.createElement.foreign, 0);
      for (const name of ['appendChild', 'showPicker', 'toString']) assert.equal(result[name].foreign, 0, `${name}: a RangeError of another realm`);
    } finally {
      await p.close();
    }
  });
});
