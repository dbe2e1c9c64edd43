// The popup in Debian's Chromium: a local page loads scripts, pixels, a
// beacon and a fetch from real tracker host names (resolved to 127.0.0.1 by
// --host-resolver-rules), runs a canvas fingerprinting script, shows a
// photo with GPS and links with sharer ids; a drawing app reads its own
// canvas. The popup, opened as a tab at popup.html?tab=<id>, must name
// Google and Meta, flag the fingerprinter and not the drawing app, list the
// photo, pass axe-core, and no request may leave the machine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { launch, localMachine, root, waitForNotice } from './browser.mjs';
import { TRACKER_HOSTS } from './server.mjs';

let browser;
const local = localMachine();
let extensionId;

/** Open `path`, then the popup for its tab; resolves when the popup has drawn everything. */
async function popupFor(path, { viewport = { width: 380, height: 600 }, before: act } = {}) {
  const page = await browser.context.newPage();
  await page.goto(path.startsWith('/') ? `${local.server.base}${path}` : path);
  await page.waitForLoadState('load');
  if (act) await act(page);
  await page.bringToFront();
  const [tabId] = await browser.worker.evaluate(async () => (await chrome.tabs.query({ active: true })).map((t) => t.id));
  assert.ok(Number.isInteger(tabId));
  const popup = await browser.context.newPage();
  await popup.setViewportSize(viewport);
  await popup.goto(`chrome-extension://${extensionId}/popup/popup.html?tab=${tabId}`);
  await popup.waitForSelector('body[data-photos="done"], body[data-rendered="unavailable"]');
  return { page, popup };
}

const text = (popup, selector) => popup.locator(selector).innerText();

describe('the popup in Chromium', { concurrency: false, timeout: 120000 }, () => {
  before(async () => {
    browser = await launch(local.proxy, { localHosts: TRACKER_HOSTS });
    extensionId = new URL(browser.worker.url()).host;
  });

  after(async () => {
    await browser?.close();
  });

  test('a page with trackers, a fingerprinter, a leaky photo and sharer links', async () => {
    const { page, popup } = await popupFor('/tracked', {
      before: (p) => p.waitForFunction(() => typeof window.__fp === 'number'),
    });
    // The tracker stand-ins were really contacted, on this machine.
    for (const host of ['connect.facebook.net', 'www.facebook.com', 'www.googletagmanager.com', 'stats.g.doubleclick.net', 'www.google-analytics.com']) {
      assert.ok(local.server.trackerHits.includes(host), `${host} was not loaded`);
    }
    const verdict = await text(popup, '#verdict');
    assert.match(verdict, /This page can recognise your browser: do not sign in or post from here/);
    assert.match(verdict, /1 script on this page takes your browser fingerprint/);
    assert.match(verdict, /1 photo on this page still carries/);
    // Names, not counts: the companies that track, then how many others.
    assert.match(verdict, /Google and Meta track you here/);
    assert.doesNotMatch(verdict, /\(s\)/);

    assert.match(await text(popup, '#companies summary'), /Companies watching\s*2/);
    await popup.locator('#companies summary').click();
    const open = await text(popup, '#companies');
    assert.match(open, /Google \(US\) — advertising, analytics/);
    assert.match(open, /Meta \(US\) — advertising/);
    assert.match(open, /connect\.facebook\.net/);
    assert.match(open, /stats\.g\.doubleclick\.net/);
    assert.match(open, /This site's own servers \(1\): 127\.0\.0\.1/);
    assert.match(open, /static\.fp-vendor\.test/, 'an unlisted host is still shown');

    const fp = await text(popup, '#fingerprinting');
    assert.match(fp, /static\.fp-vendor\.test\/fp\.js/);
    assert.match(fp, /draws hidden text and reads the picture back/);
    assert.match(fp, /measures text in dozens of fonts/);
    assert.match(fp, /renders silent sound/);

    const photos = await text(popup, '#photos');
    assert.match(photos, /This site publishes photos with their location intact/);
    assert.match(photos, /photo\.jpg/);
    assert.match(photos, /Minneapolis/);

    await popup.locator('#links summary').click();
    const links = await text(popup, '#links');
    assert.match(links, /“si” names whoever shared it \(YouTube\)/);
    assert.match(links, /“igsh” names whoever shared it \(Instagram\)/);
    assert.doesNotMatch(links, /about/);
    await popup.screenshot({ path: '/tmp/popup.png', fullPage: true });
    await page.close();
    await popup.close();
  });

  test('personal details being typed are named in the popup, kind by kind, with what to do', async () => {
    const { page, popup } = await popupFor('/write', {
      before: async (p) => {
        await p.click('#ta');
        await p.keyboard.type('Detained this morning. Her A-number is A-123-456-789, call me at 612-555-0199');
        await waitForNotice(p, /! 2/, 15000, 'silbato-marker');
      },
    });
    const details = await text(popup, '#details');
    assert.match(details, /Personal details in what you are typing\s*2/);
    assert.match(details, /Immigration case number/);
    assert.match(details, /Phone number/);
    assert.match(details, /send them privately/);
    assert.doesNotMatch(details, /123-456-789|555-0199/, 'the popup repeats what was typed');
    assert.equal(await popup.getAttribute('#details', 'open'), '', 'a section with findings is open');
    // A page where nothing was typed has no such section.
    await page.close();
    await popup.close();
    const other = await popupFor('/write');
    assert.equal(await other.popup.locator('#details').count(), 0);
    await other.page.close();
    await other.popup.close();
  });

  test('on a platform it covers, the popup gives its site note with sources', async () => {
    // www.facebook.com is resolved to this machine's HTTPS stand-in.
    const { page, popup } = await popupFor(`https://www.facebook.com:${local.server.tlsPort}/tracked`);
    assert.match(await text(popup, '#site summary'), /Facebook, Instagram, and Threads \(Meta\)/);
    await popup.locator('#site summary').click();
    const sources = await popup.locator('#site a[href^="https://"]').count();
    const facts = await popup.locator('#site li').count();
    assert.ok(facts >= 3 && sources >= 1, `${facts} facts, ${sources} sources`);
    await page.close();
    await popup.close();
  });

  test('on a platform that received the subpoenas, the popup says what to do if you get a notice', async () => {
    // www.facebook.com again, resolved to this machine's HTTPS stand-in.
    const { page, popup } = await popupFor(`https://www.facebook.com:${local.server.tlsPort}/tracked`);
    assert.match(await text(popup, '#notice summary'), /If a platform tells you the government asked for your account/);
    await popup.locator('#notice summary').click();
    const guidance = await text(popup, '#notice');
    assert.match(guidance, /What to do/);
    assert.match(guidance, /seven days/);
    assert.match(guidance, /motion to quash/);
    assert.match(guidance, /lawyer/);
    assert.match(guidance, /court order before complying/);
    assert.match(guidance, /not legal advice/);
    // Every item links its source, dated, and when it was checked.
    const items = await popup.locator('#notice li').count();
    const sources = await popup.locator('#notice li > a[href^="http"]:not(:has-text("archived copy"))').count();
    assert.ok(items >= 10 && sources === items, `${items} items, ${sources} sources`);
    assert.match(guidance, /Source \(2021-03-24; checked 2026-12-04\)/);
    // Axe-core with the guidance open, light and dark.
    await popup.evaluate(readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8'));
    for (const dark of [false, true]) {
      await popup.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
      const result = await popup.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], dark ? 'dark' : 'light');
    }
    assert.ok((await popup.evaluate(() => document.documentElement.scrollWidth)) <= 380, 'nothing wider than the popup');
    await page.close();
    await popup.close();
    // A page that is no platform gets no such section.
    const other = await popupFor('/tracked');
    assert.equal(await other.popup.locator('#notice').count(), 0);
    await other.page.close();
    await other.popup.close();
  });

  test('a drawing app that reads its own canvas is not a fingerprinter', async () => {
    const { page, popup } = await popupFor('/drawing', {
      before: async (p) => {
        const box = await p.locator('#pad').boundingBox();
        await p.mouse.move(box.x + 50, box.y + 100);
        await p.mouse.down();
        await p.mouse.move(box.x + 200, box.y + 150, { steps: 5 });
        await p.mouse.up();
        await p.click('#save');
        await p.waitForSelector('#saved:has-text("saved")');
      },
    });
    assert.match(await text(popup, '#fingerprinting'), /Browser fingerprint\s*0/);
    assert.match(await text(popup, '#verdict'), /Little tracking seen/);
    await page.close();
    await popup.close();
  });

  test('keyboard, screen reader and axe-core', async () => {
    const { page, popup } = await popupFor('/tracked');
    // Every section opens from the keyboard.
    await popup.keyboard.press('Tab');
    const focused = await popup.evaluate(() => document.activeElement.closest('details')?.id);
    assert.ok(focused, 'the first Tab reaches a section');
    const before = await popup.evaluate((id) => document.getElementById(id).open, focused);
    await popup.keyboard.press('Enter');
    assert.equal(await popup.evaluate((id) => document.getElementById(id).open, focused), !before);
    assert.equal(await popup.getAttribute('#verdict', 'role'), 'status');
    assert.equal(await popup.getAttribute('#main', 'aria-busy'), 'false');

    await popup.evaluate(readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8'));
    for (const dark of [false, true]) {
      await popup.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
      await popup.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const result = await popup.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], dark ? 'dark' : 'light');
    }
    // Comfortable at 380x600: nothing wider than the popup.
    const overflow = await popup.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= 380, `content is ${overflow}px wide`);
    await page.close();
    await popup.close();
  });

  test('a page the extension cannot reach says so', async () => {
    const page = await browser.context.newPage();
    await page.goto('chrome://version');
    await page.bringToFront();
    const [tabId] = await browser.worker.evaluate(async () => (await chrome.tabs.query({ active: true })).map((t) => t.id));
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup/popup.html?tab=${tabId}`);
    await popup.waitForSelector('body[data-rendered="unavailable"]');
    assert.match(await text(popup, '#verdict'), /This page cannot be checked/);
    await page.close();
    await popup.close();
  });
});
