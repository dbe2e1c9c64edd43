// Copying a link from a page with the ordinary copy command, in Debian's
// Chromium: the clipboard ends up with the clean link (and the notice offers
// the original back); copied text that is not one link is left as it is; the
// setting off leaves links alone. No request may leave 127.0.0.1 except
// Chromium's own sign-in and update checks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { clickNotice, launch, localMachine, waitForNotice } from './browser.mjs';

const SHARED = 'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=1a2b3c4d&pi=jKU5';
const CLEAN = 'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC';

let browser;
const local = localMachine();

/** Put `text` on the page, select it as a person would, and press Ctrl+C. */
async function copyFromPage(p, text) {
  await p.evaluate((text) => {
    document.getElementById('copy-me')?.remove();
    const para = document.createElement('p');
    para.id = 'copy-me';
    para.textContent = text;
    document.body.append(para);
  }, text);
  await p.click('#copy-me', { clickCount: 3 });
  await p.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('copy-me'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
  });
  await p.keyboard.press('Control+C');
}

const clipboard = (p) => p.evaluate(() => navigator.clipboard.readText());

/** Wait until the clipboard holds `want` (the clean link replaces the copied one a moment later). */
async function clipboardBecomes(p, want, timeout = 10000) {
  const until = Date.now() + timeout;
  let got;
  while (Date.now() < until) {
    got = await clipboard(p);
    if (got === want) return;
    await p.waitForTimeout(50);
  }
  assert.equal(got, want);
}

describe('copying a link from a page in Chromium', { concurrency: false, timeout: 120000 }, () => {
  before(async () => {
    browser = await launch(local.proxy);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: local.server.base });
  });

  after(async () => {
    await browser?.close();
  });

  test('a share link copied with Ctrl+C is the clean link on the clipboard, and the original can be had back', async () => {
    const p = await browser.context.newPage();
    await p.goto(`${local.server.base}/write`);
    await p.bringToFront();
    await copyFromPage(p, SHARED);
    await clipboardBecomes(p, CLEAN);
    await waitForNotice(p, /Copied the clean link: removed si \(names whoever shared it\) and pi/);
    await clickNotice(p, 'Copy the original');
    await clipboardBecomes(p, SHARED);
    await p.close();
  });

  test('copied text that is not one link is left as it is', async () => {
    const p = await browser.context.newPage();
    await p.goto(`${local.server.base}/write`);
    await p.bringToFront();
    const words = `Meeting at the library at 7 pm, bring water ${SHARED}`;
    await copyFromPage(p, words);
    await p.waitForTimeout(1000);
    assert.equal(await clipboard(p), words);
    await copyFromPage(p, 'https://example.org/plain/page');
    await p.waitForTimeout(1000);
    assert.equal(await clipboard(p), 'https://example.org/plain/page');
    await p.close();
  });

  test('the setting off leaves a copied link alone', async () => {
    await browser.settings({ copyClean: false });
    const p = await browser.context.newPage();
    await p.goto(`${local.server.base}/write`);
    await p.bringToFront();
    await copyFromPage(p, SHARED);
    await p.waitForTimeout(1500);
    assert.equal(await clipboard(p), SHARED);
    await browser.settings({ copyClean: true });
    await p.close();
  });
});
