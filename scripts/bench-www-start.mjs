// The offline page's start-up: time from navigation to body[data-ready] (the
// core loaded, the page drawn) in Debian's Chromium, each run in a fresh
// profile (a first visit: nothing cached, no compiled code kept), for the
// installable page (dist/www, served on 127.0.0.1) and the single file
// (dist/silbato.html from disk). Also the size of the page's start-up code.
//   node scripts/bench-www-start.mjs [runs=7] [other www dir] [other single file]
// With another build (for example a copy of dist/ from before a change), the
// two are run in turn, run by run, so that a loaded machine weighs on both alike.
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_OWN, launch, root } from '../tests/e2e/browser.mjs';
import { startRecordingProxy } from '../tests/e2e/server.mjs';

const runs = Number(process.argv[2] || 7);
const builds = [{ name: 'this build', www: join(root, 'dist/www'), single: join(root, 'dist/silbato.html') }];
if (process.argv[3]) builds.unshift({ name: 'other build', www: process.argv[3], single: process.argv[4] });
const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css', '.wasm': 'application/wasm', '.webmanifest': 'application/manifest+json', '.png': 'image/png' };
const serve = (wwwDir) => http.createServer((req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  if (path.endsWith('/')) path += 'index.html';
  try {
    const body = readFileSync(join(wwwDir, path));
    res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
for (const b of builds) {
  b.server = serve(b.www);
  await new Promise((r) => b.server.listen(0, '127.0.0.1', r));
  b.base = `http://127.0.0.1:${b.server.address().port}/`;
  b.times = { www: [], single: [] };
}
const proxy = await startRecordingProxy();

/** Milliseconds from navigation to body[data-ready], in a fresh profile. */
async function readyAt(url) {
  const browser = await launch(proxy, { extension: false });
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, seen) => {
      if (document.body?.dataset.ready) {
        globalThis.__readyAt = performance.now();
        seen.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready]');
  const ms = await page.evaluate(() => globalThis.__readyAt);
  await browser.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (let i = 0; i < runs; i++) {
  for (const b of builds) {
    b.times.www.push(await readyAt(b.base));
    if (b.single) b.times.single.push(await readyAt(pathToFileURL(b.single).href));
  }
}
for (const b of builds) {
  console.log(`${b.name}: app.js ${statSync(join(b.www, 'app.js')).size} bytes${b.single ? `; single file ${statSync(b.single).size} bytes` : ''}`);
  for (const [name, times] of [['dist/www', b.times.www], ['single file', b.times.single]]) {
    if (times.length) console.log(`  ${name}: body[data-ready] after median ${median(times).toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`);
  }
  b.server.close();
}
await proxy.close();
const leaving = proxy.seen.filter((h) => !CHROMIUM_OWN.includes(h));
if (leaving.length) console.log(`requests left the machine: ${leaving.join(', ')}`);
