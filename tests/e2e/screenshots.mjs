// The README's screenshots of the upload guard (the notice after an automatic
// clean, the ask-first question) and of the typing guard's marker and panel.
// `make screenshots`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { clickNotice, launch, root, waitForNotice } from './browser.mjs';
import { startRecordingProxy, startServer, TRACKER_HOSTS } from './server.mjs';

const out = join(root, 'docs/screenshots');
mkdirSync(out, { recursive: true });
const server = await startServer();
const proxy = await startRecordingProxy();
const photo = join(root, 'samples/sample.jpg');

for (const [locale, suffix] of [['en', ''], ['es', '-es']]) {
  const browser = await launch(proxy, { locale, localHosts: TRACKER_HOSTS });
  for (const [mode, name, pattern] of [['auto', 'notice', /Removed|Se quitó/], ['ask', 'ask-first', /Before this|Antes de/]]) {
    await browser.settings({ mode, sites: {} });
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 900, height: 520 });
    await page.goto(`${server.base}/compose`);
    await page.setInputFiles('#file', photo);
    await waitForNotice(page, pattern);
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(out, `${name}${suffix}.png`) });
    await page.close();
  }
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 900, height: 520 });
  await page.goto(`${server.base}/write`);
  await page.click('#ta');
  await page.keyboard.type(locale === 'es'
    ? 'Miren esto https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGhIjK y compártanlo'
    : 'Watch this https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGhIjK and share it');
  await waitForNotice(page, /! 1/, 15000, 'silbato-marker');
  await clickNotice(page, '! 1', 'silbato-marker');
  await waitForNotice(page, /YouTube/, 15000, 'silbato-marker');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, `typing${suffix}.png`) });
  await page.close();

  // The popup on a page with trackers, a fingerprinter and a photo with GPS.
  const tracked = await browser.context.newPage();
  await tracked.goto(`${server.base}/tracked`);
  await tracked.waitForFunction(() => typeof window.__fp === 'number');
  await tracked.bringToFront();
  const [tabId] = await browser.worker.evaluate(async () => (await chrome.tabs.query({ active: true })).map((t) => t.id));
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${new URL(browser.worker.url()).host}/popup/popup.html?tab=${tabId}`);
  await popup.waitForSelector('body[data-photos="done"]');
  await popup.evaluate(() => document.querySelector('#photos').removeAttribute('open'));
  await popup.screenshot({ path: join(out, `popup${suffix}.png`) });
  await popup.close();
  await tracked.close();
  await browser.close();
}
// The offline page, cleaned batch, on a phone-sized screen, in both languages.
for (const [locale, suffix] of [['en', ''], ['es', '-es']]) {
  const phone = await launch(proxy, { locale, extension: false, contextOptions: { viewport: { width: 360, height: 800 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } });
  const page = await phone.context.newPage();
  await page.goto(`${server.base}/www/`);
  await page.waitForSelector('body[data-ready]');
  await page.setInputFiles('#files', [photo, join(root, 'build/fixtures/heic-tagged.heic')]);
  await page.waitForFunction(() => document.querySelectorAll('.card').length === 2 && !/Checking…|Revisando…/.test(document.body.innerText));
  await page.waitForTimeout(300);
  await page.evaluate(() => document.getElementById('batch').scrollIntoView());
  await page.screenshot({ path: join(out, `www${suffix}.png`) });
  await phone.close();
}
await server.close();
await proxy.close();
console.log(`screenshots in ${out}`);
