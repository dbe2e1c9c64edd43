// The popup's rules (extension/popup/rules.js) and its data files, in Node:
// the fingerprinting tests case by case, host grouping, the verdict, and the
// shape of data/sites.json (every reported fact has a source and a date).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { canvasTest, fingerprinters, groupHosts, judge, siteNoteFor, verdict } from '../../extension/popup/rules.js';

const read = (over) => ({ how: 'toDataURL', width: 240, height: 60, area: null, chars: 20, colours: 2, saveRestore: false, listener: false, ...over });

test('the canvas test, case by case', () => {
  const cases = [
    [read(), true, 'FingerprintJS-style: text in two colours, read back'],
    [read({ colours: 1, chars: 10 }), true, 'ten distinct characters in one colour'],
    [read({ colours: 1, chars: 9 }), false, 'one colour, nine characters'],
    [read({ width: 15 }), false, 'narrower than 16 px'],
    [read({ height: 8 }), false, 'lower than 16 px'],
    [read({ saveRestore: true }), false, 'save/restore: drawing code'],
    [read({ listener: true }), false, 'an event listener: an interactive canvas'],
    [read({ how: 'toBlob' }), true, 'toBlob reads like toDataURL'],
    [read({ how: 'getImageData', area: [16, 16] }), true, 'getImageData of 16x16'],
    [read({ how: 'getImageData', area: [1, 1] }), false, 'getImageData of one pixel (a colour picker)'],
    [read({ chars: 0, colours: 0 }), false, 'no text drawn (a photo editor)'],
  ];
  for (const [r, want, why] of cases) assert.equal(canvasTest(r), want, why);
});

test('judging a script: strong tests alone, weak signs only together', () => {
  const base = { url: 'https://x.test/a.js', canvasReads: [], fontProbe: null, webgl: [], audio: false, navigator: [] };
  const nav = (n) => Array.from({ length: n }, (_, i) => `p${i}`);
  const cases = [
    [{}, false, []],
    [{ canvasReads: [read()] }, true, ['canvas']],
    [{ canvasReads: [read({ listener: true })] }, false, []],
    [{ fontProbe: { fonts: 50, calls: 50 } }, true, ['fonts']],
    [{ fontProbe: { fonts: 49, calls: 200 } }, false, []],
    [{ audio: true }, true, ['audio']],
    [{ webgl: ['renderer'] }, false, ['webgl']],
    [{ navigator: nav(15) }, false, ['navigator']],
    [{ navigator: nav(14), webgl: ['renderer'] }, false, ['webgl']],
    [{ navigator: nav(15), webgl: ['renderer'] }, true, ['webgl', 'navigator']],
    [{ webgl: ['vendor'], navigator: nav(20) }, false, ['navigator']],
  ];
  for (const [over, want, techniques] of cases) {
    const j = judge({ ...base, ...over });
    assert.equal(j.fingerprinter, want, JSON.stringify(over));
    assert.deepEqual(j.techniques, techniques, JSON.stringify(over));
  }
  assert.deepEqual(fingerprinters([{ ...base, audio: true }, { ...base, url: 'b' }]).map((f) => f.url), ['https://x.test/a.js']);
  assert.deepEqual(fingerprinters(null), []);
});

test('grouping hosts: first party by site and by company, companies, unknown hosts', () => {
  const site = (h) => h.split('.').slice(-2).join('.');
  const meta = { company: 'Meta', tracker: 'Facebook', category: 'advertising', country: 'US' };
  const hosts = [
    { host: 'www.facebook.com', count: 3 },
    { host: 'static.xx.fbcdn.net', count: 9 },
    { host: 'www.google-analytics.com', count: 2 },
    { host: 'cdn.unknown.example', count: 1 },
  ];
  const matches = [meta, { ...meta, tracker: 'Facebook CDN', category: 'hosting' }, { company: 'Google', tracker: 'Google Analytics', category: 'site_analytics', country: 'US' }, null];
  const g = groupHosts('www.facebook.com', hosts, matches, site);
  assert.deepEqual(g.firstParty.map((h) => h.host), ['www.facebook.com', 'static.xx.fbcdn.net']);
  assert.deepEqual(g.companies.map((c) => c.name), ['Google']);
  assert.deepEqual(g.unknown.map((h) => h.host), ['cdn.unknown.example']);
  // On another site, Meta is a third party, and advertising comes first.
  const other = groupHosts('news.example', hosts, matches, site);
  assert.deepEqual(other.companies.map((c) => [c.name, c.requests, c.categories]), [
    ['Meta', 12, ['advertising', 'hosting']],
    ['Google', 2, ['site_analytics']],
  ]);
});

test('the verdict', () => {
  const ads = [{ categories: ['advertising'] }];
  const cdn = [{ categories: ['hosting'] }];
  assert.equal(verdict({ companies: [], fingerprinting: 1, photos: 0, links: 0 }).level, 'high');
  assert.equal(verdict({ companies: [], fingerprinting: 0, photos: 1, links: 0 }).level, 'high');
  assert.equal(verdict({ companies: ads, fingerprinting: 0, photos: 0, links: 0 }).level, 'medium');
  assert.equal(verdict({ companies: cdn, fingerprinting: 0, photos: 0, links: 1 }).level, 'medium');
  assert.equal(verdict({ companies: cdn, fingerprinting: 0, photos: 0, links: 0 }).level, 'low');
});

test('site notes: every platform, every fact sourced and dated, in both languages', () => {
  const data = JSON.parse(readFileSync(new URL('../../extension/data/sites.json', import.meta.url), 'utf8'));
  const ids = data.sites.map((s) => s.id);
  assert.deepEqual(ids, ['meta', 'google', 'x', 'reddit', 'tiktok', 'discord', 'bluesky', 'mastodon']);
  for (const s of data.sites) {
    assert.ok(s.facts.length > 0, s.id);
    for (const f of s.facts) {
      assert.ok(f.en && f.es, `${s.id}: both languages`);
      if (f.kind === 'reported') {
        assert.match(f.source, /^https:\/\//, `${s.id}: a source`);
        assert.match(f.date, /^\d{4}-\d{2}-\d{2}$/, `${s.id}: a date`);
      } else {
        assert.equal(f.kind, 'advice', `${s.id}: unsourced text is Silbato's own advice`);
      }
    }
  }
  const cases = [
    ['www.instagram.com', 'meta'], ['m.facebook.com', 'meta'], ['threads.net', 'meta'], ['www.youtube.com', 'google'],
    ['x.com', 'x'], ['old.reddit.com', 'reddit'], ['discord.com', 'discord'], ['bsky.app', 'bluesky'],
    ['notfacebook.com', null], ['facebook.com.evil.example', null], ['news.example', null],
  ];
  for (const [host, want] of cases) assert.equal(siteNoteFor(host, data.sites)?.id ?? null, want, host);
});

test('a page photo reveals its taker through the categories the core blocks, thumbnails aside', async () => {
  const { revealing } = await import('../../extension/popup/rules.js');
  const blocking = ['location', 'serial', 'person', 'unique_id', 'embedded'];
  const findings = [{ category: 'location' }, { category: 'embedded' }, { category: 'software' }, { category: 'serial' }];
  assert.deepEqual(revealing(findings, blocking).map((f) => f.category), ['location', 'serial']);
  assert.deepEqual(revealing(undefined, blocking), []);
});
