// Before you type (issue 18), in Debian's Chromium with local pages and real
// tracker and recorder host names resolved to 127.0.0.1: a third-party
// script that sends what is typed (plain, URL-encoded, base64) is named in
// the typing marker and the popup; the site's own autosave is not called key
// logging; a session recorder loaded from its real host name, and one found
// only by what it does, are named; a page with neither shows nothing. No
// request may leave the machine, and the typed text is stored nowhere.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, localMachine, markerVisible, noticeText, waitForNotice } from './browser.mjs';
import { RECORDER_HOSTS, TRACKER_HOSTS } from './server.mjs';

const TYPED = 'Vimos a la migra en Lake Street';

let browser;
const local = localMachine();
let extensionId;

const marker = (p) => noticeText(p, 'silbato-marker');
const waitForMarker = (p, pattern) => waitForNotice(p, pattern, 15000, 'silbato-marker');

async function open(path) {
  const page = await browser.context.newPage();
  await page.goto(`${local.server.base}${path}`);
  await page.waitForLoadState('load');
  return page;
}

/** The popup for `page`'s tab, opened as a tab; resolves when everything is drawn. */
async function popupFor(page) {
  await page.bringToFront();
  const [tabId] = await browser.worker.evaluate(async () => (await chrome.tabs.query({ active: true })).map((t) => t.id));
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup/popup.html?tab=${tabId}`);
  await popup.waitForSelector('body[data-photos="done"], body[data-rendered="unavailable"]');
  return popup;
}

const text = (popup, selector) => popup.locator(selector).innerText();

describe('before you type, in Chromium', { concurrency: false, timeout: 180000 }, () => {
  before(async () => {
    browser = await launch(local.proxy, { localHosts: [...TRACKER_HOSTS, ...RECORDER_HOSTS] });
    extensionId = new URL(browser.worker.url()).host;
  });

  after(async () => {
    await browser?.close();
  });

  const FORMS = { plain: /as written/, url: /encoded for a web address/, base64: /encoded in base64/ };
  for (const [form, said] of Object.entries(FORMS)) {
    test(`a third-party script sending typed text (${form}) is named in the marker and the popup`, async () => {
      const page = await open(`/keylog?form=${form}`);
      await page.click('#ta');
      await page.keyboard.type(TYPED);
      await page.waitForFunction(() => window.__sent > 8);
      const shown = await waitForMarker(page, /This page sends what you type to Google before you post/);
      assert.match(shown, /reached www\.google-analytics\.com/);
      assert.match(shown, said);
      assert.match(shown, /Silbato's offline page or a notes app/);
      assert.ok(await markerVisible(page));
      assert.ok(local.server.trackerHits.includes('www.google-analytics.com'));

      const popup = await popupFor(page);
      const verdict = await text(popup, '#verdict');
      assert.match(verdict, /This page watches what you type/);
      assert.match(verdict.split('\n').filter(Boolean)[1], /^This page sends what you type to Google before you post\.$/, 'named first');
      const section = await text(popup, '#typing');
      assert.match(section, /Before you type\s*1/);
      assert.match(section, /Google received what you typed in a box on this page before you posted/);
      assert.match(section, said);
      // What was typed is nowhere in the popup, nor in anything the extension stored.
      assert.doesNotMatch(await popup.locator('body').innerText(), /Lake Street/);
      const stored = await browser.worker.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
      assert.doesNotMatch(stored, /Lake Street/);
      await popup.close();
      await page.close();
    });
  }

  test('a contenteditable editor is watched the same way', async () => {
    const page = await open('/keylog?form=base64');
    await page.click('#ce');
    await page.keyboard.type(TYPED);
    await waitForMarker(page, /This page sends what you type to Google before you post/);
    await page.close();
  });

  test("the site's own autosave to its own server is not key logging by a third party", async () => {
    const page = await open('/autosave');
    const before = local.server.drafts.length;
    await page.click('#ta');
    await page.keyboard.type(TYPED);
    await page.waitForFunction(() => window.__saved > 8);
    assert.ok(local.server.drafts.length > before, 'the page saved its draft');
    await page.waitForTimeout(1500);
    assert.equal(await markerVisible(page), false, 'no marker for the site saving its own draft');
    assert.doesNotMatch(await marker(page), /sends what you type/);

    const popup = await popupFor(page);
    assert.doesNotMatch(await text(popup, '#verdict'), /what you type/);
    assert.match(await text(popup, '#typing summary'), /Before you type\s*0/);
    await popup.locator('#typing summary').click();
    const section = await text(popup, '#typing');
    assert.match(section, /This site's own servers received what you typed before you posted/);
    await popup.close();
    await page.close();
  });

  test('a session recorder loaded from its real host name is named', async () => {
    const page = await open('/recorded');
    await page.mouse.move(100, 100);
    await page.mouse.move(200, 150, { steps: 5 });
    await page.click('#ta');
    await page.keyboard.type(TYPED);
    await page.waitForFunction(() => window.__batches >= 2);
    assert.ok(local.server.trackerHits.includes('static.hotjar.com'));
    await waitForMarker(page, /Hotjar can record this page as you use it/);
    assert.doesNotMatch(await marker(page), /sends what you type/, 'what it sends is not the typed text');

    const popup = await popupFor(page);
    const verdict = await text(popup, '#verdict');
    assert.match(verdict, /Hotjar can record your visit here, even what you type and then delete/);
    const section = await text(popup, '#typing');
    assert.match(section, /Hotjar can record your visit/);
    assert.match(section, /Loaded from static\.hotjar\.com/);
    assert.equal(await popup.locator('#typing a[href^="https://"]').count(), 1, 'with how we know');
    await popup.close();
    await page.close();
  });

  test('a recorder no list names is found by what it does', async () => {
    const page = await open('/replayed');
    await page.click('#ta');
    await page.keyboard.type(TYPED);
    await page.waitForFunction(() => window.__batches >= 3);
    const popup = await popupFor(page);
    const section = await text(popup, '#typing');
    assert.match(section, /session-replay\.test can record your visit/);
    assert.match(section, /A script from cdn\.session-replay\.test behaves like a session recorder/);
    assert.match(await text(popup, '#verdict'), /session-replay\.test can record your visit here/);
    await popup.close();
    await page.close();
  });

  test('a page with neither shows nothing', async () => {
    const page = await open('/quiet');
    await page.click('#ta');
    await page.keyboard.type(TYPED);
    await page.waitForTimeout(1500);
    assert.equal(await markerVisible(page), false);
    const popup = await popupFor(page);
    assert.doesNotMatch(await text(popup, '#verdict'), /what you type|record your visit/);
    assert.match(await text(popup, '#typing summary'), /Before you type\s*0/);
    await popup.locator('#typing summary').click();
    const section = await text(popup, '#typing');
    assert.match(section, /So far, nothing on this page was seen sending what you type/);
    assert.doesNotMatch(section, /own servers/);
    await popup.close();
    await page.close();
  });

  test('the watch on what leaves the page cannot be seen looking (no Symbol.hasInstance, no second conversion)', async () => {
    const page = await open('/quiet');
    await page.click('#ta');
    await page.keyboard.type(TYPED);
    const seen = await page.evaluate(async () => {
      // A page that counts who asks what its objects are, after the person typed.
      const asked = {};
      for (const name of ['URL', 'Request', 'Blob', 'FormData', 'URLSearchParams', 'ArrayBuffer', 'HTMLImageElement', 'HTMLScriptElement', 'HTMLIFrameElement', 'HTMLInputElement', 'HTMLTextAreaElement']) {
        asked[name] = 0;
        Object.defineProperty(window[name], Symbol.hasInstance, { configurable: true, value(v) { asked[name]++; return Function.prototype[Symbol.hasInstance].call(this, v); } });
      }
      let converted = 0;
      const address = { toString() { converted++; return '/beacon'; } };
      await fetch(new URL('/x', location.href)).catch(() => {});
      await fetch(new Request('/y')).catch(() => {});
      document.createElement('img').setAttribute('src', '/z.png');
      navigator.sendBeacon(address, new Blob(['a']));
      const xhr = new XMLHttpRequest();
      xhr.open('POST', new URL('/w', location.href));
      const data = new FormData();
      data.append('a', 'b');
      xhr.send(data);
      navigator.sendBeacon('/v', new Uint8Array([1, 2, 3]));
      navigator.sendBeacon('/u', new URLSearchParams('a=b'));
      await new Promise((r) => setTimeout(r, 300));
      // Put back before answering (Playwright's own serializer asks too).
      for (const name of Object.keys(asked)) delete window[name][Symbol.hasInstance];
      return { asked, converted };
    });
    assert.deepEqual(Object.entries(seen.asked).filter(([, n]) => n), [], 'no Symbol.hasInstance was called');
    assert.equal(seen.converted, 1, 'an address object is converted once, by the browser');
    await page.close();
  });

  test('a page that types into its own box itself is not taken for the person typing', async () => {
    const page = await open('/keylog?form=plain');
    // Untrusted input events: the page world never keeps this text.
    await page.evaluate((typed) => {
      const ta = document.getElementById('ta');
      ta.value = typed;
      ta.dispatchEvent(new InputEvent('input', { bubbles: true }));
      ta.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }, TYPED);
    await page.waitForFunction(() => window.__sent >= 2);
    const popup = await popupFor(page);
    assert.match(await text(popup, '#typing'), /Before you type\s*0/);
    await popup.close();
    await page.close();
  });
});
