// The tracker table's binary form: written by the core (TrackerTable::to_bytes
// through the wasm package), read in place by js/tracker-table.js. The JS
// reader must answer exactly what the core answers, on the whole real table
// and on look-alikes, and refuse a damaged table, never misread it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as core from '../../js/core.js';
import { openTrackerTable } from '../../js/tracker-table.js';

const root = new URL('../../', import.meta.url).pathname;
core.loadCoreSync(readFileSync(join(root, 'dist/pkg/silbato_bg.wasm')));

const SMALL = JSON.stringify({
  source: 'test',
  categories: [{ key: 'advertising', name: 'Advertising' }, { key: 'site_analytics', name: 'Site Analytics' }],
  companies: [{ name: 'Meta', country: 'US', privacy_policy: null }, { name: 'Nobody', country: null, privacy_policy: null }],
  trackers: [{ name: 'Facebook', category: 0, company: 0 }, { name: 'Stats', category: 1, company: null }, { name: 'Ñu', category: 1, company: 1 }],
  domains: { 'facebook.net': 0, 'facebook.com': 0, 'stats.example': 1, 'xn--bcher-kva.example': 2 },
});

/** The core's answers as plain data (serde-wasm-bindgen gives `undefined` for none; the reader gives null). */
const same = (m) => (m ? { domain: m.domain, tracker: m.tracker, category: m.category, category_name: m.category_name, company: m.company ?? null, country: m.country ?? null } : null);
const coreMatch = (hosts) => core.matchHosts(hosts).map(same);

const HOSTS = ['connect.facebook.net', 'CONNECT.Facebook.NET', 'connect.facebook.net.', 'a.b.c.stats.example', 'stats.example', 'www.xn--bcher-kva.example',
  'notfacebook.net', 'facebook.net.evil.example', 'facebook.network', 'net', '127.0.0.1', '::1', '[2001:db8::1]', 'www.bücher.example', '', '.', '..', `${'a.'.repeat(120)}facebook.net`, `${'a'.repeat(300)}.facebook.net`];

test('the JS reader answers what the core answers (a small table)', () => {
  const bytes = core.trackerTableBytes(new TextEncoder().encode(SMALL));
  const table = openTrackerTable(bytes);
  assert.equal(table.source, 'test');
  assert.equal(table.domains, 4);
  core.setTrackers(bytes);
  assert.deepEqual(HOSTS.map((h) => table.lookup(h)), coreMatch(HOSTS));
  assert.deepEqual(table.lookup('connect.facebook.net'), { domain: 'facebook.net', tracker: 'Facebook', category: 'advertising', category_name: 'Advertising', company: 'Meta', country: 'US' });
  assert.equal(table.lookup('x.stats.example').company, null);
});

test('a damaged or cut table is refused', () => {
  const bytes = core.trackerTableBytes(new TextEncoder().encode(SMALL));
  for (let end = 0; end < bytes.length; end++) assert.throws(() => openTrackerTable(bytes.slice(0, end)), /not valid/, `cut at ${end}`);
  const damaged = (at, value) => {
    const b = bytes.slice();
    new DataView(b.buffer).setUint32(at, value, true);
    return b;
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const [nCat, nComp, nTrk] = [8, 12, 16].map((a) => view.getUint32(a, true));
  const trk = 36 + 16 * (nCat + nComp);
  const dom = trk + 16 * nTrk;
  for (const [what, b] of [
    ['magic', Uint8Array.from(bytes, (x, i) => (i === 0 ? 88 : x))],
    ['counts', damaged(20, 0xffffff)],
    ["a tracker's category", damaged(trk + 8, 99)],
    ["a tracker's company", damaged(trk + 12, 99)],
    ["a domain's tracker", damaged(dom + 8, 99)],
    ['a domain outside the pool', damaged(dom, 1 << 30)],
  ]) assert.throws(() => openTrackerTable(b), /not valid/, what);
  // The core refuses the same damage.
  assert.throws(() => core.setTrackers(damaged(dom + 8, 99)));
});

const built = join(root, 'build/trackers.json');
test('on the real table, every listed domain, a subdomain of each and a look-alike of each get the core\'s answer', { skip: !existsSync(built) && 'build/trackers.json not built' }, () => {
  const json = readFileSync(built);
  const bytes = core.trackerTableBytes(json);
  assert.ok(bytes.length < json.length * 0.8, `${bytes.length} bytes of binary for ${json.length} of JSON`);
  const table = openTrackerTable(bytes);
  core.setTrackers(bytes);
  const domains = Object.keys(JSON.parse(json).domains);
  assert.equal(table.domains, domains.length);
  const hosts = domains.flatMap((d) => [d, `www.${d}`, `not${d}`, `${d}.evil.example`]);
  const t0 = performance.now();
  const ours = hosts.map((h) => table.lookup(h));
  const ms = performance.now() - t0;
  assert.deepEqual(ours, coreMatch(hosts));
  assert.ok(ours.filter(Boolean).length >= domains.length * 2);
  console.log(`tracker table: ${domains.length} domains, ${bytes.length} bytes (JSON ${json.length}); ${hosts.length} lookups in ${ms.toFixed(1)} ms`);
});
