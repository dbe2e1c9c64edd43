// The upload guard in realms no content script runs in (issue 15): the
// first, empty document of a frame or popup, which a page can reach before
// its address loads (or for good, stopping it) and use with its own
// built-ins and inputs. Each way must end in the guard's own picker, and the
// page must receive only the cleaned copy; each check judges the bytes the
// local server received. Pages: realm-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { dropFiles, launch, localMachine, root } from './browser.mjs';
import { content, leaks } from './checks.mjs';
import { WAYS } from './realm-pages.mjs';

const sample = join(root, 'samples/sample.jpg');

let browser;
const local = localMachine();

async function received(n, timeout = 15000) {
  const until = Date.now() + timeout;
  while (local.server.received.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  assert.equal(local.server.received.length, n, `expected ${n} uploads, got ${local.server.received.length}`);
  return local.server.received.splice(0, n);
}

/** The page got a cleaned copy of the sample: nothing identifying, same pixels, other bytes, a neutral name. */
function assertCleaned(file) {
  const original = readFileSync(sample);
  assert.notDeepEqual(file.bytes, original, 'the page received the original');
  assert.deepEqual(leaks(file.bytes, 'x.jpg'), [], 'exiftool still finds something');
  assert.equal(content(file.bytes, 'x.jpg'), content(original, 'x.jpg'), 'pixels changed');
  assert.match(file.name, /^photo(-\d+)?\.jpg$/, `the page received the name ${file.name}`);
}

/** Nothing more arrives in `ms`. */
async function nothingMore(ms = 1500) {
  await new Promise((r) => setTimeout(r, ms));
  assert.deepEqual(local.server.received.splice(0).map((f) => f.name), [], 'the page received something it should not have');
}

/** The file chooser `click` opens gets the sample; false when none opened. */
async function pick(p, click, timeout = 15000) {
  const chooser = p.waitForEvent('filechooser', { timeout }).catch(() => null);
  await click();
  const c = await chooser;
  if (!c) return false;
  await c.setFiles(sample);
  return true;
}

describe("a frame's first document, in Chromium", { concurrency: false, timeout: 600000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  for (const via of WAYS) {
    test(`its showPicker, reached ${via}, opens Silbato's picker and the page gets the cleaned copy`, async () => {
      local.server.received.splice(0);
      const p = await browser.context.newPage();
      try {
        await p.goto(`${local.server.base}/realm-picker?via=${via}`);
        await p.waitForLoadState('load');
        if (via === 'popup') {
          await p.click('#open');
          await p.waitForFunction(() => document.getElementById('status').textContent === 'opened');
        }
        const opened = await pick(p, () => p.click('#open'));
        const status = await p.textContent('#status');
        if (!opened) {
          // No picker at all is safe too, if nothing reaches the page.
          await nothingMore();
          assert.fail(`no picker opened (status: ${status})`);
        }
        assertCleaned((await received(1))[0]);
        await nothingMore();
      } finally {
        for (const other of browser.context.pages()) if (!other.isClosed()) await other.close().catch(() => {});
      }
    });
  }

  test("its click() and a dispatched click on a never-attached input open Silbato's picker", async () => {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/realm-picker?via=frames`);
      await p.waitForLoadState('load');
      assert.ok(await pick(p, () => p.click('#open')));
      assertCleaned((await received(1))[0]);
      // Later clicks, each with the person's activation (a click on the page).
      await p.evaluate(() => document.getElementById('open').addEventListener('click', (e) => { e.stopImmediatePropagation(); window[window.next](); }, true));
      for (const how of ['again', 'dispatched']) {
        await p.evaluate((h) => { window.next = h; }, how);
        assert.ok(await pick(p, () => p.click('#open')), `no picker for ${how}`);
        assertCleaned((await received(1))[0]);
      }
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  test('an input the person clicks in a frame kept at its first document goes through the guard', async () => {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/realm-visible`);
      await p.waitForFunction(() => window.ready === true);
      // Where the input is drawn, once it is (a real click, at its place on screen).
      const input = p.frameLocator('#f').locator('#file');
      await input.waitFor({ state: 'visible' });
      const box = await input.boundingBox();
      assert.ok(await pick(p, () => p.mouse.click(box.x + 20, box.y + box.height / 2)), 'no picker opened');
      assertCleaned((await received(1))[0]);
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  test('a photo dropped into a frame kept at its first document goes through the guard', async () => {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/realm-visible`);
      await p.waitForFunction(() => window.ready === true);
      await dropFiles(p, '#f', [sample]);
      assertCleaned((await received(1))[0]);
      await nothingMore();
    } finally {
      await p.close();
    }
  });
});
