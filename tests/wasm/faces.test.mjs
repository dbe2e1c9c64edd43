// The faces package in Node: the model loads, faces are found in a labelled
// photo (when build/faces-dataset is there; `make test` fetches it), a
// region is covered with one colour, the core's other exports are there
// too, and bad input is an error with a kind, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as faces from '../../dist/pkg/silbato_faces.js';

const root = new URL('../../', import.meta.url).pathname;
faces.initSync({ module: readFileSync(join(root, 'dist/pkg/silbato_faces_bg.wasm')) });
const sample = readFileSync(join(root, 'samples/sample.jpg'));
const labelled = join(root, 'build/faces-dataset/faces/2008_002506.jpg');

test('detectFaces needs the model first, then finds the faces of a labelled photo', { skip: !existsSync(labelled) && 'build/faces-dataset is missing' }, () => {
  assert.throws(() => faces.detectFaces(sample), (e) => e.kind === 'invalid_argument' && /setFaceModel was not called/.test(e.message));
  faces.setFaceModel(readFileSync(join(root, 'dist/pkg/face-model.bin')));
  const found = faces.detectFaces(readFileSync(labelled));
  assert.equal(found.faces.length, 3);
  assert.equal(found.covering.length, 3);
  assert.equal(found.width, 500);
  for (const [i, f] of found.faces.entries()) {
    const c = found.covering[i];
    assert.ok(c.x <= f.region.x && c.y <= f.region.y && c.x + c.width >= f.region.x + f.region.width, 'the covering holds the face');
  }
});

const crowd = join(root, 'build/faces-dataset/faces/bald_guys.jpg');
test('FaceSearch runs pass by pass: the whole photo first, then tiles, ending where detectFaces does', { skip: !existsSync(crowd) && 'build/faces-dataset is missing' }, () => {
  faces.setFaceModel(readFileSync(join(root, 'dist/pkg/face-model.bin')));
  faces.setBlazeFaceModel(readFileSync(join(root, 'dist/pkg/blazeface.onnx')));
  const bytes = readFileSync(crowd);
  const search = new faces.FaceSearch(bytes);
  assert.ok(search.passes > 1, `a ${1986}x${1545} photo is searched in tiles after the first pass`);
  assert.equal(search.done, 0);
  assert.equal(search.runNext(), true);
  assert.equal(search.done, 1);
  const first = search.found.faces.length;
  assert.ok(first >= 20, `the first pass finds most of the 24 faces (${first})`);
  while (search.runNext());
  assert.equal(search.done, search.passes);
  const all = search.found;
  search.free();
  assert.deepEqual(all, faces.detectFaces(bytes));
  assert.ok(all.faces.length >= 22 && all.faces.length <= 26, `${all.faces.length} faces for 24`);
  assert.throws(() => new faces.FaceSearch(bytes.subarray(0, 300)), (e) => e.kind === 'malformed' || e.kind === 'truncated');
});

test('FaceSearch.crowd runs the crowd passes alone: the small faces of a video frame at full size', { skip: !existsSync(labelled) && 'build/faces-dataset is missing' }, () => {
  faces.setFaceModel(readFileSync(join(root, 'dist/pkg/face-model.bin')));
  // The labelled photo at half size: its faces 45 to 55 px wide, as in a crowd.
  const small = execFileSync('ffmpeg', ['-v', 'error', '-i', labelled, '-vf', 'scale=250:-2', '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '2', '-']);
  const search = faces.FaceSearch.crowd(small);
  assert.ok(search.passes >= 1);
  while (search.runNext());
  const found = search.found;
  assert.equal(found.width, 250);
  assert.equal(found.faces.length, 3, `the three faces (${found.faces.length})`);
  search.free();
});

test('redactRegions covers a region and returns a cleaned JPEG', () => {
  const { output: out, info } = faces.redactRegions(sample, [{ x: 3, y: 5, width: 20, height: 20 }], 'fill', 0n);
  assert.equal(info.format, 'jpeg');
  assert.deepEqual(info.covered, [{ x: 0, y: 0, width: 24, height: 32 }]);
  assert.equal(out[0], 0xff);
  assert.equal(out[1], 0xd8);
  // Inspected by the core: nothing left.
  const report = faces.inspect(out, 'en', false);
  assert.deepEqual(report.findings, []);
});

test('bad input is an error with a kind', () => {
  const kind = (k, text) => (e) => e.kind === k && (!text || e.message.includes(text));
  assert.throws(() => faces.setFaceModel(new Uint8Array(10)), kind('invalid_argument'));
  assert.throws(() => faces.redactRegions(sample, 'nonsense', 'fill', 0n), kind('invalid_argument'));
  assert.throws(() => faces.redactRegions(sample, [], 'blur', 0n), kind('invalid_argument', 'no cover style "blur"'));
  assert.throws(() => faces.redactRegions(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0]), [], 'fill', 0n), kind('unsupported'));
  assert.throws(() => faces.redactRegions(sample.subarray(0, 400), [], 'fill', 0n), (e) => e.kind === 'malformed' || e.kind === 'truncated');
});
