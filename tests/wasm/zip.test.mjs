// www/zip.js, the offline page's zip writer, with the core's CRC-32: the
// checksum matches zlib's, and Python's zipfile (an independent reader)
// accepts the archive and reads back every entry, UTF-8 names included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { unzipSync } from 'fflate';
import * as wasm from '../../dist/pkg/silbato.js';
import { blobCrc, zipBlob } from '../../www/zip.js';

const root = new URL('../../', import.meta.url).pathname;
wasm.initSync({ module: readFileSync(join(root, 'dist/pkg/silbato_bg.wasm')) });

test('the core CRC-32 matches zlib, in one piece or in chunks', async () => {
  const bytes = new Uint8Array(300_000).map((_, i) => (i * 7919) & 255);
  const whole = wasm.crc32(0, bytes) >>> 0;
  if (zlib.crc32) assert.equal(whole, zlib.crc32(bytes));
  const chunked = wasm.crc32(wasm.crc32(0, bytes.subarray(0, 1234)), bytes.subarray(1234)) >>> 0;
  assert.equal(chunked, whole);
  assert.equal(await blobCrc(new Blob([bytes.subarray(0, 5000), bytes.subarray(5000)]), wasm.crc32), whole);
  assert.equal(wasm.crc32(0, new TextEncoder().encode('123456789')) >>> 0, 0xcbf43926);
});

test('a stored zip that Python reads back', async () => {
  const files = {
    'IMG_2041.jpg': readFileSync(join(root, 'samples/sample.jpg')),
    'empty.txt': new Uint8Array(0),
    'Año nuevo — marcha.png': new Uint8Array([1, 2, 3, 4, 5]),
  };
  const entries = [];
  for (const [name, bytes] of Object.entries(files)) {
    const blob = new Blob([bytes]);
    entries.push({ name, blob, crc: await blobCrc(blob, wasm.crc32) });
  }
  const zip = new Uint8Array(await zipBlob(entries).arrayBuffer());
  const path = join(mkdtempSync(join(tmpdir(), 'silbato-zip-')), 'cleaned.zip');
  writeFileSync(path, zip);
  execFileSync('python3', ['-m', 'zipfile', '-t', path]);
  const listed = execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print("\\n".join(f"{i.filename}|{i.file_size}|{i.date_time}|{i.compress_type}" for i in z.infolist()))', path], { encoding: 'utf8' });
  assert.deepEqual(listed.trim().split('\n'), Object.entries(files).map(([n, b]) => `${n}|${b.length}|(1980, 1, 1, 0, 0, 0)|0`));
  const back = unzipSync(zip);
  for (const [name, bytes] of Object.entries(files)) assert.deepEqual(Buffer.from(back[name]), Buffer.from(bytes), name);
});
