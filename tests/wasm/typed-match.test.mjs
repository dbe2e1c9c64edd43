// What counts as typed text leaving a page (extension/content/typed-match.js):
// the forms Blacklight's key-logging test looks for (plain, base64, MD5,
// SHA-256, SHA-512) plus URL-encoding, JSON strings, base64url and SHA-1,
// checked against Node's own encoders and digests; and what must not count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

import { base64Decode, digestCache, jsonUnescape, MAX_PAYLOAD, MIN_TYPED, snapshotsOf, typedIn, urlDecode } from '../../extension/content/typed-match.js';

const TYPED = 'Vimos a la migra en la calle Lake, ñandú 🙂';
const snaps = snapshotsOf(TYPED);
const hash = (alg, s) => createHash(alg).update(s).digest('hex');
const b64 = (s) => Buffer.from(s).toString('base64');

test('every form a script may send typed text in is found, and named', () => {
  const cases = [
    [`text=${TYPED}`, 'plain'],
    [JSON.stringify({ events: [{ type: 'input', value: TYPED }] }), 'plain'],
    [JSON.stringify({ v: TYPED }).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), 'plain'],
    [`https://collect.example/p?q=${encodeURIComponent(TYPED)}&r=1`, 'url'],
    [new URLSearchParams({ body: TYPED, n: '2' }).toString(), 'url'],
    [`d=${b64(TYPED)}`, 'base64'],
    [`d=${b64(JSON.stringify({ field: 'ta', value: TYPED }))}`, 'base64'],
    [`d=${Buffer.from(TYPED).toString('base64url')}`, 'base64'],
    [`https://x.example/i.gif?d=${encodeURIComponent(b64(TYPED))}`, 'base64'],
    [`em=${hash('sha256', TYPED)}`, 'sha256'],
    [`em=${hash('sha256', TYPED.toLowerCase())}`, 'sha256'],
    [`em=${hash('md5', TYPED)}`, 'md5'],
    [`em=${hash('sha1', TYPED)}`, 'sha1'],
    [JSON.stringify({ ud: { em: hash('sha512', TYPED) } }), 'sha512'],
    [`em=${hash('sha256', TYPED).toUpperCase()}`, 'sha256'],
  ];
  for (const [payload, form] of cases) assert.equal(typedIn(payload, snaps), form, payload.slice(0, 80));
});

test('what does not count', () => {
  const cases = [
    'text=Vimos a la migra',
    JSON.stringify({ title: 'Neighbourhood news', n: 3 }),
    `em=${hash('sha256', 'someone else')}`,
    `d=${b64('Vimos a la migra en la calle')}`,
    `d=${hash('sha256', TYPED).slice(0, 63)}`,
    '',
  ];
  for (const payload of cases) assert.equal(typedIn(payload, snaps), null, payload.slice(0, 80));
  assert.equal(typedIn(`x=${TYPED}`, []), null, 'nothing typed, nothing found');
  assert.equal(typedIn(null, snaps), null);
});

test('what is kept of a field: long enough, with a letter or digit; the longest line too', () => {
  assert.deepEqual(snapshotsOf('short'), []);
  assert.deepEqual(snapshotsOf(' '.repeat(MIN_TYPED + 3)), []);
  assert.deepEqual(snapshotsOf('.,;-!?()[]'), []);
  assert.deepEqual(snapshotsOf('  eight ch  '), ['eight ch']);
  assert.deepEqual(snapshotsOf('Raid now\non Lake Street and 5th'), ['Raid now\non Lake Street and 5th', 'on Lake Street and 5th']);
  assert.equal(snapshotsOf('x'.repeat(10000))[0].length, 4096);
  // The multi-line text is found by one of its lines when an editor sends HTML.
  const typed = snapshotsOf('Raid now\non Lake Street and 5th');
  assert.equal(typedIn('<p>Raid now</p><p>on Lake Street and 5th</p>', typed), 'plain');
});

test('decoders are tolerant and never throw on hostile payloads', () => {
  assert.equal(urlDecode('a%ZZb%e2%82%ac+c'), 'a%ZZb€ c');
  assert.equal(urlDecode('%ff%fe'), '\ufffd\ufffd');
  assert.equal(jsonUnescape('a\\u00f1\\n\\q\\"'), 'añ\n\\q"');
  assert.equal(base64Decode('SGVsbG8gd29ybGQ='), 'Hello world');
  assert.equal(base64Decode('SGVsbG8*'), null);
  assert.equal(base64Decode('A'), null);
  // Payloads larger than read, full of near-tokens: an answer in bounded time.
  const junk = `${'aGVsbG8gd29y'.repeat(50000)}%`.repeat(2);
  const t0 = performance.now();
  assert.equal(typedIn(junk, snaps), null);
  assert.ok(performance.now() - t0 < 5000);
  assert.ok(junk.length > MAX_PAYLOAD);
  // A typed text past the payload limit is not looked for there.
  assert.equal(typedIn(`${'-'.repeat(MAX_PAYLOAD)}${TYPED}`, snaps), null);
});

test('digests are computed once per text and length', () => {
  let calls = 0;
  const base = digestCache(2);
  const counting = (t, n) => {
    calls++;
    return base(t, n);
  };
  const payload = `a=${hash('sha256', TYPED)}&b=${hash('sha256', TYPED)}`;
  assert.equal(typedIn(payload, snaps, counting), 'sha256');
  assert.ok(calls >= 1);
  // Cache bounded: many texts do not grow it past its limit (no error, same answers).
  for (let i = 0; i < 10; i++) base(`text number ${i}`, 64);
  assert.equal(typedIn(payload, snaps, base), 'sha256');
});

test('the hand-written digests (extension/content/digests.js) are node:crypto’s, across block boundaries', async () => {
  const { md5Hex, sha1Hex, sha256Hex, sha512Hex } = await import('../../extension/content/digests.js');
  for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 111, 112, 113, 127, 128, 129, 300, 1000]) {
    const bytes = Buffer.alloc(n);
    for (let i = 0; i < n; i++) bytes[i] = (i * 37 + 11) & 255;
    for (const [alg, fn] of [['md5', md5Hex], ['sha1', sha1Hex], ['sha256', sha256Hex], ['sha512', sha512Hex]]) {
      assert.equal(fn(new Uint8Array(bytes)), createHash(alg).update(bytes).digest('hex'), `${alg} of ${n} bytes`);
    }
  }
});
