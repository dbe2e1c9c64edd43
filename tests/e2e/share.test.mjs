// The offline page on a phone, in the share sheet (issue 19), in Debian's
// Chromium with a 360x640 touch screen: photos and a video shared from the
// gallery arrive as the multipart POST Android sends to the manifest's
// share_target, the service worker hands them to the page, which inspects
// and cleans them at once; "Share cleaned files" gives navigator.share the
// cleaned copies under neutral names (headless Chromium has no share sheet,
// so navigator.share is replaced by a recorder), checked by exiftool; after
// the page closes the origin keeps no user file (Cache API, IndexedDB, the
// service worker). Chromium reports the page installable; the single file
// says it cannot be a share target. No request leaves the machine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

import { launch, localMachine, root } from './browser.mjs';
import { content, exiftool, leaks, toFile } from './checks.mjs';

const local = localMachine();
const PHONE = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const fixture = (f) => join(root, 'build/fixtures', f);
const faceDir = join(root, 'build/faces-dataset/faces');

/** Two photos and a video as a gallery shares them: camera names, which say when they were taken. */
const GALLERY = [
  { path: fixture('jpeg-full.jpg'), name: 'IMG_20260201_153012.jpg', type: 'image/jpeg', saved: 'photo.jpg' },
  { path: fixture('png-full.png'), name: 'Screenshot_20260201-153530.png', type: 'image/png', saved: 'photo-2.png' },
  { path: fixture('mp4-tagged.mp4'), name: 'VID_20260201_154001.mp4', type: 'video/mp4', saved: 'video.mp4' },
];

/**
 * navigator.share and canShare as a phone has them, recording what is shared
 * (`window.__shares`); with `supported` false, absent as on desktop Linux;
 * with 'refuses', present but refusing the files, as Chromium does with
 * types outside its list.
 */
function shareSheet(supported) {
  if (supported === 'refuses') {
    Object.defineProperty(Navigator.prototype, 'canShare', { configurable: true, value: () => true });
    Object.defineProperty(Navigator.prototype, 'share', { configurable: true, value: async () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError')) });
    return;
  }
  if (!supported) {
    delete Navigator.prototype.share;
    delete Navigator.prototype.canShare;
    return;
  }
  window.__shares = [];
  const read = (f) => new Promise((resolve) => {
    const r = new FileReader();
    r.onload = () => resolve({ name: f.name, type: f.type, b64: String(r.result).split(',')[1] || '' });
    r.readAsDataURL(f);
  });
  Object.defineProperty(Navigator.prototype, 'canShare', { configurable: true, value: (data) => Boolean(data?.files?.length) && data.files.every((f) => f instanceof File) });
  Object.defineProperty(Navigator.prototype, 'share', {
    configurable: true,
    value: async (data) => {
      if (!navigator.userActivation.isActive) throw new DOMException('no user gesture', 'NotAllowedError');
      window.__shares.push(await Promise.all(data.files.map(read)));
    },
  });
}

/**
 * Share `files` to the installed page as Android does: a navigation POST of
 * multipart/form-data to the share target's action, from outside the page.
 */
async function shareToSilbato(page, base, files, { offline = false } = {}) {
  const manifest = JSON.parse(readFileSync(join(root, 'dist/www/manifest.webmanifest'), 'utf8'));
  const target = manifest.share_target;
  const action = new URL(target.action, `${base}/www/manifest.webmanifest`).href;
  await page.goto(`${base}/form`);
  // With the network off, the service worker alone must answer the share.
  if (offline) await page.context().setOffline(true);
  await page.evaluate(({ action, field, files }) => {
    const form = document.createElement('form');
    form.method = 'POST';
    form.enctype = 'multipart/form-data';
    form.action = action;
    const input = document.createElement('input');
    input.type = 'file';
    input.name = field;
    input.multiple = true;
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    input.files = dt.files;
    form.append(input);
    document.body.append(form);
    form.submit();
  }, { action, field: target.params.files[0].name, files: files.map((f) => ({ name: f.name, type: f.type, b64: readFileSync(f.path).toString('base64') })) });
  try {
    await page.waitForURL(/\/www\/index\.html(\?share)?$/);
    await page.waitForSelector('body[data-shared-in]', { timeout: 60000 });
  } finally {
    if (offline) await page.context().setOffline(false);
  }
}

/** Open the page once so that its service worker is installed (as installing the app does). */
async function install(page, base) {
  await page.goto(`${base}/www/`);
  await page.waitForSelector('body[data-ready]');
  await page.evaluate(async () => (await navigator.serviceWorker.ready).active.state);
}

/** Every control a finger taps is at least 44 pixels each way. */
async function smallTargets(page) {
  return page.evaluate(() => [...document.querySelectorAll('button, .button, select, .names label')]
    .filter((el) => el.offsetParent !== null && !el.closest('#notice'))
    .map((el) => [el.id || el.className || el.textContent.trim(), el.getBoundingClientRect()])
    .filter(([, r]) => r.width < 44 || r.height < 44)
    .map(([what, r]) => `${what}: ${Math.round(r.width)}x${Math.round(r.height)}`));
}

/** The files the recorder was given, from the page, as buffers. */
async function shared(page) {
  await page.waitForFunction(() => window.__shares?.length > 0);
  const calls = await page.evaluate(() => window.__shares);
  assert.equal(calls.length, 1, 'one call to navigator.share');
  return calls[0].map((f) => ({ ...f, bytes: Buffer.from(f.b64, 'base64') }));
}

/** The app's own files, as the service worker lists them (dist/www without sw.js and source maps). */
function appFiles(base) {
  const dir = join(root, 'dist/www');
  const files = [`${base}/www/`];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'sw.js' && !name.endsWith('.map')) files.push(`${base}/www/${relative(dir, path)}`);
    }
  };
  walk(dir);
  return new Set(files);
}

describe('Silbato in the share sheet', { concurrency: false, timeout: 240000 }, () => {
  let phone;
  before(async () => {
    phone = await launch(local.proxy, { extension: false, contextOptions: PHONE });
  });
  after(async () => {
    await phone?.close();
  });

  test('two photos and a video shared from the gallery are cleaned at once and shared on, checked by exiftool; nothing is kept', async () => {
    const base = local.server.base;
    const page = await phone.context.newPage();
    await page.addInitScript(shareSheet, true);
    await install(page, base);
    await page.evaluate(() => localStorage.removeItem('silbato-keep-names'));
    await shareToSilbato(page, base, GALLERY, { offline: true });
    assert.equal(await page.getAttribute('body', 'data-shared-in'), '3');
    assert.match(await page.locator('#shared-in').innerText(), /^3 files came from your phone's Share menu/);
    const cards = await page.locator('#cards').innerText();
    for (const f of GALLERY) assert.match(cards, new RegExp(f.name.replace('.', '\\.')));
    assert.match(cards, /Location: /);
    assert.match(cards, /File name: /, 'what the camera names say is shown');
    assert.match(await page.locator('#status').innerText(), /Cleaned 3 files\./);
    assert.match(await page.locator('#shared-in .originals').innerText(), /stay in your gallery[\s\S]*Recently deleted/);
    // The flow fits the phone: no sideways scrolling, fingers' targets.
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'fits a 360-pixel screen');
    assert.deepEqual(await smallTargets(page), []);
    // The next tap shares the cleaned copies on; the button has the focus.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'share');
    assert.ok(await page.evaluate(() => {
      const r = document.getElementById('share').getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    }), 'the button is on screen');
    await page.screenshot({ path: join(root, 'build/www-share-phone.png'), fullPage: true });
    // Axe-core, light and dark: no serious violation in the share flow.
    await page.evaluate(readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8'));
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [], scheme);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.tap('#share');
    const files = await shared(page);
    assert.deepEqual(files.map((f) => f.name), GALLERY.map((f) => f.saved), 'neutral names: no date, time or app');
    assert.deepEqual(files.map((f) => f.type), GALLERY.map((f) => f.type));
    for (const [i, f] of files.entries()) {
      assert.deepEqual(leaks(f.bytes, f.name), [], `${f.name}: exiftool still finds identifying tags`);
      assert.equal(content(f.bytes, f.name), content(readFileSync(GALLERY[i].path), f.name), `${f.name}: pixels or streams changed`);
    }
    assert.match(await page.locator('#status').innerText(), /Shared 3 cleaned files\./);
    // "Start over" leaves no trace of the share on the page.
    await page.tap('#clear');
    assert.equal(await page.locator('#shared-in').isVisible(), false);
    assert.equal(await page.locator('.card').count(), 0);
    await page.close();

    // Closed: the origin keeps the app's own files and nothing else.
    const after = await phone.context.newPage();
    await after.goto(`${base}/www/`);
    await after.waitForSelector('body[data-ready]');
    const stored = await after.evaluate(async () => {
      const caches_ = {};
      for (const key of await caches.keys()) caches_[key] = (await (await caches.open(key)).keys()).map((r) => r.url);
      return { caches: caches_, databases: await indexedDB.databases() };
    });
    const own = appFiles(base);
    assert.equal(Object.keys(stored.caches).length, 1, `one cache: ${Object.keys(stored.caches)}`);
    for (const [key, urls] of Object.entries(stored.caches)) {
      assert.match(key, /^silbato-[0-9a-f]{16}$/);
      assert.deepEqual(urls.filter((u) => !own.has(u)), [], 'only the app\'s own files are cached');
    }
    assert.deepEqual(stored.databases, [], 'IndexedDB is empty');
    const cdp = await phone.context.newCDPSession(after);
    const { usageBreakdown } = await cdp.send('Storage.getUsageAndQuota', { origin: base });
    const used = Object.fromEntries(usageBreakdown.filter((u) => u.usage > 0).map((u) => [u.storageType, u.usage]));
    assert.deepEqual(Object.keys(used).filter((k) => !['cache_storage', 'service_workers', 'local_storage'].includes(k)), [], JSON.stringify(used));
    // localStorage holds two settings and nothing else.
    assert.deepEqual((await after.evaluate(() => Object.keys(localStorage))).filter((k) => !['silbato-lang', 'silbato-keep-names'].includes(k)), []);
    const ownBytes = [...own].filter((u) => !u.endsWith('/www/')).reduce((n, u) => n + statSync(join(root, 'dist/www', u.slice(`${base}/www/`.length))).size, 0);
    assert.ok(used.cache_storage < ownBytes * 1.5, `the cache holds ${used.cache_storage} bytes for ${ownBytes} bytes of the app`);
    await cdp.detach();
    // And the service worker hands nothing more to anyone who asks.
    const again = await after.evaluate(() => new Promise((resolve) => {
      navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data.files.length));
      navigator.serviceWorker.controller.postMessage({ type: 'silbato-share-ready' });
    }));
    assert.equal(again, 0, 'the service worker still holds shared files');
    await after.close();
  });

  test('covered faces are shared on too', { skip: !existsSync(faceDir) && 'build/faces-dataset is missing' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'silbato-share-'));
    const photo = join(dir, 'IMG_20260201_160000.jpg');
    execFileSync('cp', [join(faceDir, '2008_001009.jpg'), photo]);
    execFileSync('exiftool', ['-q', '-overwrite_original', '-GPSLatitude=44.9483', '-GPSLatitudeRef=N', '-GPSLongitude=93.2348', '-GPSLongitudeRef=W', '-SerialNumber=SN-0042', photo]);
    const page = await phone.context.newPage();
    await page.addInitScript(shareSheet, true);
    await install(page, local.server.base);
    await shareToSilbato(page, local.server.base, [{ path: photo, name: 'IMG_20260201_160000.jpg', type: 'image/jpeg' }]);
    await page.waitForSelector('body[data-shared-in]');
    await page.tap('#cover-all');
    await page.waitForSelector('body[data-faces-covered]');
    assert.match(await page.locator('.card').innerText(), /2 faces found/);
    const covered = JSON.parse(await page.getAttribute('.card', 'data-covered'));
    await page.tap('#share');
    const [file] = await shared(page);
    assert.equal(file.name, 'photo.jpg');
    assert.deepEqual(leaks(file.bytes, file.name), []);
    // The shared photo is the covered one: every covered pixel holds one value (decoded by ffmpeg).
    const path = toFile(file.bytes, file.name);
    const { 'File:ImageWidth': W } = exiftool(path);
    const rgb = execFileSync('ffmpeg', ['-loglevel', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
    assert.ok(covered.length >= 2);
    for (const r of covered) {
      const at = (x, y) => rgb.readUIntBE(3 * (y * W + x), 3);
      const first = at(r.x, r.y);
      for (let y = r.y; y < r.y + r.height; y++) for (let x = r.x; x < r.x + r.width; x++) assert.equal(at(x, y), first, `pixel ${x},${y} of ${JSON.stringify(r)}`);
    }
    await page.close();
  });

  test('where files cannot be shared on, the button stays hidden and downloading stays; in Spanish', async () => {
    const page = await phone.context.newPage();
    await page.addInitScript(shareSheet, false);
    await install(page, local.server.base);
    await page.selectOption('#lang', 'es');
    await shareToSilbato(page, local.server.base, GALLERY.slice(0, 2));
    await page.waitForSelector('body[data-shared-in]');
    assert.match(await page.locator('#shared-in').innerText(), /^Llegaron 2 archivos desde el menú Compartir/);
    assert.match(await page.locator('#shared-in .originals').innerText(), /siguen en tu galería[\s\S]*Eliminados recientemente/);
    assert.equal(await page.locator('#share').isVisible(), false);
    assert.equal(await page.locator('#zip').isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'zip');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'fits a 360-pixel screen in Spanish');
    assert.deepEqual(await smallTargets(page), []);
    await page.screenshot({ path: join(root, 'build/www-share-phone-es.png'), fullPage: true });
    await page.evaluate(() => localStorage.removeItem('silbato-lang'));
    await page.close();
  });

  test('a browser that refuses the files: the page says to download them, and the download is there', async () => {
    const page = await phone.context.newPage();
    await page.addInitScript(shareSheet, 'refuses');
    await install(page, local.server.base);
    await shareToSilbato(page, local.server.base, GALLERY.slice(0, 1));
    await page.waitForSelector('body[data-shared-in]');
    await page.tap('#share');
    await page.waitForFunction(() => /did not share these files/.test(document.getElementById('status').textContent));
    assert.equal(await page.locator('#zip').isVisible(), true);
    assert.equal(await page.locator('.card a.button', { hasText: 'Download' }).isVisible(), true);
    await page.close();
  });

  test('opened as a share with nothing to hand over, the page says so', async () => {
    const page = await phone.context.newPage();
    await install(page, local.server.base);
    await page.goto(`${local.server.base}/www/index.html?share`);
    await page.waitForFunction(() => !document.getElementById('shared-in').hidden);
    assert.match(await page.locator('#shared-in').innerText(), /Nothing arrived from the Share menu/);
    assert.equal(new URL(page.url()).search, '', 'a reload does not ask again');
    assert.equal(await page.locator('.card').count(), 0);
    await page.close();
  });

  test('Chromium finds the page installable, with a manifest whose share target lies in its scope', async () => {
    const page = await phone.context.newPage();
    await install(page, local.server.base);
    const cdp = await phone.context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, []);
    const { url, errors, data } = await cdp.send('Page.getAppManifest');
    assert.deepEqual(errors, [], 'the manifest parses with no error');
    const manifest = JSON.parse(data);
    const scope = new URL(manifest.scope, url).href;
    assert.ok(new URL(manifest.start_url, url).href.startsWith(scope));
    assert.ok(new URL(manifest.share_target.action, url).href.startsWith(scope), 'the share target is inside the scope');
    assert.equal(manifest.share_target.method, 'POST');
    assert.equal(manifest.share_target.enctype, 'multipart/form-data');
    const accept = manifest.share_target.params.files[0].accept;
    assert.ok(accept.includes('image/*') && accept.includes('video/*'));
    for (const icon of manifest.icons) {
      const r = await page.request.get(new URL(icon.src, url).href);
      assert.equal(r.status(), 200, icon.src);
    }
    await cdp.detach();
    await page.close();
  });

  test('the single file (file://) still works and says it cannot be a share target', async () => {
    const page = await phone.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(root, 'dist/silbato.html')).href);
    await page.waitForSelector('body[data-ready]');
    assert.match(await page.locator('#share-hint').innerText(), /Opened from a file, this page cannot appear in your phone's Share menu/);
    await page.setInputFiles('#files', [GALLERY[0].path]);
    await page.waitForFunction(() => /Location: /.test(document.getElementById('cards').innerText));
    await page.tap('#clean');
    await page.waitForSelector('body[data-cleaned]');
    assert.equal(await page.locator('#zip').isVisible(), true);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
