// The offline page in Debian's Chromium (without the extension): a batch of
// fixtures with location, serials and names is dropped in, the findings are
// shown, "Clean all" makes the zip, and every file in it passes exiftool's
// check with identical pixels (or stream hashes); the page reloads with the
// network off and still works; the single-file build works from file://; a
// phone-sized viewport is usable (screenshot looked at); axe-core finds no
// serious violation; no request leaves the machine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';

import { dropFiles, launch, localMachine, root } from './browser.mjs';
import { content, exiftool, leaks } from './checks.mjs';

const FIXTURES = ['samples/sample.jpg', 'build/fixtures/jpeg-full.jpg', 'build/fixtures/png-full.png', 'build/fixtures/webp-lossy.webp',
  'build/fixtures/heic-tagged.heic', 'build/fixtures/mp4-tagged.mp4', 'build/fixtures/jpeg-motion-trailer.jpg'].map((f) => join(root, f));
const name = (p) => p.split('/').pop();

let browser;
const local = localMachine();

async function cleanedZip(page) {
  await page.click('#clean');
  await page.waitForSelector('body[data-cleaned]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#zip')]);
  const path = await download.path();
  // An independent reader first: Python's zipfile tests every entry's CRC.
  execFileSync('python3', ['-m', 'zipfile', '-t', path], { stdio: 'ignore' });
  return unzipSync(readFileSync(path));
}

/** The neutral names the page saves files under, in order: photo.jpg, photo-2.png, video.mp4… */
function neutralNames(paths) {
  const counts = {};
  return paths.map((p) => {
    const ext = name(p).split('.').pop().toLowerCase().replace('jpeg', 'jpg');
    const stem = ['mp4', 'mov', '3gp'].includes(ext)
      ? 'video'
      : ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'].includes(ext)
        ? 'document'
        : ['mp3', 'm4a', 'wav', 'flac', 'ogg', 'opus'].includes(ext)
          ? 'recording'
          : 'photo';
    counts[stem] = (counts[stem] || 0) + 1;
    return counts[stem] === 1 ? `${stem}.${ext}` : `${stem}-${counts[stem]}.${ext}`;
  });
}

/** The zip holds each of `expected`, cleaned, under its neutral name (or its own, with `keep`). */
function checkZip(files, expected, keep = false) {
  const names = keep ? expected.map(name) : neutralNames(expected);
  assert.deepEqual(Object.keys(files).sort(), names.slice().sort());
  for (const [i, original] of expected.entries()) {
    const n = name(original);
    const bytes = files[names[i]];
    assert.deepEqual(leaks(bytes, n), [], `${n}: exiftool still finds identifying tags`);
    assert.equal(content(bytes, n), content(readFileSync(original), n), `${n}: pixels or streams changed`);
  }
}

describe('the offline page in Chromium', { concurrency: false, timeout: 180000 }, () => {
  before(async () => {
    browser = await launch(local.proxy, { extension: false });
  });

  after(async () => {
    await browser?.close();
  });

  test('a dropped batch: findings shown, cleaned, zipped, checked by exiftool with identical pixels', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${local.server.base}/www/`);
    await page.waitForSelector('body[data-ready]');
    await dropFiles(page, '#drop', FIXTURES);
    await page.waitForFunction((n) => document.querySelectorAll('.card').length === n && !document.body.innerText.includes('Checking…'), FIXTURES.length);
    const cards = await page.locator('#cards').innerText();
    assert.match(cards, /sample\.jpg/);
    assert.match(cards, /Location: .*Minneapolis/);
    assert.match(cards, /Serial number: /);
    assert.match(cards, /Names: /);
    assert.match(cards, /Hidden images or video: /, 'the appended motion-photo video is named');
    const files = await cleanedZip(page);
    checkZip(files, FIXTURES);
    assert.match(await page.locator('#status').innerText(), /Cleaned 7 files\./);
    // Each file can be downloaded alone too, under the same neutral name.
    const [one] = await Promise.all([page.waitForEvent('download'), page.locator('.card').first().locator('a', { hasText: 'Download' }).click()]);
    assert.equal(one.suggestedFilename(), 'photo.jpg');
    await page.close();
  });

  test('file names: what a name says is shown and left behind; the switch keeps names', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${local.server.base}/www/`);
    await page.waitForSelector('body[data-ready]');
    await page.evaluate(() => localStorage.removeItem('silbato-keep-names'));
    const named = { name: 'IMG_20260201_153012.jpg', mimeType: 'image/jpeg', buffer: readFileSync(FIXTURES[1]) };
    await page.setInputFiles('#files', [named, { name: 'png-full.png', mimeType: 'image/png', buffer: readFileSync(FIXTURES[2]) }]);
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 2 && !document.body.innerText.includes('Checking…'));
    assert.match(await page.locator('.card').first().innerText(), /2026-02-01 15:30/);
    let files = await cleanedZip(page);
    assert.deepEqual(Object.keys(files).sort(), ['photo-2.png', 'photo.jpg']);
    assert.match(await page.locator('.card').first().innerText(), /Saved as photo\.jpg/);
    // Keep names: the same cleaned bytes under the files' own names; the choice is remembered.
    await page.check('#keep-names');
    const [zip] = await Promise.all([page.waitForEvent('download'), page.click('#zip')]);
    files = unzipSync(readFileSync(await zip.path()));
    assert.deepEqual(Object.keys(files).sort(), ['IMG_20260201_153012.jpg', 'png-full.png']);
    assert.deepEqual(leaks(files['IMG_20260201_153012.jpg'], 'x.jpg'), []);
    await page.reload();
    await page.waitForSelector('body[data-ready]');
    assert.equal(await page.isChecked('#keep-names'), true);
    await page.evaluate(() => localStorage.removeItem('silbato-keep-names'));
    await page.close();
  });

  test('documents and recordings: a PDF and a recording get an icon, are cleaned and zipped, checked by exiftool with the same text and sound', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${local.server.base}/www/`);
    await page.waitForSelector('body[data-ready]');
    assert.match(await page.locator('#drop-title').innerText(), /photos, videos, documents or recordings/);
    const accept = await page.getAttribute('#files', 'accept');
    for (const kind of ['.pdf', '.docx', '.odt', '.mp3', '.m4a', 'audio/mpeg', 'application/pdf']) assert.ok(accept.split(',').includes(kind), `accept lacks ${kind}: ${accept}`);
    const docs = ['build/fixtures/pdf-full.pdf', 'build/fixtures/pdf-gs.pdf', 'build/fixtures/mp3-id3v24.mp3', 'build/fixtures/flac-picture.flac'].map((f) => join(root, f));
    await dropFiles(page, '#drop', docs);
    await page.waitForFunction((n) => document.querySelectorAll('.card').length === n && !document.body.innerText.includes('Checking…'), docs.length);
    // An icon with the format's name where a photo has its preview.
    assert.deepEqual(await page.locator('.thumb.icon').evaluateAll((els) => els.map((e) => `${e.className} ${e.textContent}`)), [
      'thumb icon document PDF',
      'thumb icon document PDF',
      'thumb icon audio MP3',
      'thumb icon audio FLAC',
    ]);
    const cards = await page.locator('#cards').innerText();
    assert.match(cards, /pdf-full\.pdf[\s\S]*Location: [\s\S]*Names: /);
    assert.match(cards, /mp3-id3v24\.mp3[\s\S]*Names: /);
    const files = await cleanedZip(page);
    checkZip(files, docs);
    assert.match(await page.locator('#status').innerText(), /Cleaned 4 files\./);
    await page.close();
  });

  test('a file that cannot be cleaned is said so and left out of the zip', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${local.server.base}/www/`);
    await page.waitForSelector('body[data-ready]');
    const broken = readFileSync(FIXTURES[0]).subarray(0, 3000);
    await page.setInputFiles('#files', [{ name: 'png-full.png', mimeType: 'image/png', buffer: readFileSync(FIXTURES[2]) }, { name: 'cut.jpg', mimeType: 'image/jpeg', buffer: broken }, { name: 'scan.tif', mimeType: 'image/tiff', buffer: Buffer.from('II*\0\x08\0\0\0\0\0', 'latin1') }]);
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 3 && !document.body.innerText.includes('Checking…'));
    const cards = await page.locator('#cards').innerText();
    assert.match(cards, /cut\.jpg[\s\S]*Not cleaned[\s\S]*cut short or damaged/);
    assert.match(cards, /scan\.tif[\s\S]*Not cleaned[\s\S]*cannot clean this kind of file yet/);
    const files = await cleanedZip(page);
    assert.deepEqual(Object.keys(files), ['photo.png']);
    assert.match(await page.locator('#status').innerText(), /Not in the zip because they could not be cleaned: cut\.jpg and scan\.tif\. Do not post them as they are\./);
    // Every problem ends with a next step.
    assert.match(cards, /cut short or damaged[^\n]*take a screenshot/);
    await page.close();
  });

  test('offline: after one visit the page reloads and works with the network off', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${local.server.base}/www/`);
    await page.waitForSelector('body[data-ready]');
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return reg.active.state;
    });
    await browser.context.setOffline(true);
    try {
      await page.reload();
      await page.waitForSelector('body[data-ready]');
      await page.setInputFiles('#files', [FIXTURES[0]]);
      await page.waitForFunction(() => /Minneapolis/.test(document.getElementById('cards').innerText));
      const files = await cleanedZip(page);
      checkZip(files, [FIXTURES[0]]);
      // The video path, loaded only when a video is covered, is in the cache too.
      const video = await page.evaluate(async () => Object.keys(await import(new URL('./video.js', location.href).href)).sort());
      assert.deepEqual(video, ['coverVideo', 'findVideoFaces', 'reviewVideoFaces', 'reviewWords']);
    } finally {
      await browser.context.setOffline(false);
    }
    await page.close();
  });

  test('the single file works from disk (file://)', async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(root, 'dist/silbato.html')).href);
    await page.waitForSelector('body[data-ready]');
    await page.setInputFiles('#files', [FIXTURES[0], FIXTURES[4]]);
    await page.waitForFunction(() => /Minneapolis/.test(document.getElementById('cards').innerText));
    const files = await cleanedZip(page);
    checkZip(files, [FIXTURES[0], FIXTURES[4]]);
    // Faces too: the faces package and the model come from inside the file.
    const photo = join(root, 'build/faces-dataset/faces/2008_001009.jpg');
    if (existsSync(photo)) {
      await page.setInputFiles('#files', [photo]);
      await page.waitForFunction(() => document.querySelectorAll('.card .cover-faces').length === 2);
      await page.click('#cover-all');
      await page.waitForSelector('body[data-faces-covered]');
      assert.match(await page.locator('.card').nth(2).innerText(), /2 faces found/);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('what to do if a platform says it got legal process for your account: a link away, in both languages, offline and in the single file', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${local.server.base}/www/`);
    await page.waitForSelector('body[data-ready]');
    const link = page.locator('#notice-link');
    assert.equal(await link.innerText(), 'If a platform tells you the government asked for your account');
    assert.equal(await page.locator('#notice').isVisible(), false, 'hidden until asked for');
    await link.click();
    assert.equal(await link.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'notice-title');
    const guidance = await page.locator('#notice').innerText();
    for (const want of [/What to do/, /seven days/, /motion to quash/, /lawyer/, /What happened/, /hundreds of administrative subpoenas/, /18 U\.S\.C\. § 2703/, /100 days/, /not legal advice/]) {
      assert.match(guidance, want);
    }
    const items = await page.locator('#notice li').count();
    const sources = await page.locator('#notice li > a:first-of-type[href^="http"]').count();
    assert.ok(items >= 20 && sources === items, `${items} items, ${sources} sources`);
    // Spanish, from the page's own language picker.
    await page.selectOption('#lang', 'es');
    assert.equal(await link.innerText(), 'Si una plataforma te avisa que el gobierno pidió datos de tu cuenta');
    assert.match(await page.locator('#notice').innerText(), /Qué hacer[\s\S]*moción para anular[\s\S]*revisada el 2026-12-04/);
    await page.selectOption('#lang', 'en');
    // Axe-core with the section open, light and dark; nothing wider than a phone.
    await page.evaluate(readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8'));
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const result = await page.evaluate(() => window.axe.run(document.getElementById('notice'), { resultTypes: ['violations'] }));
      const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], scheme);
    }
    await page.setViewportSize({ width: 360, height: 740 });
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'fits a 360-pixel screen');
    // Offline: the service worker has the section's files too.
    await page.evaluate(async () => (await navigator.serviceWorker.ready).active.state);
    await browser.context.setOffline(true);
    try {
      await page.goto(`${local.server.base}/www/#notice`);
      await page.waitForSelector('body[data-ready]');
      assert.equal(await page.locator('#notice').isVisible(), true, '#notice in the address opens it');
      assert.match(await page.locator('#notice').innerText(), /motion to quash/);
    } finally {
      await browser.context.setOffline(false);
    }
    await page.close();
    // The single file carries it as well.
    const single = await browser.context.newPage();
    const errors = [];
    single.on('pageerror', (e) => errors.push(e.message));
    await single.goto(pathToFileURL(join(root, 'dist/silbato.html')).href);
    await single.waitForSelector('body[data-ready]');
    await single.click('#notice-link');
    assert.match(await single.locator('#notice').innerText(), /What to do[\s\S]*motion to quash/);
    assert.deepEqual(errors, []);
    await single.close();
  });

  const faceDir = join(root, 'build/faces-dataset/faces');
  test('faces: the editor covers the faces found and a box added by hand; the download is clean and covered', { skip: !existsSync(faceDir) && 'build/faces-dataset is missing' }, async () => {
    // A labelled photo of three faces, given a place and a thumbnail by exiftool.
    const dir = mkdtempSync(join(tmpdir(), 'silbato-faces-'));
    const photo = join(dir, 'friends.jpg');
    copyFileSync(join(faceDir, '2008_002506.jpg'), photo);
    writeFileSync(join(dir, 'thumb.jpg'), readFileSync(join(root, 'samples/sample.jpg')));
    execFileSync('exiftool', ['-q', '-overwrite_original', '-GPSLatitude=44.9483', '-GPSLatitudeRef=N', '-GPSLongitude=93.2348', '-GPSLongitudeRef=W', '-SerialNumber=SN-0042', `-ThumbnailImage<=${join(dir, 'thumb.jpg')}`, photo]);
    assert.ok(Object.keys(exiftool(photo)).some((k) => /ThumbnailImage/.test(k)));

    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 900, height: 900 });
    await page.goto(`${local.server.base}/www/`);
    await page.waitForSelector('body[data-ready]');
    await dropFiles(page, '#drop', [photo]);
    await page.click('.cover-faces');
    await page.waitForSelector('dialog.fe[open]');
    assert.match(await page.locator('.fe-count').innerText(), /^3 boxes will be covered/);
    assert.equal(await page.locator('.fe-box').count(), 3);
    // The keyboard: add a box, move it right, make it taller.
    await page.focus('.fe-add');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Box 4 of 4. Arrow keys move it, Shift and arrow keys resize it, Delete removes it.');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    // The mouse: drag the new box's corner to make it larger.
    const handle = await page.locator('.fe-box').nth(3).locator('.fe-handle').boundingBox();
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 40, handle.y + 30, { steps: 4 });
    await page.mouse.up();
    // Delete removes the focused box; add another.
    await page.keyboard.press('Delete');
    assert.equal(await page.locator('.fe-box').count(), 3);
    await page.focus('.fe-add');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowLeft');
    // Paint over something else: a stroke across the bottom of the photo.
    await page.click('.fe-paint-toggle');
    assert.equal(await page.getAttribute('.fe-paint-toggle', 'aria-pressed'), 'true');
    const stage = await page.locator('.fe-stage').boundingBox();
    await page.mouse.move(stage.x + stage.width * 0.1, stage.y + stage.height * 0.9);
    await page.mouse.down();
    await page.mouse.move(stage.x + stage.width * 0.4, stage.y + stage.height * 0.9, { steps: 12 });
    await page.mouse.up();
    assert.match(await page.locator('.fe-count').innerText(), /4 boxes and painted areas will be covered/);
    await page.click('.fe-save');
    await page.waitForSelector('.covered');
    const covered = JSON.parse(await page.getAttribute('.card', 'data-covered'));
    assert.ok(covered.length > 4, `${covered.length} regions: the painted stroke is among them`);
    assert.ok(covered.some((r) => r.y > 300 && r.x < 220), `the stroke across the bottom: ${JSON.stringify(covered)}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.card a.button')]);
    const out = join(dir, 'covered.jpg');
    await download.saveAs(out);
    const bytes = readFileSync(out);
    // exiftool: nothing identifying and no thumbnail.
    assert.deepEqual(leaks(bytes, 'covered.jpg'), []);
    assert.ok(!Object.keys(exiftool(out)).some((k) => /Thumbnail|Preview/i.test(k)), 'a thumbnail is left');
    // Every covered pixel holds one value (decoded by ffmpeg, not by us).
    const rgb = execFileSync('ffmpeg', ['-loglevel', 'error', '-i', out, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
    const W = 500;
    for (const r of covered) {
      const at = (x, y) => rgb.readUIntBE(3 * (y * W + x), 3);
      const first = at(r.x, r.y);
      for (let y = r.y; y < r.y + r.height; y++) for (let x = r.x; x < r.x + r.width; x++) assert.equal(at(x, y), first, `pixel ${x},${y} of ${JSON.stringify(r)}`);
    }
    // The box added by hand is where it was put: the middle of the photo, moved.
    assert.ok(covered.some((r) => r.x > 150 && r.x < 250 && r.y > 100 && r.y < 200), JSON.stringify(covered));

    // "Cover faces in all photos" on a second photo, then the zip holds both.
    await dropFiles(page, '#drop', [join(faceDir, '2008_001009.jpg')]);
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 2 && !document.body.innerText.includes('Checking…'));
    await page.click('#cover-all');
    await page.waitForSelector('body[data-faces-covered]');
    assert.match(await page.locator('.card').nth(1).innerText(), /2 faces found/);
    assert.match(await page.locator('#status').innerText(), /Covered 2 faces in 1 photo/);
    const [zip] = await Promise.all([page.waitForEvent('download'), page.click('#zip')]);
    const files = unzipSync(readFileSync(await zip.path()));
    assert.deepEqual(Object.keys(files).sort(), ['photo-2.jpg', 'photo.jpg']);
    await page.close();
  });

  test('faces in a 12 MP photo are counted as the search goes: the larger faces first, then small ones in tiles', { skip: !existsSync(faceDir) && 'build/faces-dataset is missing' }, async () => {
    const photo = join(mkdtempSync(join(tmpdir(), 'silbato-faces-')), 'crowd.jpg');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', join(faceDir, 'bald_guys.jpg'), '-vf', 'scale=4032:3024', '-q:v', '3', photo]);
    const page = await browser.context.newPage();
    await page.goto(`${local.server.base}/www/`);
    await page.waitForSelector('body[data-ready]');
    await dropFiles(page, '#drop', [photo]);
    // The card is on screen, so its faces are looked for in the worker: a
    // count after the first pass, with how far the search has got.
    await page.waitForSelector('.card .faces.searching');
    assert.match(await page.locator('.card .faces').innerText(), /^\d+ faces? found so far; looking for small faces \(\d+ of \d+\)…$/);
    await page.waitForSelector('.card .faces:not(.searching)', { timeout: 60000 });
    const [, n] = (await page.locator('.card .faces').innerText()).match(/^(\d+) faces found\.$/);
    assert.ok(Number(n) >= 22 && Number(n) <= 26, `${n} faces found of 24`);
    await page.close();
  });

  test('the card on a 360×640 touch screen: full-width findings, the face line and button in its first screen, counts that match, touch controls', async () => {
    const phone = await launch(local.proxy, { extension: false, contextOptions: { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } });
    try {
      // A PNG whose compressed pixels are broken (chunk CRCs intact): Silbato cleans it, since it
      // copies the image data without decoding it, but the face search cannot decode the picture.
      const png = Buffer.from(readFileSync(join(root, 'build/fixtures/png-full.png')));
      const idat = png.indexOf(Buffer.from('IDAT'));
      assert.ok(idat > 0);
      const length = png.readUInt32BE(idat - 4);
      png.fill(0xff, idat + 6, idat + 4 + length);
      const crc = (bytes) => {
        let c = ~0;
        for (const b of bytes) {
          c ^= b;
          for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
        }
        return ~c >>> 0;
      };
      png.writeUInt32BE(crc(png.subarray(idat, idat + 4 + length)), idat + 4 + length);
      const dir = mkdtempSync(join(tmpdir(), 'silbato-card-'));
      writeFileSync(join(dir, 'arith.png'), png);
      for (const lang of ['en', 'es']) {
        const page = await phone.context.newPage();
        await page.goto(`${local.server.base}/www/`);
        await page.waitForSelector('body[data-ready]');
        await page.selectOption('#lang', lang);
        // Touch screens get no drop zone words and no folder button; the language switch is large.
        assert.equal(await page.locator('#drop-title').isVisible(), false, 'no "drop here" on a touch screen');
        assert.equal(await page.locator('#folder').locator('xpath=..').isVisible(), false, 'no "choose a folder" on a touch screen');
        assert.ok((await page.locator('#lang').boundingBox()).height >= 44, 'a large language switch');
        await page.setInputFiles('#files', [join(root, 'samples/sample.jpg')]);
        await page.waitForFunction(() => document.querySelector('.card .state') && !document.querySelector('.card').innerText.match(/Checking…|Revisando…/));
        const card = page.locator('.card').first();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `no horizontal overflow: ${width}px`);
        const cardBox = await card.boundingBox();
        const list = await card.locator('ul').boundingBox();
        assert.ok(list.width >= cardBox.width - 48, `findings take the card's width: ${list.width} of ${cardBox.width}`);
        assert.match(await card.locator('.faces').innerText(), /faces|caras/, 'a face line before the list');
        const button = await card.locator('.cover-faces').boundingBox();
        assert.ok(button.y + button.height - cardBox.y <= 640, `the face button is in the card's first screen: ${button.y + button.height - cardBox.y}px down`);
        // The count above the list is the number of lines in it.
        const said = await card.locator('.state').first().innerText();
        const lines = await card.locator('ul > li').count();
        assert.match(said, new RegExp(`\\b${lines}\\b`), `"${said}" counts ${lines} lines`);
        await card.screenshot({ path: join(root, `build/www-card-phone-${lang}.png`) });
        // A face search that cannot run says so, never "no faces".
        await page.setInputFiles('#files', [join(dir, 'arith.png')]);
        const second = page.locator('.card').nth(1);
        await page.waitForFunction(() => document.querySelectorAll('.card .cover-faces').length === 2);
        await second.locator('.cover-faces').click();
        await page
          .waitForFunction(() => /could(n’t| not) check for faces|no pudo buscar caras/.test(document.querySelectorAll('.card')[1]?.innerText || ''), null, { timeout: 60000 })
          .catch(async (e) => {
            throw new Error(`${e.message}: ${await page.locator('#cards').innerText()}`);
          });
        assert.doesNotMatch(await second.innerText(), /No faces found|No se encontraron caras/);
        await page.close();
      }
    } finally {
      await phone.close();
    }
  });

  test('Spanish, a phone-sized screen, the keyboard and axe-core', async () => {
    // Chromium's mobile emulation: a 360-pixel-wide touch screen at 3x.
    const phone = await launch(local.proxy, { extension: false, contextOptions: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true } });
    const page = await phone.context.newPage();
    await page.goto(`${local.server.base}/www/`);
    await page.waitForSelector('body[data-ready]');
    await page.selectOption('#lang', 'es');
    assert.match(await page.locator('h1').innerText(), /limpia tus fotos/);
    // The file picker is reachable from the keyboard.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'files');
    await page.setInputFiles('#files', FIXTURES.slice(0, 3));
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 3 && !document.body.innerText.includes('Revisando…'));
    assert.match(await page.locator('#cards').innerText(), /Ubicación: /);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page is ${width}px wide on a 360px screen`);
    await page.click('#clean');
    await page.waitForSelector('body[data-cleaned]');
    assert.match(await page.locator('#status').innerText(), /Se limpiaron 3 archivos/);
    await page.screenshot({ path: join(root, 'build/www-phone.png'), fullPage: true });
    await page.evaluate(readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8'));
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], scheme);
    }
    if (existsSync(faceDir)) {
      // The face editor on the phone: it fits, a finger moves a box, axe-core is content.
      await page.setInputFiles('#files', [join(faceDir, '2008_001009.jpg')]);
      await page.waitForFunction(() => document.querySelectorAll('.card .cover-faces').length === 4);
      await page.locator('.card').nth(3).locator('.cover-faces').click();
      await page.waitForSelector('dialog.fe[open]');
      assert.match(await page.locator('.fe-count').innerText(), /Se taparán 2 recuadros/);
      const fits = await page.evaluate(() => document.querySelector('dialog.fe').getBoundingClientRect().right <= 360);
      assert.ok(fits, 'the editor fits the screen');
      const box = await page.locator('.fe-box').first().boundingBox();
      const cdp = await phone.context.newCDPSession(page);
      const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
      const [x0, y0] = [box.x + box.width / 2, box.y + box.height / 2];
      await touch('touchStart', x0, y0);
      for (let i = 1; i <= 5; i++) await touch('touchMove', x0 + 6 * i, y0 + 4 * i);
      await touch('touchEnd');
      const moved = await page.locator('.fe-box').first().boundingBox();
      assert.ok(moved.x > box.x + 10 && moved.y > box.y + 5, `the box followed the finger: ${JSON.stringify([box, moved])}`);
      await page.screenshot({ path: join(root, 'build/www-faces-phone.png') });
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        const result = await page.evaluate(() => window.axe.run(document.querySelector('dialog.fe'), { resultTypes: ['violations'] }));
        const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], `editor, ${scheme}`);
      }
      await page.click('.fe-cancel');
    }
    await page.evaluate(() => localStorage.removeItem('silbato-lang'));
    await phone.close();
  });
});
