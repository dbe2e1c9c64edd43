// The upload guard against hostile pages in Debian's firefox-esr (issue 15),
// for what Firefox and WebDriver can express: files set on inputs (WebDriver
// cannot drive a file chooser), documents rewritten after load, blob: frames,
// the question that must not take the keyboard, a page probing the typing
// guard, and a page looking for Silbato. Pages: tests/e2e/hostile-pages.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { content, leaks, toFile } from '../e2e/checks.mjs';
import { firefoxSession, root } from './driver.mjs';

const sample = join(root, 'samples/sample.jpg');
const second = join(root, 'build/fixtures/jpeg-full.jpg');
const ff = firefoxSession();

async function received(n, timeout = 30000) {
  const deadline = Date.now() + timeout;
  while (ff.server.received.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(ff.server.received.length, n, `expected ${n} uploads, got ${ff.server.received.length}`);
  return ff.server.received.splice(0, n);
}

async function nothingMore(ms = 1500) {
  await new Promise((r) => setTimeout(r, ms));
  assert.deepEqual(ff.server.received.splice(0).map((f) => f.name), [], 'the page received something it should not have');
}

function assertCleaned(file, originalPath) {
  const original = readFileSync(originalPath);
  assert.notDeepEqual(file.bytes, original, 'the page received the original');
  assert.deepEqual(leaks(file.bytes, 'x.jpg'), []);
  assert.equal(content(file.bytes, 'x.jpg'), content(original, 'x.jpg'));
  // The name the page received is neutral: no date, time, app or person from the original's.
  assert.match(file.name, /^photo(-\d+)?\.jpg$/, `the page received the name ${file.name}`);
}

let installed = null;
/** The extension, installed once as a temporary add-on (after the session has started). */
const addon = () => (installed ??= ff.on('POST', '/moz/addon/install', { path: join(root, 'dist/extension'), temporary: true }));

test('Firefox: files set twice on an input, then a native submit, send only the cleaned second photo', async () => {
  await addon();
  await ff.go(`${ff.server.base}/form`);
  await ff.setFile('#file', sample);
  await ff.setFile('#file', second);
  await ff.on('POST', `/element/${await ff.element('#send')}/click`, {});
  assertCleaned((await received(1))[0], second);
  await nothingMore();
});

test('Firefox: a document rewritten with document.open/write after load is still guarded', async () => {
  await addon();
  await ff.go(`${ff.server.base}/reopen`);
  await ff.until('return window.rewritten === true');
  await ff.setFile('#file', sample);
  assertCleaned((await received(1))[0], sample);
  await nothingMore();
});

test('Firefox: an uploader inside a blob: frame', async () => {
  await addon();
  await ff.go(`${ff.server.base}/blob-frame`);
  await ff.until("return document.getElementById('frame').contentDocument === null || true");
  const frame = await ff.element('#frame');
  await ff.on('POST', '/frame', { id: { 'element-6066-11e4-a52e-4f735466cecf': frame } });
  await ff.until("return document.getElementById('file') !== null");
  await ff.setFile('#file', sample);
  await ff.on('POST', '/frame/parent', {});
  assertCleaned((await received(1))[0], sample);
  await nothingMore();
});

test('Firefox: the question about a damaged photo leaves the keyboard in the caption and attaches nothing', async () => {
  await addon();
  await ff.go(`${ff.server.base}/caption-upload`);
  await ff.type('#caption', 'Raid on Lake St ');
  const broken = toFile(readFileSync(join(root, 'build/fixtures/jpeg-damaged-headers.jpg')), 'broken.jpg');
  await ff.setFile('#file', broken);
  await ff.run("document.getElementById('caption').focus()");
  // The notice is in a closed shadow root: wait for it to exist, then for the question to be asked.
  await ff.until("return document.querySelector('silbato-notice') !== null");
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await ff.run('return document.activeElement.id'), 'caption');
  await ff.type('#caption', 'this morning');
  assert.equal(await ff.run("return document.getElementById('caption').value"), 'Raid on Lake St this morning');
  await nothingMore(1000);
});

test('Firefox: a page typing names into a hidden box gets no marker', async () => {
  await addon();
  await ff.go(`${ff.server.base}/probe`);
  await ff.run("window.probe('vimos a Ana Pérez en la esquina')");
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await ff.run("return document.querySelector('silbato-marker') === null"), true);
});

test('Firefox: a page cannot tell Silbato is there without an action of the person', async () => {
  await addon();
  await ff.go(`${ff.server.base}/detect`);
  await new Promise((r) => setTimeout(r, 2000));
  const found = await ff.on('POST', '/execute/async', { script: 'window.detect().then(arguments[0])', args: [] });
  assert.equal(found.ownClick, false);
  assert.deepEqual(found.notNative, []);
  assert.equal(found.answered, false);
  assert.deepEqual(found.elements.filter((n) => n.startsWith('silbato')), []);
  assert.equal(found.frames, 0);
});
