// The core's door (js/core.js) in Node: the same findings as the native
// core, and a plan applied in JavaScript (as bytes, and as a Blob of slices
// of the original) gives exactly the bytes the native CLI writes. Answers
// are the core's types as plain objects; errors are SilbatoErrors with a kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import {
  categories,
  cleanBytes,
  formats,
  inspectBytes,
  inspectFile,
  limits,
  loadCoreSync,
  planBytes,
  planFile,
  planToBlob,
  planToBytes,
  setGazetteer,
  SilbatoError,
  sniff,
} from '../../js/core.js';

const root = new URL('../../', import.meta.url).pathname;
loadCoreSync(readFileSync(join(root, 'dist/pkg/silbato_bg.wasm')));

const cli = join(root, 'target/release/silbato');
const sample = join(root, 'samples/sample.jpg');

function inputs() {
  const files = [sample];
  for (const dir of [join(root, 'build/fixtures'), join(root, '../shared/corpus')]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const head = readFileSync(path).subarray(0, 64);
      if (sniff(head)) files.push(path);
    }
  }
  return files;
}

test('the gazetteer loads and names the town', () => {
  assert.equal(setGazetteer(readFileSync(join(root, 'dist/pkg/gazetteer.bin'))), true);
  const report = inspectBytes(readFileSync(sample), 'en', false);
  const gps = report.findings.find((f) => f.tag === 'GPSPosition');
  assert.match(gps.message, /^Taken about 2 km from Minneapolis, Minnesota \(exact coordinates: -?\d+\.\d{5}, -?\d+\.\d{5}\)\.$/);
  assert.ok(Math.abs(gps.position.lat - 44.9618) < 1e-9 && Math.abs(gps.position.lon + 93.271) < 1e-9, JSON.stringify(gps.position));
  assert.equal(gps.position.place, 'about 2 km from Minneapolis');
  const es = inspectBytes(readFileSync(sample), 'es', true);
  assert.match(es.findings.find((f) => f.tag === 'GPSPosition').message, /a unos 2 km de Minneapolis/);
});

test('a plan applied in JavaScript gives the same bytes as the native CLI', async () => {
  const files = inputs();
  assert.ok(files.length >= 10, `only ${files.length} inputs: run make first`);
  const out = mkdtempSync(join(tmpdir(), 'silbato-'));
  // One CLI run; files that cannot be cleaned get no output (and exit status 1).
  try {
    execFileSync(cli, ['clean', '--out', out, ...files], { stdio: 'pipe' });
  } catch (e) {
    if (e.status !== 1) throw e;
  }
  let compared = 0;
  const seen = new Set();
  for (const path of files) {
    const name = basename(path);
    if (seen.has(name)) continue;
    seen.add(name);
    const bytes = new Uint8Array(readFileSync(path));
    const nativePath = join(out, name);
    let plan;
    try {
      plan = planBytes(bytes, 'en');
    } catch (e) {
      assert.ok(e instanceof SilbatoError && e.kind, `${name}: ${e}`);
      assert.ok(!existsSync(nativePath), `${name}: wasm refused (${e.message}) but native cleaned it`);
      continue;
    }
    const native = new Uint8Array(readFileSync(nativePath));
    assert.deepEqual(planToBytes(plan, bytes), native, `${name}: bytes differ`);
    const blob = planToBlob(plan, new Blob([bytes]));
    assert.equal(blob.type, plan.mime);
    assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), native, `${name}: Blob differs`);
    // Read piece by piece from a Blob, as the browser reads a File.
    const fromRanges = await planFile(new Blob([bytes]), 'en');
    assert.deepEqual(new Uint8Array(await planToBlob(fromRanges, new Blob([bytes])).arrayBuffer()), native, `${name}: ranged plan differs`);
    const cleaned = cleanBytes(bytes, 'en');
    assert.deepEqual(cleaned.output, native, `${name}: wasm clean differs`);
    assert.deepEqual(cleaned.removed, plan.removed);
    compared++;
  }
  assert.ok(compared >= 10, `compared ${compared}`);
});

test('files that cannot be cleaned throw errors that say why', () => {
  assert.throws(() => planBytes(new TextEncoder().encode('II*\0 a TIFF'), 'en'), (e) => e instanceof SilbatoError && e.kind === 'unsupported' && /TIFF/.test(e.message));
  assert.throws(() => planBytes(new TextEncoder().encode('%PDF-1.7 ...'), 'en'), (e) => e.kind === 'truncated' && e.format === 'pdf');
  const bytes = readFileSync(sample);
  assert.throws(() => planBytes(bytes.subarray(0, 1000), 'en'), (e) => e.kind === 'truncated' && e.format === 'jpeg' && Number.isInteger(e.offset));
  assert.throws(() => inspectBytes(bytes.subarray(0, 10), 'en', false), (e) => e.kind === 'truncated');
});

test('what the core knows crosses as data: formats, categories, limits', () => {
  const names = formats().map((f) => f.name);
  assert.deepEqual(names, ['jpeg', 'png', 'webp', 'gif', 'heic', 'avif', 'mp4', 'mov', '3gp', 'pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'm4a', 'mp3', 'wav', 'flac', 'ogg', 'opus']);
  assert.deepEqual(formats().find((f) => f.name === 'm4a'), { name: 'm4a', display: 'M4A', mime: 'audio/mp4', extensions: ['m4a', 'm4b', 'm4r'], media: 'audio' });
  assert.deepEqual(formats().find((f) => f.name === 'mov'), { name: 'mov', display: 'MOV', mime: 'video/quicktime', extensions: ['mov', 'qt'], media: 'video' });
  assert.deepEqual(categories().filter((c) => c.blocking).map((c) => c.name), ['location', 'serial', 'person', 'unique_id', 'embedded']);
  assert.equal(limits().inMemory, 256 * 1024 * 1024);
});

test('a video is planned from a few ranges, never read whole', async () => {
  const dir = join(root, 'build/fixtures');
  const path = join(dir, 'mp4-tagged.mp4');
  assert.ok(existsSync(path), 'run make first');
  const bytes = readFileSync(path);
  let read = 0;
  const blob = new Blob([bytes]);
  const counting = { size: blob.size, slice: (a, b) => { read += b - a; return blob.slice(a, b); } };
  const plan = await planFile(counting, 'en');
  assert.ok(plan.ops.length > 1);
  assert.ok(read < bytes.length / 2, `read ${read} of ${bytes.length} bytes`);
  const report = await inspectFile(new Blob([bytes]), 'es');
  assert.equal(report.format, 'mp4');
  assert.ok(report.findings.some((f) => f.category === 'location'));
});

test('a recording is planned from its two ends, and its cover photo is read', async () => {
  // An ID3v2.3 tag naming the artist, then 4 MB of MPEG-1 layer III frames (417 bytes at 128 kbps).
  const frame = new Uint8Array(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  const tag = new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 15, ...new TextEncoder().encode('TPE1'), 0, 0, 0, 5, 0, 0, 0, ...new TextEncoder().encode('Ana!')]);
  const frames = Array.from({ length: 10000 }, () => frame);
  const blob = new Blob([tag, ...frames]);
  let read = 0;
  const counting = { size: blob.size, slice: (a, b) => { read += b - a; return blob.slice(a, b); } };
  const plan = await planFile(counting, 'en');
  assert.equal(plan.format, 'mp3');
  assert.deepEqual(plan.ops, [{ copy: { start: tag.length, end: blob.size } }]);
  assert.ok(plan.removed.findings.some((f) => f.category === 'person'));
  assert.ok(read < blob.size / 4, `read ${read} of ${blob.size} bytes`);
  const path = join(root, 'build/fixtures', 'mp3-id3v24.mp3');
  assert.ok(existsSync(path), 'run make first');
  const report = await inspectFile(new Blob([readFileSync(path)]), 'es');
  assert.equal(report.format, 'mp3');
  // The cover photo's GPS position, read inside the ID3 picture frame.
  assert.ok(report.findings.some((f) => f.category === 'location'));
});
