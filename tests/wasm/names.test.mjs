// File names through the core's door (js/core.js): what a name reveals comes
// back as the core's Finding objects, in English and Spanish, and neutral
// names follow the format and the index; a format that does not exist is a
// SilbatoError, never a made-up name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { formats, inspectName, loadCoreSync, neutralName, SilbatoError } from '../../js/core.js';

const root = new URL('../../', import.meta.url).pathname;
loadCoreSync(readFileSync(join(root, 'dist/pkg/silbato_bg.wasm')));

test('a name with the date and time to the second is a timestamp finding', () => {
  const [f, ...rest] = inspectName('PXL_20260201_153012345.MP.jpg', 'en');
  assert.equal(rest.length, 0);
  assert.deepEqual(Object.keys(f).sort(), ['category', 'message', 'severity', 'tag', 'value']);
  assert.equal(f.category, 'timestamp');
  assert.equal(f.tag, 'FileName');
  assert.equal(f.value, '2026-02-01 15:30:12 (Pixel camera)');
  assert.match(f.message, /neutral name/);
  const [es] = inspectName('WhatsApp Image 2026-02-01 at 15.30.12.jpeg', 'es-MX');
  assert.equal(es.value, '2026-02-01 15:30:12 (WhatsApp)');
  assert.match(es.message, /^El nombre del archivo dice la fecha y la hora/);
});

test("a person's name and a street are text findings; counters are nothing", () => {
  const found = inspectName('maria-lopez-lake-st.jpg', 'en');
  assert.deepEqual(
    found.map((f) => [f.category, f.value]),
    [
      ['text', 'maria lopez'],
      ['text', 'lake st'],
    ],
  );
  for (const name of ['IMG_1234.HEIC', 'DSC_0042.JPG', 'sunset.jpg', 'photo.jpg', '']) {
    assert.deepEqual(inspectName(name, 'en'), [], name);
  }
});

test('neutral names follow the format and the index', () => {
  assert.equal(neutralName('jpeg', 1), 'photo.jpg');
  assert.equal(neutralName('jpeg', 2), 'photo-2.jpg');
  assert.equal(neutralName('mp4'), 'video.mp4');
  assert.equal(neutralName('heic', 3), 'photo-3.heic');
  assert.equal(neutralName('pdf', 1), 'document.pdf');
  assert.equal(neutralName('docx', 2), 'document-2.docx');
  assert.equal(neutralName('mp3', 1), 'recording.mp3');
  assert.equal(neutralName('m4a', 2), 'recording-2.m4a');
  // A recording is called one (an "audio" is not a thing people send); every other kind by its name.
  for (const f of formats()) {
    assert.equal(neutralName(f.name, 1), `${f.media === 'audio' ? 'recording' : f.media}.${f.extensions[0]}`);
  }
  assert.throws(
    () => neutralName('exe', 1),
    (e) => e instanceof SilbatoError && e.kind === 'invalid_argument',
  );
});
