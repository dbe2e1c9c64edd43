// The popup's rules (extension/popup/rules.js) and its data files, in Node:
// the fingerprinting tests case by case, host grouping, the verdict, and the
// shape of data/sites.json and data/notice.json (every fact sourced, dated and
// in both languages, saying the same thing in each).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { canvasTest, factDates, fingerprinters, groupHosts, judge, nameList, noticeFor, recordersIn, recordsSessions, siteNoteFor, typingWatchers, verdict } from '../../extension/popup/rules.js';

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

test('the verdict: levels, and names rather than counts', () => {
  const ads = [{ name: 'Google', categories: ['advertising'] }];
  const cdn = [{ name: 'Cloudflare', categories: ['hosting'] }];
  const none = { companies: [], fingerprinting: 0, photos: 0, links: 0 };
  assert.equal(verdict({ ...none, fingerprinting: 1 }).level, 'high');
  // The site's own photos with a location say nothing about the reader (issue 21): no red verdict.
  assert.equal(verdict({ ...none, photos: 1 }).level, 'low');
  assert.equal(verdict({ ...none, companies: ads }).level, 'medium');
  assert.equal(verdict({ ...none, companies: cdn, links: 1 }).level, 'medium');
  assert.equal(verdict({ ...none, companies: cdn }).level, 'low');
  assert.equal(verdict({ ...none, companies: cdn, links: null }).level, 'low', 'links still being checked');
  // Typed text sent away, or a recorder: read before typing, whatever else.
  const typed = verdict({ ...none, keylogging: [{ name: 'Google' }] });
  assert.deepEqual([typed.level, typed.typing, typed.keylogging], ['high', true, ['Google']]);
  assert.deepEqual(verdict({ ...none, recorders: [{ name: 'Hotjar' }] }).recorders, ['Hotjar']);
  const many = verdict({ ...none, companies: [...ads, { name: 'Meta', categories: ['social_media'] }, ...cdn, { name: 'Criteo', categories: ['advertising'] }] });
  assert.deepEqual(many.watching, ['Google', 'Meta', 'Criteo']);
  assert.equal(many.others, 1);
});

test('lists of names: all up to three, else two and how many more', () => {
  assert.deepEqual(nameList([]), { named: [], more: 0 });
  assert.deepEqual(nameList(['Google']), { named: ['Google'], more: 0 });
  assert.deepEqual(nameList(['Google', 'Meta', 'Microsoft']), { named: ['Google', 'Meta', 'Microsoft'], more: 0 });
  assert.deepEqual(nameList(['Google', 'Meta', 'Microsoft', 'Criteo']), { named: ['Google', 'Meta'], more: 2 });
  assert.deepEqual(nameList(['Google', 'Google', 'Meta']), { named: ['Google', 'Meta'], more: 0 });
});

// ---- Before you type ----
const recorderData = JSON.parse(readFileSync(new URL('../../extension/data/recorders.json', import.meta.url), 'utf8'));
/** A toy `who`: registrable domain = the last two labels; companies from a small table. */
const COMPANIES = { 'google-analytics.com': 'Google', 'doubleclick.net': 'Google', 'facebook.net': 'Meta', 'facebook.com': 'Meta', 'fbcdn.net': 'Meta', 'hotjar.com': 'Hotjar' };
const who = (host) => {
  const site = host.split('.').slice(-2).join('.');
  return { site, company: COMPANIES[site] || null };
};

test('key logging: a third party receiving typed text is named; the site itself is not key logging', () => {
  const typing = {
    leaks: [
      { host: 'www.google-analytics.com', how: 'beacon', form: 'base64' },
      { host: 'stats.g.doubleclick.net', how: 'image', form: 'url' },
      { host: 'api.news.example', how: 'fetch', form: 'plain' },
      { host: 'collect.unknown-vendor.example', how: 'xhr', form: 'sha256' },
    ],
    scripts: [],
  };
  const w = typingWatchers('www.news.example', typing, [], who);
  assert.deepEqual(w.keylogging.map((k) => [k.name, k.hosts, k.forms]), [
    ['Google', ['www.google-analytics.com', 'stats.g.doubleclick.net'], ['base64', 'url']],
    ['unknown-vendor.example', ['collect.unknown-vendor.example'], ['sha256']],
  ]);
  assert.equal(w.ownSite, true, 'the site saved the draft itself');
  // Only the site's own servers: no key logging, said apart.
  const own = typingWatchers('www.news.example', { leaks: [{ host: 'drafts.news.example', how: 'fetch', form: 'plain' }] }, [], who);
  assert.deepEqual([own.keylogging, own.ownSite], [[], true]);
  // The same company as the page (fbcdn.net on facebook.com) is the site too.
  const meta = typingWatchers('www.facebook.com', { leaks: [{ host: 'upload.fbcdn.net', how: 'xhr', form: 'plain' }] }, [], who);
  assert.deepEqual([meta.keylogging, meta.ownSite], [[], true]);
  // Nothing recorded, nothing said.
  assert.deepEqual(typingWatchers('news.example', undefined, undefined, who), { keylogging: [], ownSite: false, recorders: [] });
  assert.deepEqual(typingWatchers('news.example', { leaks: [null, { host: 5 }] }, [], who).keylogging, []);
});

test('session recorders by host: Blacklight\'s list and more, by whole labels and path', () => {
  const urls = [
    'https://static.hotjar.com/c/hotjar-123.js?sv=6',
    'https://www.clarity.ms/tag/abc123',
    'https://mc.yandex.ru/metrika/tag.js',
    'https://mc.yandex.ru/watch/123', // Metrica's counter, not Webvisor
    'https://edge.fullstory.com/s/fs.js',
    'https://browser.sentry-cdn.com/7.100.0/bundle.tracing.replay.min.js',
    'https://browser.sentry-cdn.com/7.100.0/bundle.min.js', // Sentry without replay
    'https://nothotjar.com/x.js',
    'https://static.hotjar.com.evil.example/x.js',
    'wss://ws.hotjar.com/api/v2/client/ws', // not in the list: only static/script/insights
    'not a url',
  ];
  assert.deepEqual(recordersIn(urls, recorderData).map((r) => [r.id, r.hosts]).sort(), [
    ['clarity', ['www.clarity.ms']],
    ['fullstory', ['edge.fullstory.com']],
    ['hotjar', ['static.hotjar.com']],
    ['sentry-replay', ['browser.sentry-cdn.com']],
    ['yandex-webvisor', ['mc.yandex.ru']],
  ]);
  assert.deepEqual(recordersIn([], recorderData), []);
  assert.deepEqual(recordersIn(urls, null), []);
});

test('every recorder entry is named, matched and sourced; Blacklight\'s list is all there', () => {
  const ids = new Set();
  for (const r of recorderData.recorders) {
    assert.ok(!ids.has(r.id), r.id);
    ids.add(r.id);
    assert.ok(r.name && r.company, r.id);
    assert.ok(r.match.length > 0, r.id);
    assert.ok(r.sources.length > 0 && r.sources.every((u) => /^https:\/\/\S+$/.test(u)), `${r.id}: sources`);
    for (const m of r.match) assert.match(m, /^[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?$/, `${r.id}: ${m}`);
  }
  assert.match(recorderData.checked, /^\d{4}-\d{2}-\d{2}$/);
  // SESSION_RECORDERS_LIST of blacklight-collector (src/types.ts), each matched by some entry.
  const blacklight = ['mc.yandex.ru/metrika/watch.js', 'mc.yandex.ru/metrika/tag.js', 'mc.yandex.ru/webvisor/', 'fullstory.com/s/fs.js',
    'd2oh4tlt9mrke9.cloudfront.net/Record/js/sessioncam.recorder.js', 'ws.sessioncam.com/Record/record.asmx', 'userreplay.net', 'static.hotjar.com',
    'script.hotjar.com', 'insights.hotjar.com/api', 'clicktale.net', 'smartlook.com', 'decibelinsight.net', 'quantummetric.com', 'inspectlet.com',
    'mouseflow.com', 'logrocket.com', 'salemove.com', 'd10lpsik1i8c69.cloudfront.net', 'luckyorange.com', 'vwo.com'];
  for (const b of blacklight) assert.equal(recordersIn([`https://${b}${b.includes('/') ? 'x' : '/x.js'}`], recorderData).length, 1, b);
  for (const id of ['clarity', 'logrocket', 'sentry-replay']) assert.ok(ids.has(id), id);
});

test('session recorders by behaviour: keys and pointer at the document, the whole document observed, batches sent', () => {
  const rec = { url: 'https://cdn.replay.example/r.js', listens: ['keydown', 'input', 'mousemove', 'click'], observes: true, sends: 3, sentTo: ['in.replay.example'] };
  assert.equal(recordsSessions(rec), true);
  assert.equal(recordsSessions({ ...rec, observes: false }), false, 'a framework listening at the document');
  assert.equal(recordsSessions({ ...rec, listens: ['mousemove', 'click'] }), false, 'no keys');
  assert.equal(recordsSessions({ ...rec, listens: ['keydown', 'input'] }), false, 'no pointer');
  assert.equal(recordsSessions({ ...rec, sends: 1 }), false, 'one request is no batch');
  assert.equal(recordsSessions(null), false);
  // Named by company when the table knows the host, by site otherwise; once when also named by host.
  const w = typingWatchers('news.example', { leaks: [], scripts: [rec, { ...rec, url: 'https://static.hotjar.com/c/h.js' }] }, recordersIn(['https://static.hotjar.com/c/h.js'], recorderData), who);
  assert.deepEqual(w.recorders.map((r) => [r.name, r.by, r.hosts]), [['Hotjar', 'host', ['static.hotjar.com']], ['replay.example', 'behaviour', ['cdn.replay.example']]]);
});

const sitesData = JSON.parse(readFileSync(new URL('../../extension/data/sites.json', import.meta.url), 'utf8'));
const noticeData = JSON.parse(readFileSync(new URL('../../extension/data/notice.json', import.meta.url), 'utf8'));
/** Every sourced fact, with where it sits: the site notes' facts and the notice guidance's items. */
const allFacts = () => [
  ...sitesData.sites.flatMap((s) => s.facts.map((f, i) => [`${s.id} fact ${i + 1}`, f])),
  ...noticeData.sections.flatMap((s) => s.items.map((f, i) => [`notice ${s.id} ${i + 1}`, f])),
];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_OR_MONTH = /^\d{4}-\d{2}(-\d{2})?$/;

test('site notes: every platform, every fact sourced and dated, in both languages', () => {
  const ids = sitesData.sites.map((s) => s.id);
  assert.deepEqual(ids, ['meta', 'google', 'x', 'reddit', 'tiktok', 'discord', 'bluesky', 'mastodon']);
  for (const s of sitesData.sites) {
    assert.ok(s.facts.length > 0, s.id);
    for (const f of s.facts) {
      assert.ok(f.en && f.es, `${s.id}: both languages`);
      assert.match(f.source, /^https:\/\//, `${s.id}: a source`);
      assert.match(f.checked, DAY, `${s.id}: a date`);
    }
    // Silbato's own advice claims nothing about the platform, so it carries no source.
    for (const a of s.advice || []) {
      assert.ok(a.en && a.es, `${s.id}: advice in both languages`);
      assert.deepEqual(Object.keys(a).sort(), ['en', 'es'], `${s.id}: advice is only text`);
    }
  }
  const cases = [
    ['www.instagram.com', 'meta'], ['m.facebook.com', 'meta'], ['threads.net', 'meta'], ['www.youtube.com', 'google'],
    ['x.com', 'x'], ['old.reddit.com', 'reddit'], ['discord.com', 'discord'], ['bsky.app', 'bluesky'],
    ['notfacebook.com', null], ['facebook.com.evil.example', null], ['news.example', null],
  ];
  for (const [host, want] of cases) assert.equal(siteNoteFor(host, sitesData.sites)?.id ?? null, want, host);
});

test('every source is a URL, every fact is dated twice, and the Spanish says what the English says (notice guidance included)', () => {
  const facts = allFacts();
  assert.ok(facts.length >= 40, `${facts.length} facts`);
  const undated = [];
  for (const [where, f] of facts) {
    for (const key of ['source', 'copy']) {
      if (key === 'copy' && f.copy === undefined) continue;
      assert.match(f[key], /^https?:\/\/[^\s]+$/, `${where}: ${key} is an address`);
      assert.doesNotThrow(() => new URL(f[key]), `${where}: ${key} parses`);
    }
    assert.match(f.checked, DAY, `${where}: the date it was checked`);
    // The source's own date, or the date of the copy read; a source with
    // neither says so explicitly rather than borrowing the check date.
    if (f.undated === true) {
      assert.equal(f.published ?? f.as_of, undefined, `${where}: undated yet dated`);
      undated.push(f.source);
    } else {
      assert.ok((f.published === undefined) !== (f.as_of === undefined), `${where}: exactly one of published and as_of`);
      const date = f.published ?? f.as_of;
      assert.match(date, DAY_OR_MONTH, `${where}: published/as_of is a date`);
      assert.ok(date <= f.checked, `${where}: dated ${date}, after it was checked (${f.checked})`);
    }
    assert.deepEqual(factDates(f), { date: f.published ?? f.as_of ?? null, undated: f.undated === true, checked: f.checked }, where);
  }
  // Known, and few: pages with no date of their own whose copy read carries
  // none either. A new one has to be added here on purpose.
  assert.deepEqual([...new Set(undated)].sort(), [
    'https://help.x.com/en/rules-and-policies/twitter-law-enforcement-support',
    'https://particlenews.pages.dev/story/doj-subpoenas-reddit-and-x-to-identify-anonymous-critics-of-ice',
    'https://policies.google.com/terms/information-requests',
    'https://www.law.cornell.edu/uscode/text/18/2703',
    'https://www.tiktok.com/info/law-enforcement/',
  ]);

  // The same facts in both languages: as many, with the same sources...
  const inLanguage = (lang) => facts.filter(([, f]) => typeof f[lang] === 'string' && f[lang].trim()).map(([, f]) => f.source);
  assert.equal(inLanguage('es').length, facts.length);
  assert.deepEqual(inLanguage('es'), inLanguage('en'));
  // ...each one translated, not copied, and carrying the same figures (days,
  // years, counts, statute numbers), so a number changed in one language and
  // not the other fails here.
  const figures = (text) => (text.match(/\d[\d.,]*\d|\d/g) || []).map((n) => n.replace(/[.,](?=\d{3}\b)/g, '')).sort();
  for (const [where, f] of facts) {
    assert.notEqual(f.en, f.es, `${where}: the Spanish is a translation`);
    assert.deepEqual(figures(f.es), figures(f.en), `${where}: the same figures in both languages`);
  }
  for (const s of sitesData.sites) {
    for (const a of s.advice || []) assert.deepEqual(figures(a.es), figures(a.en), `${s.id}: advice`);
  }
  for (const part of [noticeData.title, noticeData.intro, ...noticeData.sections.map((s) => s.title)]) {
    assert.ok(part.en && part.es && part.en !== part.es, JSON.stringify(part));
  }
});

test('the notice guidance: on the platforms concerned, and consistent with the site notes', () => {
  const ids = sitesData.sites.map((s) => s.id);
  for (const id of noticeData.sites) assert.ok(ids.includes(id), `${id} has a site note`);
  const byId = (id) => sitesData.sites.find((s) => s.id === id);
  for (const id of ['meta', 'google', 'reddit', 'discord', 'x']) assert.equal(noticeFor(byId(id), noticeData), noticeData, id);
  for (const id of ['tiktok', 'bluesky', 'mastodon']) assert.equal(noticeFor(byId(id), noticeData), null, id);
  assert.equal(noticeFor(null, noticeData), null);
  assert.equal(noticeFor(byId('meta'), null), null);
  assert.deepEqual(noticeData.sections.map((s) => s.id), ['steps', 'happened', 'reach', 'retention']);
  // What the notice says of a platform's own retention comes from the same
  // pages the site notes cite.
  const cited = new Set(sitesData.sites.flatMap((s) => s.facts.map((f) => f.source)));
  for (const item of noticeData.sections.find((s) => s.id === 'retention').items) assert.ok(cited.has(item.source), item.source);
  assert.deepEqual(factDates({ checked: '2026-12-04', as_of: '2024-03' }), { date: '2024-03', undated: false, checked: '2026-12-04' });
  assert.deepEqual(factDates({ checked: '2026-12-04', undated: true }), { date: null, undated: true, checked: '2026-12-04' });
});

test('a page photo reveals its taker through the categories the core blocks, thumbnails aside', async () => {
  const { revealing } = await import('../../extension/popup/rules.js');
  const blocking = ['location', 'serial', 'person', 'unique_id', 'embedded'];
  const findings = [{ category: 'location' }, { category: 'embedded' }, { category: 'software' }, { category: 'serial' }];
  assert.deepEqual(revealing(findings, blocking).map((f) => f.category), ['location', 'serial']);
  assert.deepEqual(revealing(undefined, blocking), []);
});
