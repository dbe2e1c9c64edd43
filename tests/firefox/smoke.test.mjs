// Firefox smoke test: Debian's firefox-esr, driven through geckodriver's
// WebDriver HTTP API. First the offline page's single file from file://
// (before any add-on is installed): a photo is inspected and cleaned, and
// the faces of a labelled photo are found and covered in all photos. Then,
// with the extension installed as a temporary add-on, one upload through a
// file input must reach the local server cleaned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { content, leaks } from '../e2e/checks.mjs';
import { firefoxSession, root } from './driver.mjs';

const sample = join(root, 'samples/sample.jpg');
const ff = firefoxSession();
const wd = (method, path, body) => ff.wd(method, path, body);
const until = (script, timeout) => ff.until(script, timeout);

test('Firefox runs the offline page from disk: a photo inspected and cleaned', async () => {
  await wd('POST', `/session/${ff.session}/url`, { url: `file://${join(root, 'dist/silbato.html')}` });
  await until("return document.body.dataset.ready === 'true'");
  const el = await wd('POST', `/session/${ff.session}/element`, { using: 'css selector', value: '#files' });
  await wd('POST', `/session/${ff.session}/element/${Object.values(el)[0]}/value`, { text: sample });
  const cards = await until("const t = document.getElementById('cards').innerText; return /Minneapolis/.test(t) && t");
  assert.match(cards, /Serial number: /);
  const clean = await wd('POST', `/session/${ff.session}/element`, { using: 'css selector', value: '#clean' });
  await wd('POST', `/session/${ff.session}/element/${Object.values(clean)[0]}/click`, {});
  await until("return document.body.dataset.cleaned === '1'");
  assert.match(await until("return document.getElementById('cards').innerText"), /Cleaned\. Removed \d+ things?\./);
  assert.ok(Number(await until('return document.body.dataset.zipBytes')) > 1000);
});

const faces = join(root, 'build/faces-dataset/faces/2008_002506.jpg');
test('Firefox finds and covers faces on the offline page from disk (the faces package, wasm SIMD)', { skip: !existsSync(faces) && 'build/faces-dataset is missing' }, async () => {
  await wd('POST', `/session/${ff.session}/url`, { url: `file://${join(root, 'dist/silbato.html')}` });
  await until("return document.body.dataset.ready === 'true'");
  const el = await wd('POST', `/session/${ff.session}/element`, { using: 'css selector', value: '#files' });
  await wd('POST', `/session/${ff.session}/element/${Object.values(el)[0]}/value`, { text: faces });
  await until("return document.querySelectorAll('.card .cover-faces').length === 1");
  const all = await wd('POST', `/session/${ff.session}/element`, { using: 'css selector', value: '#cover-all' });
  await wd('POST', `/session/${ff.session}/element/${Object.values(all)[0]}/click`, {});
  await until("return document.body.dataset.facesCovered", 60000);
  assert.match(await until("return document.getElementById('cards').innerText"), /3 faces found/);
  assert.match(await until("return document.getElementById('status').innerText"), /Covered 3 faces in 1 photo/);
});

test('Firefox cleans a photo attached through a file input', async () => {
  await wd('POST', `/session/${ff.session}/moz/addon/install`, { path: join(root, 'dist/extension'), temporary: true });
  await wd('POST', `/session/${ff.session}/url`, { url: `${ff.server.base}/fetch` });
  const el = await wd('POST', `/session/${ff.session}/element`, { using: 'css selector', value: '#file' });
  const id = Object.values(el)[0];
  await wd('POST', `/session/${ff.session}/element/${id}/value`, { text: sample });
  const deadline = Date.now() + 30000;
  while (ff.server.received.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(ff.server.received.length, 1, 'the page uploaded one file');
  const [file] = ff.server.received.splice(0);
  const original = readFileSync(sample);
  assert.notDeepEqual(file.bytes, original, 'the page received the original');
  assert.deepEqual(leaks(file.bytes, 'sample.jpg'), []);
  assert.equal(content(file.bytes, 'sample.jpg'), content(original, 'sample.jpg'));
});
