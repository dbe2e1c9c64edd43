// Assembles dist/extension/ (loadable unpacked in Chromium and Firefox) from
// extension/ and the wasm package in dist/pkg/, draws the icons, and writes
// dist/silbato-extension.zip for store submission. Nothing of ours is
// minified: reviewers and users can read what runs.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/extension');
rmSync(out, { recursive: true, force: true });
cpSync(join(root, 'extension'), out, { recursive: true });
mkdirSync(join(out, 'core'), { recursive: true });
for (const f of ['silbato.js', 'silbato_bg.wasm', 'plan.js', 'gazetteer.bin']) {
  cpSync(join(root, 'dist/pkg', f), join(out, 'core', f));
}

// The tracker table (CC BY-NC-SA 4.0 data, never compiled into the code; see
// scripts/build-trackers.mjs) beside its licence, and tldts (MIT), which
// names a host's registrable domain from the Public Suffix List: the npm
// package's own published bundle, copied unchanged with its licence.
mkdirSync(join(out, 'data'), { recursive: true });
cpSync(join(root, 'build/trackers.json'), join(out, 'data/trackers.json'));
cpSync(join(root, 'build/trackers-LICENSE.txt'), join(out, 'data/trackers-LICENSE.txt'));
mkdirSync(join(out, 'vendor'), { recursive: true });
cpSync(join(root, 'node_modules/tldts/dist/index.esm.min.js'), join(out, 'vendor/tldts.js'));
cpSync(join(root, 'node_modules/tldts/LICENSE'), join(out, 'vendor/tldts-LICENSE.txt'));

// Icons: an orange whistle-like disc with a mouthpiece, drawn here so that no
// image file has to be committed.
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x / size, y / size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const whistle = (x, y) => {
  const inDisc = (x - 0.42) ** 2 + (y - 0.58) ** 2 < 0.33 ** 2;
  const inPipe = x > 0.42 && x < 0.95 && y > 0.25 && y < 0.45;
  const inHole = (x - 0.42) ** 2 + (y - 0.58) ** 2 < 0.1 ** 2;
  if (inHole) return [31, 36, 48, 255];
  return inDisc || inPipe ? [242, 163, 58, 255] : [0, 0, 0, 0];
};
mkdirSync(join(out, 'icons'), { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(join(out, `icons/icon-${size}.png`), png(size, whistle));

// The store package: every file of dist/extension, paths relative to it.
const files = {};
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else files[relative(out, path)] = [readFileSync(path), { mtime: new Date('2026-01-01T00:00:00Z') }];
  }
};
walk(out);
writeFileSync(join(root, 'dist/silbato-extension.zip'), zipSync(files, { level: 9 }));
const size = (p) => statSync(join(root, p)).size;
console.log(`extension: dist/extension (${Object.keys(files).length} files), dist/silbato-extension.zip ${(size('dist/silbato-extension.zip') / 1024).toFixed(0)} KiB`);
