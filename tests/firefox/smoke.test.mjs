// Firefox smoke test: Debian's firefox-esr, driven through geckodriver's
// WebDriver HTTP API. First the offline page's single file from file://
// (before any add-on is installed): a photo is inspected and cleaned, and
// the faces of a labelled photo are found and covered in all photos. Then,
// with the extension installed as a temporary add-on, one upload through a
// file input must reach the local server cleaned.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { content, leaks } from '../e2e/checks.mjs';
import { startRecordingProxy, startServer } from '../e2e/server.mjs';

const root = new URL('../../', import.meta.url).pathname;
const geckodriver = process.env.GECKODRIVER ?? join(process.env.HOME ?? '/root', '.cargo/bin/geckodriver');
const firefox = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const sample = join(root, 'samples/sample.jpg');

let server;
let proxy;
let driver;
let base;
let session;

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function wd(method, path, body) {
  const r = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const json = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

before(async () => {
  assert.ok(existsSync(geckodriver), `${geckodriver} is missing: scripts/setup.sh installs it`);
  assert.ok(existsSync(firefox), `${firefox} is missing: scripts/setup.sh installs firefox-esr`);
  server = await startServer();
  proxy = await startRecordingProxy();
  const port = await freePort();
  driver = spawn(geckodriver, ['--port', String(port), '--allow-system-access'], { stdio: 'ignore' });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${base}/status`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const [host, proxyPort] = proxy.address.split(':');
  const created = await wd('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        'moz:firefoxOptions': {
          binary: firefox,
          args: ['-headless', '-profile', mkdtempSync(join(tmpdir(), 'silbato-ff-'))],
          prefs: {
            'network.proxy.type': 1,
            'network.proxy.http': host,
            'network.proxy.http_port': Number(proxyPort),
            'network.proxy.ssl': host,
            'network.proxy.ssl_port': Number(proxyPort),
            'network.proxy.allow_hijacking_localhost': false,
            'intl.locale.requested': 'en-US',
            'extensions.autoDisableScopes': 0,
          },
        },
      },
    },
  });
  session = created.sessionId;
});

after(async () => {
  if (session) await wd('DELETE', `/session/${session}`).catch(() => {});
  driver?.kill();
  await server?.close();
  await proxy?.close();
  // Firefox's own services (remote settings, add-on checks) may try to call
  // home; anything else would be Silbato's, and there must be none.
  const foreign = proxy.seen.filter((h) => !/(^|\.)(mozilla\.(com|net|org)|firefox\.com|mozaws\.net|mozgcp\.net|digicert\.com)(:\d+)?$/.test(h));
  assert.deepEqual(foreign, [], 'requests left the machine');
});

async function until(script, timeout = 30000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await wd('POST', `/session/${session}/execute/sync`, { script, args: [] });
    if (value) return value;
    if (Date.now() > end) throw new Error(`never true: ${script}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('Firefox runs the offline page from disk: a photo inspected and cleaned', async () => {
  await wd('POST', `/session/${session}/url`, { url: `file://${join(root, 'dist/silbato.html')}` });
  await until("return document.body.dataset.ready === 'true'");
  const el = await wd('POST', `/session/${session}/element`, { using: 'css selector', value: '#files' });
  await wd('POST', `/session/${session}/element/${Object.values(el)[0]}/value`, { text: sample });
  const cards = await until("const t = document.getElementById('cards').innerText; return /Minneapolis/.test(t) && t");
  assert.match(cards, /Serial number: /);
  const clean = await wd('POST', `/session/${session}/element`, { using: 'css selector', value: '#clean' });
  await wd('POST', `/session/${session}/element/${Object.values(clean)[0]}/click`, {});
  await until("return document.body.dataset.cleaned === '1'");
  assert.match(await until("return document.getElementById('cards').innerText"), /Cleaned: nothing identifying is left/);
  assert.ok(Number(await until('return document.body.dataset.zipBytes')) > 1000);
});

const faces = join(root, 'build/faces-dataset/faces/2008_002506.jpg');
test('Firefox finds and covers faces on the offline page from disk (the faces package, wasm SIMD)', { skip: !existsSync(faces) && 'build/faces-dataset is missing' }, async () => {
  await wd('POST', `/session/${session}/url`, { url: `file://${join(root, 'dist/silbato.html')}` });
  await until("return document.body.dataset.ready === 'true'");
  const el = await wd('POST', `/session/${session}/element`, { using: 'css selector', value: '#files' });
  await wd('POST', `/session/${session}/element/${Object.values(el)[0]}/value`, { text: faces });
  await until("return document.querySelectorAll('.card .cover-faces').length === 1");
  const all = await wd('POST', `/session/${session}/element`, { using: 'css selector', value: '#cover-all' });
  await wd('POST', `/session/${session}/element/${Object.values(all)[0]}/click`, {});
  await until("return document.body.dataset.facesCovered", 60000);
  assert.match(await until("return document.getElementById('cards').innerText"), /3 faces found/);
  assert.match(await until("return document.getElementById('status').innerText"), /Covered 3 faces in 1 photo/);
});

test('Firefox cleans a photo attached through a file input', async () => {
  await wd('POST', `/session/${session}/moz/addon/install`, { path: join(root, 'dist/extension'), temporary: true });
  await wd('POST', `/session/${session}/url`, { url: `${server.base}/fetch` });
  const el = await wd('POST', `/session/${session}/element`, { using: 'css selector', value: '#file' });
  const id = Object.values(el)[0];
  await wd('POST', `/session/${session}/element/${id}/value`, { text: sample });
  const until = Date.now() + 30000;
  while (server.received.length < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  assert.equal(server.received.length, 1, 'the page uploaded one file');
  const [file] = server.received;
  const original = readFileSync(sample);
  assert.notDeepEqual(file.bytes, original, 'the page received the original');
  assert.deepEqual(leaks(file.bytes, 'sample.jpg'), []);
  assert.equal(content(file.bytes, 'sample.jpg'), content(original, 'sample.jpg'));
});
