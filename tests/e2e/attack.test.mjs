// The upload guard attacked again after the hardening of issue 15, as a
// hostile page would, by someone who had not seen how it was made. Each
// test is written as the test the guard should pass: it judges the bytes
// the local server received (exiftool finds nothing; the bytes are not the
// original's), or what the page itself could observe. Pages: attack-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launch, localMachine, markerVisible, noticeText, root, waitForNotice } from './browser.mjs';
import { content, leaks } from './checks.mjs';
import { uploadChecks } from './uploads.mjs';

const sample = join(root, 'samples/sample.jpg');
const fixture = (name) => {
  const path = join(root, 'build/fixtures', name);
  assert.ok(existsSync(path), `${path} is missing: run make first`);
  return path;
};

let browser;
const local = localMachine();

const { received } = uploadChecks(local);

/** Nothing more arrives in `ms` (an original that does is named as one). */
async function nothingMore(ms = 1500) {
  await new Promise((r) => setTimeout(r, ms));
  const original = readFileSync(sample);
  assert.deepEqual(
    local.server.received.splice(0).map((f) => (f.bytes.equals(original) ? `${f.name} (the original)` : f.name)),
    [],
    'the page received something it should not have',
  );
}

/** The page got a cleaned copy of `originalPath`: nothing identifying, same pixels, different bytes. */
function assertCleaned(file, originalPath) {
  const original = readFileSync(originalPath);
  assert.ok(!file.bytes.equals(original), 'the page received the original');
  assert.deepEqual(leaks(file.bytes, 'x.jpg'), [], 'exiftool still finds something');
  assert.equal(content(file.bytes, 'x.jpg'), content(original, 'x.jpg'), 'pixels changed');
}

/** Everything that arrives once uploads start and stop for `quiet` ms: each must be a cleaned copy of `originalPath`, and there must be `n`. */
async function allCleaned(originalPath, n = 1, quiet = 1500) {
  const until = Date.now() + 15000;
  while (!local.server.received.length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  let count = -1;
  while (count !== local.server.received.length) {
    count = local.server.received.length;
    await new Promise((r) => setTimeout(r, quiet));
  }
  const files = local.server.received.splice(0);
  const original = readFileSync(originalPath);
  assert.equal(files.filter((f) => f.bytes.equals(original)).length, 0, `the page received the original (${files.length} uploads)`);
  for (const f of files) assertCleaned(f, originalPath);
  assert.equal(files.length, n, `expected ${n} uploads, got ${files.length}`);
}

/** A fresh page at `path`, with nothing left over from an earlier test. */
async function page(path) {
  local.server.received.splice(0);
  const p = await browser.context.newPage();
  await p.goto(`${local.server.base}${path}`);
  return p;
}

/** A pick through the file chooser the click opens (Silbato's own, when the guard is there). */
async function pick(p, click, path) {
  const [chooser] = await Promise.all([p.waitForEvent('filechooser'), click()]);
  await chooser.setFiles(path);
}

/** A trusted drop of `path` onto the middle of `selector`. */
async function drop(p, selector, path) {
  const box = await p.locator(selector).boundingBox();
  const cdp = await p.context().newCDPSession(p);
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, ...at, data: { items: [], files: [path], dragOperationsMask: 1 } });
  await cdp.detach();
}

/** A photo picked, cleaned and handed over, and the notice offering the original back, armed. */
async function attachedWithUndo(p) {
  await p.setInputFiles('#file', sample);
  assertCleaned((await received(1))[0], sample);
  await waitForNotice(p, /Undo: attach the original/);
  // Armed after ARM_MS of being visible and unobscured; the face check redraws the card meanwhile.
  await waitForNotice(p, /No faces found|Faces in|couldn’t check for faces/);
  await p.waitForTimeout(2000);
}

describe('the upload guard attacked again, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  before(async () => {
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  const detachedWays = {
    '#listener': "after the page's own capture listener on it has stopped Silbato's",
    '#realm': "with click() from a same-origin frame sandboxed without scripts (where Silbato has no page world)",
    '#swap': "while EventTarget.prototype.dispatchEvent is swapped (so that Silbato's page world is never heard)",
    '#type': "with its type spoofed to Silbato's page world",
  };
  for (const [id, how] of Object.entries(detachedWays)) {
    test(`A1. an input never attached, opened ${how}`, async () => {
      const p = await page('/attack-detached');
      try {
        await pick(p, () => p.click(id), sample);
        assertCleaned((await received(1))[0], sample);
        await nothingMore();
      } finally {
        await p.close();
      }
    });
  }

  test('A1. the File System Access picker of a same-origin frame sandboxed without scripts never opens for the page', async () => {
    const p = await page('/attack-fsa');
    try {
      // With a file chooser listener, Playwright intercepts file pickers:
      // the browser's File System Access picker then fails with this message
      // instead of showing, which says that a person would have been shown
      // it (and the page would have read the original from the handle).
      // Silbato's own picker, if it offered one instead, arrives here.
      p.on('filechooser', () => {});
      await p.click('#open');
      await p.waitForFunction(() => window.outcome !== undefined || document.getElementById('status').textContent !== '', null, { timeout: 5000 }).catch(() => {});
      const outcome = await p.evaluate(() => window.outcome ?? null);
      assert.doesNotMatch(String(outcome), /setInterceptFileChooserDialog/, "the browser's own File System Access picker opened for the page");
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  const reopenWays = {
    '/attack-reopen-realm': "another realm's Document.prototype.open",
    '/attack-reopen-own-open': "the page's own Document.prototype.open, which document.write calls",
  };
  for (const [path, how] of Object.entries(reopenWays)) {
    test(`A2. a document reopened through ${how}, whose page listens first: a pick and a drop`, async () => {
      const p = await page(path);
      try {
        await p.waitForFunction(() => window.rewritten === true);
        await pick(p, () => p.click('#file'), sample);
        await allCleaned(sample);
        await drop(p, '#zone', sample);
        await allCleaned(sample);
      } finally {
        await p.close();
      }
    });
  }

  const moveWays = {
    '/attack-move': 'moves the notice (a translation of the root)',
    '/attack-zoom': 'zooms the notice (CSS zoom on the root)',
  };
  for (const [path, how] of Object.entries(moveWays)) {
    test(`A3. a page that ${how} under the pointer between the two clicks of a double-click gets no original`, async () => {
      const p = await page(path);
      try {
        await attachedWithUndo(p);
        const like = await p.locator('#like').boundingBox();
        const at = { x: like.x + like.width / 2, y: like.y + like.height / 2 };
        // "Double-click to like": the first click moves the page, the second lands where the person aimed.
        await p.mouse.click(at.x, at.y);
        await p.waitForTimeout(120);
        await p.mouse.click(at.x, at.y);
        assert.ok((await p.evaluate(() => window.moved)) >= 1, 'the page moved the notice');
        await nothingMore(2000);
        assert.doesNotMatch(await noticeText(p), /original of sample\.jpg was attached/);
      } finally {
        await p.close();
      }
    });
  }

  test('A4. a page that puts the notice in its tab order: Shift+Tab to the previous field and a space typed there attach no original', async () => {
    const p = await page('/attack-tab-order');
    try {
      await attachedWithUndo(p);
      assert.ok((await p.evaluate(() => window.moved)) > 0, 'the page moved the notice');
      await p.click('#caption');
      await p.keyboard.type('Marcha');
      // Back to the title, as a person correcting it would, and typing on.
      await p.keyboard.press('Shift+Tab');
      await p.keyboard.type('Hoy en ');
      await nothingMore(2000);
      assert.doesNotMatch(await noticeText(p), /original of sample\.jpg was attached/);
    } finally {
      await p.close();
    }
  });

  test('A5. what the page gets carries no date or time from the file: neither its name nor its lastModified', async () => {
    const taken = new Date('2026-02-01T15:30:12Z');
    const dir = mkdtempSync(join(tmpdir(), 'silbato-names-'));
    const photo = join(dir, 'IMG_20260201_153012.jpg');
    copyFileSync(sample, photo);
    // A screenshot with nothing inside to remove: handed over as it is today.
    const shot = join(dir, 'Screenshot_20260201-153012_Signal.png');
    copyFileSync(fixture('frame-a.png'), shot);
    for (const path of [photo, shot]) utimesSync(path, taken, taken);
    const p = await page('/attack-names');
    try {
      await pick(p, () => p.click('#file'), [photo, shot]);
      const files = await received(2);
      for (const f of files) assert.doesNotMatch(f.name, /2026|153012|Signal/, `the page received the name ${f.name}`);
      const seen = await p.evaluate(() => window.got);
      for (const f of seen) assert.notEqual(f.lastModified, taken.getTime(), `${f.name} kept the original's lastModified`);
    } finally {
      await p.close();
    }
  });

  test('A6. a page that hides the notice (moved into a hidden element) is told on the toolbar, like one that removes it', async () => {
    const p = await page('/attack-hide-notice');
    try {
      await pick(p, () => p.click('#file'), sample);
      assertCleaned((await received(1))[0], sample);
      await p.waitForTimeout(1500);
      assert.ok((await p.evaluate(() => window.hidden)) > 0, 'the page hid the notice');
      assert.equal(await p.evaluate(() => document.querySelector('silbato-notice').checkVisibility()), false);
      const badges = await browser.worker.evaluate(async () => Promise.all((await chrome.tabs.query({})).map((tab) => chrome.action.getBadgeText({ tabId: tab.id }))));
      assert.ok(badges.includes('!'), `the person was not told: badges ${JSON.stringify(badges)}`);
    } finally {
      await p.close();
    }
  });

  test('A7. a page typing names itself with execCommand learns nothing about the never-publish list', async () => {
    await browser.settings({ neverPublish: ['Ana Pérez'] });
    const p = await page('/attack-probe');
    try {
      // The person's own typing first (a phone number, which always gets a
      // marker), so that the core is loaded before the page guesses.
      await p.click('#comment');
      await p.keyboard.type('llámame al 612 345 678');
      for (let i = 0; i < 100 && !(await markerVisible(p)); i++) await p.waitForTimeout(100);
      const listed = await p.evaluate(() => window.guess('vimos a Ana Pérez en la esquina'));
      const listedMarker = await markerVisible(p);
      const unlisted = await p.evaluate(() => window.guess('vimos a Juan Gómez en la esquina'));
      assert.deepEqual(
        { markerShown: listedMarker, pageTellsApart: listed !== unlisted },
        { markerShown: false, pageTellsApart: false },
        `the page saw ${listed} where the marker shows for a listed name, ${unlisted} for another`,
      );
    } finally {
      await p.close();
      await browser.settings({ neverPublish: [] });
    }
  });

  test('A8. a page that focuses a file input or types into a field itself sees no element of Silbato', async () => {
    const p = await page('/attack-no-touch');
    try {
      const seen = await p.evaluate(() => window.look());
      assert.deepEqual(seen.afterFocus.filter((n) => n.startsWith('silbato')), [], 'after the page focused a file input');
      assert.deepEqual(seen.afterTyping.filter((n) => n.startsWith('silbato')), [], 'after the page typed with execCommand');
      assert.equal(await p.evaluate(() => window.length), 0);
    } finally {
      await p.close();
    }
  });

  test('A9. without any action of the person, the built-ins look as they do in Chromium without Silbato', async () => {
    const observe = async (b) => {
      const p = await b.context.newPage();
      try {
        await p.goto(`${local.server.base}/attack-observe`);
        return await p.evaluate(() => window.observe());
      } finally {
        await p.close();
      }
    };
    const plain = await launch(local.proxy, { extension: false });
    let without;
    try {
      without = await observe(plain);
    } finally {
      await plain.close();
    }
    const withSilbato = await observe(browser);
    const differ = [];
    const compare = (a, b, path) => {
      if (a && b && typeof a === 'object' && typeof b === 'object') {
        for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) compare(a[k], b[k], `${path}.${k}`);
      } else if (JSON.stringify(a) !== JSON.stringify(b)) {
        differ.push(`${path}: ${JSON.stringify(b)} with Silbato, ${JSON.stringify(a)} without`);
      }
    };
    compare(without, withSilbato, 'page');
    // The one difference Silbato makes on purpose (docs/threat-model.md): the
    // File System Access pickers hand a page files no guard can see, so they
    // are removed (pages fall back to a file input, as in Firefox and Safari).
    const DELIBERATE = ['page.filePickers.0: false with Silbato, true without', 'page.filePickers.2: false with Silbato, true without'];
    assert.deepEqual(differ.filter((d) => !DELIBERATE.includes(d)), [], 'what the page observes tells Silbato is there');
  });
});
