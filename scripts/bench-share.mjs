// Silbato in the share sheet (issue 19): 10 phone photos (4032x3024 JPEG
// with GPS, serial numbers and names, made here with ffmpeg and exiftool)
// are shared to the installed offline page as Android sends them (a
// multipart POST to the manifest's share target), in Debian's Chromium with
// a phone's screen. Timed from the share arriving (the POST navigation's
// start, the page's time origin) to the cleaned files being ready to share
// on (the page's `silbato-shared-ready` mark), three runs, median.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_OWN, launch } from '../tests/e2e/browser.mjs';
import { startRecordingProxy, startServer } from '../tests/e2e/server.mjs';

const COUNT = 10;
const dir = mkdtempSync(join(tmpdir(), 'silbato-bench-share-'));
execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=4032x3024:rate=1,noise=alls=12:allf=t', '-frames:v', String(COUNT), '-q:v', '3', join(dir, 'IMG_%04d.jpg')]);
const photos = [];
for (let i = 1; i <= COUNT; i++) {
  const path = join(dir, `IMG_${String(i).padStart(4, '0')}.jpg`);
  execFileSync('exiftool', ['-q', '-overwrite_original', '-GPSLatitude=44.9618', '-GPSLatitudeRef=N', '-GPSLongitude=-93.271', '-GPSLongitudeRef=W',
    '-SerialNumber=SLB204177', '-Artist=Ana Pérez', '-Make=Google', '-Model=Pixel 8', '-DateTimeOriginal=2026:01:10 08:30:00', path]);
  photos.push({ name: `IMG_20260110_0830${String(i).padStart(2, '0')}.jpg`, b64: readFileSync(path).toString('base64') });
}
rmSync(dir, { recursive: true, force: true });
const mb = photos.reduce((n, p) => n + (p.b64.length * 3) / 4, 0) / 1e6;

const server = await startServer();
const proxy = await startRecordingProxy();
const browser = await launch(proxy, { extension: false, contextOptions: { viewport: { width: 360, height: 640 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true } });
const page = await browser.context.newPage();
await page.goto(`${server.base}/www/`);
await page.waitForSelector('body[data-ready]');
await page.evaluate(async () => (await navigator.serviceWorker.ready).active.state);
const runs = [];
for (let run = 0; run < 3; run++) {
  await page.goto(`${server.base}/form`);
  // The files are made first; the share starts with the submit.
  await page.evaluate(({ action, photos }) => {
    const form = document.createElement('form');
    form.method = 'POST';
    form.enctype = 'multipart/form-data';
    form.action = action;
    const input = document.createElement('input');
    input.type = 'file';
    input.name = 'media';
    input.multiple = true;
    const dt = new DataTransfer();
    for (const p of photos) dt.items.add(new File([Uint8Array.from(atob(p.b64), (c) => c.charCodeAt(0))], p.name, { type: 'image/jpeg' }));
    input.files = dt.files;
    form.append(input);
    document.body.append(form);
    setTimeout(() => form.submit(), 0);
  }, { action: `${server.base}/www/share-target`, photos });
  await page.waitForSelector('body[data-shared-in]', { timeout: 120000 });
  const { ms, nav } = await page.evaluate(() => ({ ms: performance.getEntriesByName('silbato-shared-ready')[0].startTime, nav: performance.getEntriesByType('navigation')[0].toJSON() }));
  const cleaned = await page.getAttribute('body', 'data-cleaned');
  runs.push(ms);
  // The time origin is the POST's start: the redirect from the service worker is part of this navigation.
  if (nav.redirectCount !== 1) console.log(`(the navigation has ${nav.redirectCount} redirects: the time origin may not be the share's POST)`);
  console.log(`run ${run + 1}: ${COUNT} photos (${mb.toFixed(0)} MB) shared in, inspected and cleaned (${cleaned} ready to share on) in ${ms.toFixed(0)} ms (the page's own document from ${nav.fetchStart.toFixed(0)} ms)`);
}
runs.sort((a, b) => a - b);
console.log(`share: median ${runs[1].toFixed(0)} ms from the share arriving to ${COUNT} cleaned photos ready to share on`);
await browser.close();
await server.close();
await proxy.close();
const leaving = proxy.seen.filter((h) => !CHROMIUM_OWN.includes(h));
if (leaving.length) console.log(`requests left the machine: ${leaving.join(' ')}`);
