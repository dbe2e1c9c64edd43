// The forty-first attack: the lockdown's spend of the person's activation
// (realms.js unheld(doc), spend(event): spendIn makes a text input with the
// document's native createElement and calls its native showPicker) in a top
// document that is XML. Pages: attack41-pages.mjs (served raw, as
// application/xml with an XHTML root, by server.mjs at /attack41-xml).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { attackSwitches, launch, localMachine, pickerAttacks } from './browser.mjs';
import { GRAB_WAIT, PICKER_WAIT, sample, uploadChecks } from './uploads.mjs';

const local = localMachine();
const { explore } = attackSwitches(41);
const { received, nothingMore, assertCleaned, said } = uploadChecks(local);

describe('attack 41: the lockdown\'s spend and the own picker in an XML document, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  let browser;
  const pickerAttack = pickerAttacks(local, 41);
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });
  /**
   * /attack41-xml?via=`via`: as uploads.mjs's grabbedPickerAttack (the person clicks #open once and picks the sample
   * in whatever picker opens), but the chooser is met through CDP (Page.setInterceptFileChooserDialog,
   * DOM.setFileInputFiles): Playwright's setFiles refuses an XHTML input in an XML document ("Node is not an
   * HTMLInputElement": it checks nodeName === 'INPUT'; there it is 'input'), Chromium's own call takes it.
   */
  async function xmlAttack(via, kind = 'xml') {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      const cdp = await p.context().newCDPSession(p);
      await cdp.send('Page.enable');
      await cdp.send('Page.setInterceptFileChooserDialog', { enabled: true });
      let opened = null;
      cdp.on('Page.fileChooserOpened', (e) => { opened = e; });
      await p.goto(`${local.server.base}/attack41-${kind}?via=${via}`, { timeout: 120000 });
      await p.waitForFunction('window.ready === true', null, { timeout: 60000 });
      await p.waitForFunction('!!window.grabbed', null, { timeout: GRAB_WAIT }).catch(() => {});
      console.log(`${via}: page state ${JSON.stringify(await p.evaluate(() => ({ grabbed: !!window.grabbed, connectError: window.connectError ?? null, notes: window.notes })))}`);
      await p.click('#open');
      const until = Date.now() + PICKER_WAIT;
      while (!opened && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      if (opened) await cdp.send('DOM.setFileInputFiles', { files: [sample], backendNodeId: opened.backendNodeId });
      await new Promise((r) => setTimeout(r, 500));
      const status = await p.textContent('#status');
      if (!opened) {
        await nothingMore(500);
        console.log(`${via}: no picker (${status})`);
        return `no picker (${status})`;
      }
      console.log(`${via}: notes ${JSON.stringify(await p.evaluate(() => window.notes))}`);
      const file = said(via, (await received(1))[0]);
      console.log(`${via}: picker opened (${status})`);
      assertCleaned(file);
      await nothingMore();
      return 'cleaned';
    } finally {
      await p.close();
    }
  }

  // Fail closed since the fix of the same day (js/dom.js html: Silbato's own picker input, notice, cleaner frame
  // and the lockdown's spend are made with createElementNS(XHTML); guard.js answers every pick it would take, so
  // one it fails to open never falls to the browser's own picker): control (xml, svg) now gets a CLEANED copy
  // (photo.jpg, 12582 bytes); xmlblurfill, xmlblurkeep "no picker" ("activation before true, after false";
  // "click: activation false", "kept: NotAllowedError"), 1 run each.
  // Before, THROUGH (2026-12-07, Chromium 156, 1-2 runs each): the page received "sample.jpg", 19458 bytes, the ORIGINAL.
  // The page is served as application/xml (an XHTML root; `xml`) or image/svg+xml (an SVG root, the button in a
  // foreignObject; `svg`): an XMLDocument that is neither HTML nor XHTML, where document.createElement('input')
  // makes a null-namespace Element (the page makes its own elements with createElementNS(XHTML)). Two of
  // Silbato's pieces make their input that way:
  // - control (xml, svg): the page's detached XHTML file input, opened with Silbato's own WRAPPED showPicker in
  //   the click ("asked"). The page world asks the guard for its own picker (pickers.js guardPicks, 'file-pick');
  //   the guard's pickFor builds it with `document.createElement('input')` (own-picker.js:22), an Element with no
  //   click(); `ours.click()` throws (own-picker.js:80), pickFor returns false (:84), the guard answers nothing
  //   (guard.js:156), and the page world, taking the guard as absent, runs the NATIVE showPicker (pickers.js:48, :74-79: fails open).
  // - xmlblurfill (xml): attack 33's blur fill in the click (box = [inp, d], inp focused, box.replaceChildren(d),
  //   at inp's blur d.append(f)): filledGoing sees it and calls unheld(), but the spend (realms.js spendIn,
  //   line 206: nativeShowPicker on `nativeCreateElement(doc, 'input')`) throws TypeError on the Element and is
  //   caught as "no activation to spend": "activation before true, after true"; f's fallback custom element reads
  //   "b showPicker NATIVE, is f true, activation true" and opens it at once.
  // - xmlblurkeep (xml, svg): the same at load, the native showPicker kept and f moved out. The lockdown is on,
  //   but its spend at the person's press (realms.js spend -> spendIn) throws the same way: "click: activation
  //   true", and the kept native picker opens. (In XHTML the same page reads "click: activation false", "kept:
  //   NotAllowedError".) This one does not go through Silbato's picker at all: the lockdown alone fails here.
  for (const way of ['control', 'xmlblurfill', 'xmlblurkeep', 'control:svg', 'xmlblurkeep:svg']) {
    const [via, kind = 'xml'] = way.split(':');
    test(`an XML document: ${via} (${kind}): the page gets no original`, async () => {
      assert.match(await xmlAttack(via, kind), via === 'control' ? /^cleaned/ : /^no picker/);
    });
  }
  // Withstood (2026-12-07, 1 run each): the same markup served as application/xhtml+xml (createElement makes HTML
  // elements there): control "cleaned" (photo.jpg, 12582 bytes); xmlblurfill "no picker" ("activation before true,
  // after false", "callback: NotAllowedError"); xmlblurkeep "no picker" ("click: activation false").
  for (const way of ['control:xhtml', 'xmlblurfill:xhtml', 'xmlblurkeep:xhtml']) {
    const [via, kind] = way.split(':');
    test(`the same page as XHTML: ${via}: the page gets no original`, async () => {
      assert.match(await xmlAttack(via, kind), /^(no picker|cleaned)/);
    });
  }
  // Withstood (2026-12-07, 1 run each), an HTML top page:
  // xmlchild, blobxmlchild (a same-origin XML child, by address or a blob: URL; the top's input opened with the
  // CHILD's wrapped showPicker): "cleaned" (the top's guard picks: the input's document's); xhtmlchild the same.
  // disownedfrag (attack40's disowned popup, the going node d in a fragment as the fill is made through the popup's
  // copy): "no picker": "blur: d connected false, f in d true, activation before true, after false", the callback
  // reads "b: showPicker NATIVE, is f true" but throws NotAllowedError; ownfrag (the fill through the top's own
  // copy) the same.
  for (const via of ['xmlchild', 'xhtmlchild', 'blobxmlchild']) {
    test(`an HTML page with an XML child: ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^(no picker|cleaned)/);
    });
  }
  for (const via of ['disownedfrag', 'ownfrag']) {
    test(`a fill into a node in a fragment: ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  for (const way of explore.filter((w) => w.startsWith('html:'))) {
    test(`explore ${way}`, async () => {
      await pickerAttack(way.slice(5), { mustGrab: false });
    });
  }
  for (const way of explore.filter((w) => !w.startsWith('html:'))) {
    const [via, kind = 'xml'] = way.split(':');
    test(`explore ${via} (${kind})`, async () => {
      await xmlAttack(via, kind);
    });
  }
});
