// The fifth attack on the upload guard (issue 15), as a hostile page would,
// aimed at insertions.js: page code that runs after a frame is connected and
// before realms.js's walk wraps its first document by paths the survey of
// inserted nodes does not see (the removal of what an insertion replaces,
// setters and DOM functions not guarded, code it does not count as code, a
// tree past MAX_NODES, a tangled frame's own subtree), and first documents
// the walk never reaches (MAX_FRAMES, MAX_WRAPPED, a popup opened with
// document.open). Each check judges the bytes the local server received.
// What Silbato withstands is asserted; what got through is `test.skip` with
// what arrived. Pages: attack5-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, localMachine } from './browser.mjs';
import { PICKER_WAIT, pickSample, uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();

const { received, nothingMore, assertCleaned, said, grabbedPickerAttack } = uploadChecks(local);

/** A picker opened on the person's click with a first document's showPicker, taken as its frame was connected `via`. */
const pickerAttack = (via) => grabbedPickerAttack(() => browser, '/attack5-picker', via, { connected: true });

/** A popup opened with document.open(url, name, features) on the person's click; its first document's showPicker on that click or the next. */
async function docopenAttack() {
  local.server.received.splice(0);
  const p = await browser.context.newPage();
  try {
    await p.goto(`${local.server.base}/attack5-docopen`);
    await p.waitForFunction(() => window.ready === true);
    let clicks = 1;
    let opened = await pickSample(p, () => p.click('#open'), PICKER_WAIT);
    if (!opened) {
      // The popup may have spent the click's activation: the person clicks again.
      console.log(`docopen: after the first click, ${await p.textContent('#status')}`);
      await p.bringToFront();
      clicks++;
      opened = await pickSample(p, () => p.click('#open'), PICKER_WAIT);
    }
    const status = await p.textContent('#status');
    console.log(`docopen: ${opened ? 'a picker opened' : 'no picker'} after ${clicks} click(s), ${status}`);
    if (!opened) {
      await nothingMore();
      return `no picker (${status})`;
    }
    assertCleaned(said('docopen', (await received(1))[0]));
    await nothingMore();
    return 'cleaned';
  } finally {
    for (const other of browser.context.pages()) if (other !== p && other.url().includes('/px/')) await other.close();
    await p.close();
  }
}

describe('attack 5: page code run inside an insertion that insertions.js does not hold back, and first documents the walk never reaches, in Chromium', { concurrency: false, timeout: 900000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  // Ways Silbato withstands (the page receives only a cleaned copy):
  // - aboutblank: a second frame with src="about:blank" after the first, in
  //   the document: its load fires inside the insertion (the page's realm
  //   was taken at once), but the document's capture listener for `load`
  //   walks first, so what the page took was already wrapped;
  // - jssrc, svgload: a second frame with a javascript: address, an
  //   <svg onload>: in Chromium 156 their code runs in a later task, even
  //   without Silbato (not a path at all; kept as controls).
  for (const via of ['aboutblank', 'jssrc', 'svgload']) {
    test(`a first document's showPicker, its frame connected ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }

  // Got through on 2026-12-05 (Chromium 156.0.8078.114, insertions.js as of
  // b96f065: code elements held back, frames only when tangled), withstood
  // since every frame a wrapped insertion connects is held back and put
  // back on its own, wrapped (and reached through its own window) before
  // anything else, and markup with a frame is parsed first. In every one,
  // the person clicked "attach a photo" once, picked samples/sample.jpg in
  // the browser's own picker, and the server received the ORIGINAL ("sample.jpg",
  // 19458 bytes, byte for byte the sample, GPS and all): the page took a
  // first document's native showPicker in the task that connected its frame
  // and called it on the click, on an input never put in any document.
  const WITHSTOOD = {
    // Removal of what the insertion replaces: a custom element's
    // disconnectedCallback, run as the native call returns.
    replacechild: 'parent.replaceChild(frame, customElement): its disconnectedCallback reads window[i]',
    replacewith: 'customElement.replaceWith(frame): its disconnectedCallback reads window[i]',
    replacechildren: 'box.replaceChildren(frame), box holding a custom element: its disconnectedCallback reads window[i]',
    innerhtml: "box.innerHTML = '<iframe src=…>' (no code in the markup), box holding a custom element: its disconnectedCallback reads window[i]",
    surround: 'range.surroundContents(frame) around a connected custom element (moved into the frame element): its disconnectedCallback reads window[i]',
    // Setters that only walked after them.
    bodysetter: 'document.body = newBody, newBody holding the frame and then a custom element: its connectedCallback reads window[i]',
    caption: 'table.caption = caption, the caption holding the frame and a custom element: its connectedCallback reads window[i]',
    // DOM functions that were not wrapped.
    selectadd: 'select.add(option), the option holding the frame; window[i] read right after',
    optionsadd: 'select.options.add(option), the option holding the frame; window[i] read right after',
    // Code the survey did not count as code.
    isbefore: "a customized built-in made with createElement('div', {is: 'x-late'}) before customElements.define (no is attribute, HTMLDivElement's prototype), appended with the frame: upgraded as it is connected, its connectedCallback reads window[i]",
    protoreset: "a defined customized built-in (new XDiv(), no is attribute) whose prototype the page set back to HTMLDivElement.prototype, appended with the frame: its connectedCallback reads window[i]",
    face: 'a form-associated custom element already in the document with form="late-form"; a <form id="late-form"> appended with the frame: its formAssociatedCallback reads window[i]',
    aboutblankshadow: 'a second frame with src="about:blank" in an open shadow root, after the frame: its synchronous load does not leave the shadow root, so the document capture listener never walks; its onload reads window[i]',
    emptysrcshadow: 'the same with src=""',
    huge: 'the frame, a div of 100010 empty text nodes and a script in one appendChild (the survey gave up past 100000 nodes); the script reads window[i]',
    tangledchild: "a frame holding a custom element as its child, and a later frame with no src: the child's connectedCallback ran inside the put-back, before the walk after it, and reads window[i]",
    // First documents the walk never reached (now reached through the frame's own window).
    manyframes: "a frame X (window[0], wrapped), then 900 frames, then a frame put into X's first document with X's wrapped appendChild: the walk stops at MAX_FRAMES (1024) windows, so X is never walked; read as X[0]",
    wrappedlimit: "a frame X in a closed shadow root (reached with contentWindow: wrapped), then 300 frames wrapped after it (MAX_WRAPPED is 256: X is dropped), then a frame put into X's first document with X's wrapped appendChild; read as X[0]",
  };
  for (const [via, what] of Object.entries(WITHSTOOD)) {
    test(`a first document's showPicker, its frame connected ${via} (${what}): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }

  // Still through (2026-12-05, the same build and since): `select[0] =
  // option` is the select's indexed setter, which no script can wrap; the
  // option holds the frame, and the page reads window[i] on the next line,
  // before the MutationObserver's walk. The server receives the ORIGINAL
  // ("sample.jpg", 19458 bytes). ATTACK5_THROUGH=1 runs it.
  const through = process.env.ATTACK5_THROUGH ? test : test.skip;
  through("a first document's showPicker, its frame connected selectindex (select[0] = option, the option holding the frame; window[i] read right after): the page gets only a cleaned copy", async () => {
    await pickerAttack('selectindex');
  });

  // Got through (two clicks): document.open(url, '_blank', features), the
  // three-argument form, is window.open through Document.prototype.open;
  // its popup's first document was never walked, and on the person's
  // second click (the first one's activation spent by the popup) the
  // browser's picker opened and the server received the ORIGINAL. Withstood
  // since realms.js hands that popup to `opened`.
  test("a popup opened with document.open(url, name, features): its first document's showPicker opens Silbato's picker", async () => {
    await docopenAttack();
  });

  // Seen without any user action (written in docs/threat-model.md:
  // "the order in which those nodes are connected and the stand-ins among
  // its mutation records"): an appendChild of a frame and two scripts; the
  // first script finds the second not yet in the document
  // (secondConnected false; true without Silbato), and the page's
  // MutationObserver sees 2 empty text nodes (0 without Silbato).
  through('an insertion of a frame and two scripts runs them as without Silbato (no user action)', async () => {
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack5-detect`);
      const result = await p.waitForFunction(() => window.result).then((h) => h.jsonValue());
      console.log('detect', JSON.stringify(result));
      assert.equal(result.secondConnected, true, 'the second script was not connected when the first ran');
      assert.equal(result.emptyTextRecords, 0, 'empty text nodes among the mutation records');
    } finally {
      await p.close();
    }
  });
});
