// Faces in a video, in the offline page in Debian's Chromium: a 1080p30
// H.264 video made here by ffmpeg (a labelled photo of three faces, scaled
// up, panned across the frame; a tone for sound) is covered through the
// page's own buttons, and the time of each step is measured: looking for
// faces (decoding, four frames a second searched in two faces workers), then
// covering (decoding, filling, encoding, muxing) and the core's clean.
// Peak memory: the largest sum of the proportional set size (PSS) of this
// Chromium's processes, sampled every 250 ms. Goal (issue 20): a 1-minute
// 1080p30 video in at most 3 times its duration, under 500 MB.
//   node scripts/bench-video-faces.mjs [seconds=20]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from '../tests/e2e/browser.mjs';
import { startRecordingProxy, startServer } from '../tests/e2e/server.mjs';

const seconds = Number(process.argv[2] || 20);
const root = new URL('../', import.meta.url).pathname;
const dataset = join(root, 'build/faces-dataset/faces');
if (!existsSync(join(dataset, '2008_002506.jpg'))) execFileSync(join(root, 'scripts/fetch-faces.sh'), [join(root, 'build/faces-dataset')], { stdio: 'inherit' });
const video = join(mkdtempSync(join(tmpdir(), 'silbato-video-bench-')), 'march.mp4');
execFileSync('ffmpeg', [
  '-v', 'error', '-y',
  '-f', 'lavfi', '-i', `color=c=0x708090:s=1920x1080:r=30:d=${seconds}`,
  '-loop', '1', '-framerate', '30', '-i', join(dataset, '2008_002506.jpg'),
  '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
  '-filter_complex', `[1:v]scale=1000:750[p];[0:v][p]overlay=x='mod(n*4,920)':y=150:shortest=1[v]`,
  '-map', '[v]', '-map', '2:a', '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '6M', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-t', String(seconds), video,
]);

/** The memory of this script's Chromium: every process under this one (ps), by PSS. */
const rss = () => {
  try {
    const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
    const mine = new Set([process.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, ppid] of rows) if (mine.has(ppid) && !mine.has(pid)) grew = Boolean(mine.add(pid));
    }
    mine.delete(process.pid);
    // Proportional set size: shared pages (the browser's own code) counted once, not per process.
    // Its file-backed part (Chromium's code) is also divided with any other Chromium running on the
    // machine, so the part that is memory rather than code (anonymous and shared memory) is kept too.
    let total = 0;
    let memory = 0;
    const by = {};
    for (const pid of mine) {
      try {
        const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
        const kb = (name) => Number((rollup.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm')) || [, 0])[1]) * 1024;
        const type = (readFileSync(`/proc/${pid}/cmdline`, 'utf8').match(/--type=([a-z-]+)/) || [, 'browser'])[1];
        by[type] = (by[type] || 0) + kb('Pss');
        total += kb('Pss');
        memory += kb('Pss_Anon') + kb('Pss_Shmem');
      } catch {
        // gone meanwhile
      }
    }
    rss.by = by;
    rss.memory = memory;
    return total;
  } catch {
    return 0;
  }
};

const server = await startServer();
const proxy = await startRecordingProxy();
const browser = await launch(proxy, { extension: false });
// The tab Chromium opens with (a second, blank tab would add its own renderer, about 20 MB, to the sum).
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
await page.goto(`${server.base}/www/`);
await page.waitForSelector('body[data-ready]');
const idle = rss();
let peak = idle;
let peakBy = {};
let phase = 'finding';
const idleMemory = rss.memory;
const peaks = {};
const memoryPeaks = {};
// The page's own process (the renderer: the page and its workers), at its own peak.
const idleRenderer = rss.by.renderer || 0;
const rendererPeaks = {};
const sampler = setInterval(() => {
  const now = rss();
  peaks[phase] = Math.max(peaks[phase] || 0, now);
  memoryPeaks[phase] = Math.max(memoryPeaks[phase] || 0, rss.memory);
  rendererPeaks[phase] = Math.max(rendererPeaks[phase] || 0, rss.by.renderer || 0);
  if (now > peak) {
    peak = now;
    peakBy = { phase, ...rss.by };
  }
}, 250);
await page.setInputFiles('#files', [video]);
await page.waitForSelector('.card .cover-video-faces');
const t0 = Date.now();
await page.click('.card .cover-video-faces');
await page.waitForSelector('dialog.vr', { timeout: 0 });
const t1 = Date.now();
phase = 'covering';
await page.click('dialog.vr .fe-save');
await page.waitForSelector('.card .covered', { timeout: 0 });
const t2 = Date.now();
clearInterval(sampler);
const frames = seconds * 30;
const find = (t1 - t0) / 1000;
const cover = (t2 - t1) / 1000;
console.log(`video: ${seconds} s of 1920x1080 at 30 fps (${frames} frames)`);
console.log(`looking for faces: ${find.toFixed(1)} s (${(frames / find).toFixed(1)} frames/s, ${(find / seconds).toFixed(2)}x the video's duration)`);
console.log(`covering, encoding and cleaning: ${cover.toFixed(1)} s (${(frames / cover).toFixed(1)} frames/s)`);
console.log(`total: ${(find + cover).toFixed(1)} s = ${((find + cover) / seconds).toFixed(2)}x the video's duration`);
const mb = (n) => `${(n / 1e6).toFixed(0)} MB`;
console.log(`Chromium's memory (PSS): ${mb(idle)} with the page open; peak ${mb(peaks.finding || 0)} looking for faces, ${mb(peaks.covering || 0)} covering`);
console.log(`of which not code (anonymous and shared memory): ${mb(idleMemory)} with the page open; peak ${mb(memoryPeaks.finding || 0)} looking for faces, ${mb(memoryPeaks.covering || 0)} covering`);
console.log(`the page's own process (renderer: the page and its workers): ${mb(idleRenderer)} with the page open; peak ${mb(rendererPeaks.finding || 0)} looking for faces, ${mb(rendererPeaks.covering || 0)} covering`);
console.log(`at the peak (${peakBy.phase}): ${Object.entries(peakBy).filter(([k]) => k !== 'phase').map(([k, v]) => `${k} ${mb(v)}`).join(', ')}`);
console.log(await page.locator('.card').innerText());
await browser.close();
await server.close();
await proxy.close();
