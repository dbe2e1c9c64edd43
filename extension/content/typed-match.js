// Is what the person typed inside data a page is sending? The test of The
// Markup's Blacklight for key logging (blacklight-collector,
// src/inspectors/key-logging.ts): type a known value, then look for it in
// what leaves the page, as it is, base64-encoded, or hashed with MD5,
// SHA-256 or SHA-512. Here the value is what the person actually typed, kept
// only in the page world's memory (typed-watch.js) and compared there; the
// answer says how it was found, never what it was.
//
// Pure: no DOM, so it is tested in Node (tests/wasm/typed-match.test.mjs).
// Forms found: `plain` (also inside JSON strings), `url` (percent-encoded,
// `+` for spaces), `base64` (also base64url), and the hex digests `md5`,
// `sha1`, `sha256`, `sha512` of the text or of its trimmed lower-case form
// (how ad scripts hash an e-mail address). Compressed or encrypted payloads
// cannot be read this way and are not claimed.
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';

/** Shortest typed text compared (characters): shorter text turns up in payloads by chance. */
export const MIN_TYPED = 8;
/** Longest typed text kept for comparison (characters). */
export const MAX_TYPED = 4096;
/** Most characters of one payload read. */
export const MAX_PAYLOAD = 256 * 1024;
/** Most base64 or hex tokens of one payload decoded. */
export const MAX_TOKENS = 1024;

// Made once, when the page world's script starts (before any page script),
// so that a page replacing these constructors later changes nothing here.
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');
const { fromCharCode } = String;

/**
 * What of a field's text is kept for comparison: the text, trimmed, when it
 * is long enough; for text over several lines also its longest line (an
 * editor's own model may join lines differently than the page shows them).
 */
export function snapshotsOf(text) {
  const whole = String(text).trim().slice(0, MAX_TYPED);
  if (whole.length < MIN_TYPED || !/[\p{L}\p{N}]/u.test(whole)) return [];
  const out = [whole];
  if (whole.includes('\n')) {
    const longest = whole.split('\n').reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), '');
    if (longest.length >= MIN_TYPED && longest !== whole) out.push(longest);
  }
  return out;
}

/** `\uXXXX`, `\n`, `\"`… of JSON strings, undone (tolerant: anything else stays). */
export function jsonUnescape(s) {
  const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  return s.replace(/\\u([0-9a-fA-F]{4})|\\(["\\/bfnrt])/g, (_, hex, c) => (hex ? fromCharCode(parseInt(hex, 16)) : simple[c]));
}

/** Percent-encoding and `+` for spaces, undone as UTF-8 (tolerant: a broken escape stays). */
export function urlDecode(s) {
  return s.replace(/\+/g, ' ').replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
    return decoder.decode(bytes);
  });
}

const B64 = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
B64[45] = 62; // '-' (base64url)
B64[95] = 63; // '_' (base64url)

/** Base64 or base64url to text (UTF-8); null when it is not base64. */
export function base64Decode(token) {
  const s = token.replace(/=+$/, '');
  if (s.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? B64[code] : -1;
    if (v < 0) return null;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (value >> bits) & 0xff;
    }
  }
  return decoder.decode(bytes.subarray(0, at));
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const DIGESTS = { 32: [['md5', md5]], 40: [['sha1', sha1]], 64: [['sha256', sha256]], 128: [['sha512', sha512]] };

/** Digests of typed texts, computed once each (only when a payload carries a hex token of a digest's length). */
export function digestCache(limit = 256) {
  const cache = new Map();
  return (text, length) => {
    const key = `${length}\u0000${text}`;
    let d = cache.get(key);
    if (!d) {
      d = [];
      const variants = [...new Set([text, text.trim().toLowerCase()])];
      for (const [name, fn] of DIGESTS[length] || []) for (const v of variants) d.push([name, hex(fn(encoder.encode(v)))]);
      if (cache.size >= limit) cache.delete(cache.keys().next().value);
      cache.set(key, d);
    }
    return d;
  };
}

const includesAny = (text, snapshots) => snapshots.some((s) => text.includes(s));

/**
 * How `payload` (a request's URL or body, as text) carries one of the
 * `snapshots` of typed text: 'plain', 'url', 'base64', 'md5', 'sha1',
 * 'sha256', 'sha512'; or null. `digests` is a digestCache().
 */
export function typedIn(payload, snapshots, digests = digestCache()) {
  if (!snapshots.length || payload == null) return null;
  const p = String(payload).slice(0, MAX_PAYLOAD);
  if (p.length < MIN_TYPED) return null;
  if (includesAny(p, snapshots)) return 'plain';
  const json = p.includes('\\') ? jsonUnescape(p) : p;
  if (json !== p && includesAny(json, snapshots)) return 'plain';
  const decoded = /%[0-9a-fA-F]{2}|\+/.test(p) ? urlDecode(json) : json;
  if (decoded !== json && (includesAny(decoded, snapshots) || includesAny(jsonUnescape(decoded), snapshots))) return 'url';
  // Base64 runs, in the payload as sent and once percent-decoded.
  let tokens = 0;
  for (const text of new Set([p, decoded])) {
    for (const m of text.matchAll(/[A-Za-z0-9+/_-]{12,}={0,2}/g)) {
      if (++tokens > MAX_TOKENS) break;
      const plain = base64Decode(m[0]);
      if (!plain) continue;
      const inner = plain.includes('\\') ? jsonUnescape(plain) : plain;
      if (includesAny(plain, snapshots) || includesAny(inner, snapshots) || (/%[0-9a-fA-F]{2}/.test(inner) && includesAny(urlDecode(inner), snapshots))) return 'base64';
    }
  }
  // Hex digests of the typed text.
  tokens = 0;
  for (const m of decoded.matchAll(/(?<![0-9a-fA-F])[0-9a-fA-F]{32,128}(?![0-9a-fA-F])/g)) {
    if (!DIGESTS[m[0].length]) continue;
    if (++tokens > MAX_TOKENS) break;
    const token = m[0].toLowerCase();
    for (const s of snapshots) for (const [name, digest] of digests(s, token.length)) if (digest === token) return name;
  }
  return null;
}
