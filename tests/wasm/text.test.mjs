// Link cleaning and text checks through the wasm package: the same answers as
// the native CLI, offsets as JavaScript string indices, the never-publish list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as core from '../../js/core.js';
import { samplePost } from '../../js/sample-post.mjs';

const root = new URL('../../', import.meta.url).pathname;
core.loadCoreSync(readFileSync(join(root, 'dist/pkg/silbato_bg.wasm')));
const cli = join(root, 'target/release/silbato');

const LINKS = [
  'https://youtu.be/dQw4w9WgXcQ?si=AbCdEf123',
  'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s&si=AbC',
  'https://www.instagram.com/reel/C1a2B3/?igsh=MTc4MmM1YmI2Ng==',
  'https://l.facebook.com/l.php?u=https%3A%2F%2Fnews.example%2Fstory%3Fid%3D7%26fbclid%3DIwAR1&h=AT0xyz',
  'https://www.reddit.com/r/Minneapolis/s/9aRRC2rZpd',
  'https://www.google.com/search?q=know+your+rights&hl=es',
  'not a link',
];

test('cleanLink gives what `silbato link --json` gives', () => {
  const native = execFileSync(cli, ['link', '--json', ...LINKS], { env: { ...process.env, LANG: 'C' } })
    .toString().trim().split('\n').map((l) => JSON.parse(l));
  const ours = LINKS.map((u) => core.cleanLink(u, 'en'));
  assert.deepEqual(ours, native);
  assert.equal(ours[0].output, 'https://youtu.be/dQw4w9WgXcQ');
  assert.equal(ours[0].removed[0].reason, 'sharer_id');
});

test('scanText gives the CLI findings, with JavaScript string offsets', () => {
  const text = '😀 Soy José 👋 https://youtu.be/x?si=1 — llama al 612-555-0199';
  const { findings } = core.scanText(text, 'es');
  assert.deepEqual(findings.map((f) => f.kind), ['sharer_link', 'phone']);
  for (const f of findings) assert.equal(text.slice(f.start, f.end), f.text);
  assert.equal(findings[0].replacement, 'https://youtu.be/x');
  assert.match(findings[0].message, /^Este enlace lleva «si»/);

  const native = JSON.parse(execFileSync(cli, ['--lang', 'es', 'text', '--json'], { input: text }).toString());
  assert.deepEqual(findings.map((f) => [f.kind, f.text, f.message]), native.findings.map((f) => [f.kind, f.text, f.message]));
});

test('an immigration number crosses as its own kind, high, with JavaScript string offsets', () => {
  const text = '😀 Detuvieron a mi tío 👋 su número A es 098765432, escriban a rosa.m [arroba] example [punto] com';
  const { findings } = core.scanText(text, 'es');
  assert.deepEqual(findings.map((f) => [f.kind, f.severity]), [['immigration_id', 'high'], ['email', 'medium']]);
  for (const f of findings) assert.equal(text.slice(f.start, f.end), f.text);
  assert.match(findings[0].message, /^Un número A\. .*en privado/);
});

test('the never-publish list is matched without case or accents, and can be emptied', () => {
  assert.equal(core.setNeverPublish(['José Pérez', 'x', 'Calle Ocho']), 2);
  const text = 'firmado: JOSE PEREZ';
  const { findings } = core.scanText(text, 'en');
  assert.equal(findings.length, 1);
  assert.equal(findings[0].kind, 'never_publish');
  assert.equal(text.slice(findings[0].start, findings[0].end), 'JOSE PEREZ');
  assert.equal(core.setNeverPublish([]), 0);
  assert.deepEqual(core.scanText(text, 'en').findings, []);
});

test('a 10 KB post is checked and every link in it is found', () => {
  const text = samplePost();
  const { findings } = core.scanText(text, 'en');
  const kinds = new Set(findings.map((f) => f.kind));
  for (const k of ['sharer_link', 'share_short_link', 'tracking_link', 'phone', 'street_address', 'coordinates']) assert.ok(kinds.has(k), k);
  for (const f of findings) assert.equal(text.slice(f.start, f.end), f.text);
});
