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
//
// It runs in the page world while the page runs: it calls only built-ins
// taken before any page script (intrinsics.js), so a page replacing
// String.prototype.includes or RegExp.prototype.exec neither sees a
// comparison nor changes its answer; the digests are digests.js's, for the
// same reason.
import { md5Hex, sha1Hex, sha256Hex, sha512Hex } from './digests.js';
import {
  Bytes, charCodeAt, exec, floor, fromCharCode, indexOf, mapDelete, mapForEach, mapGet, mapSet, mapSize, newMap, parseInt_, push,
  replaceAll, slice, splitAt, test, toLowerCase, trim, utf8Decode, utf8Encode,
} from './intrinsics.js';

/** Shortest typed text compared (characters): shorter text turns up in payloads by chance. */
export const MIN_TYPED = 8;
/** Longest typed text kept for comparison (characters). */
export const MAX_TYPED = 4096;
/** Most characters of one payload read. */
export const MAX_PAYLOAD = 256 * 1024;
/** Most base64 or hex tokens of one payload decoded. */
export const MAX_TOKENS = 1024;

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const JSON_ESCAPE = /\\u([0-9a-fA-F]{4})|\\(["\\/bfnrt])/g;
const PLUS = /\+/g;
const PERCENT_RUN = /(?:%[0-9a-fA-F]{2})+/g;
const PERCENT = /%[0-9a-fA-F]{2}/;
const PERCENT_OR_PLUS = /%[0-9a-fA-F]{2}|\+/;
const BASE64_TOKEN = /[A-Za-z0-9+/_-]{12,}={0,2}/g;
const HEX_TOKEN = /(?<![0-9a-fA-F])[0-9a-fA-F]{32,128}(?![0-9a-fA-F])/g;

/**
 * What of a field's text is kept for comparison: the text, trimmed, when it
 * is long enough; for text over several lines also its longest line (an
 * editor's own model may join lines differently than the page shows them).
 */
export function snapshotsOf(text) {
  const whole = slice(trim(typeof text === 'string' ? text : '' + text), 0, MAX_TYPED);
  if (whole.length < MIN_TYPED || !test(LETTER_OR_DIGIT, whole)) return [];
  const out = [whole];
  if (indexOf(whole, '\n') >= 0) {
    const lines = splitAt(whole, '\n');
    let longest = '';
    for (let i = 0; i < lines.length; i++) {
      const line = trim(lines[i]);
      if (line.length > longest.length) longest = line;
    }
    if (longest.length >= MIN_TYPED && longest !== whole) push(out, longest);
  }
  return out;
}

const SIMPLE = { __proto__: null, '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** `\uXXXX`, `\n`, `\"`… of JSON strings, undone (tolerant: anything else stays). */
export function jsonUnescape(s) {
  return replaceAll(s, JSON_ESCAPE, (m) => (m[1] !== undefined ? fromCharCode(parseInt_(m[1], 16)) : SIMPLE[m[2]]));
}

/** Percent-encoding and `+` for spaces, undone as UTF-8 (tolerant: a broken escape stays). */
export function urlDecode(s) {
  return replaceAll(replaceAll(s, PLUS, () => ' '), PERCENT_RUN, (m) => {
    const run = m[0];
    const bytes = new Bytes(run.length / 3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt_(slice(run, i * 3 + 1, i * 3 + 3), 16);
    return utf8Decode(bytes);
  });
}

const B64 = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
B64[45] = 62; // '-' (base64url)
B64[95] = 63; // '_' (base64url)

/** Base64 or base64url to text (UTF-8); null when it is not base64. */
export function base64Decode(token) {
  let end = token.length;
  while (end > 0 && charCodeAt(token, end - 1) === 61) end--;
  if (end % 4 === 1) return null;
  // Every character carries 6 bits: floor(6·end / 8) whole bytes.
  const bytes = new Bytes(floor((end * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (let i = 0; i < end; i++) {
    const code = charCodeAt(token, i);
    const v = code < 128 ? B64[code] : -1;
    if (v < 0) return null;
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (value >> bits) & 0xff;
    }
  }
  return utf8Decode(bytes);
}

const DIGESTS = { __proto__: null, 32: [['md5', md5Hex]], 40: [['sha1', sha1Hex]], 64: [['sha256', sha256Hex]], 128: [['sha512', sha512Hex]] };

/** Digests of typed texts, computed once each (only when a payload carries a hex token of a digest's length). */
export function digestCache(limit = 256) {
  const cache = newMap();
  return (text, length) => {
    const key = `${length}\u0000${text}`;
    let d = mapGet(cache, key);
    if (!d) {
      d = [];
      const lower = toLowerCase(trim(text));
      const variants = lower === text ? [text] : [text, lower];
      const fns = DIGESTS[length] || [];
      for (let i = 0; i < fns.length; i++) {
        for (let j = 0; j < variants.length; j++) push(d, [fns[i][0], fns[i][1](utf8Encode(variants[j]))]);
      }
      if (mapSize(cache) >= limit) {
        let first;
        let seen = false;
        mapForEach(cache, (_, k) => {
          if (!seen) {
            seen = true;
            first = k;
          }
        });
        mapDelete(cache, first);
      }
      mapSet(cache, key, d);
    }
    return d;
  };
}

function includesAny(text, snapshots) {
  for (let i = 0; i < snapshots.length; i++) if (indexOf(text, snapshots[i]) >= 0) return true;
  return false;
}

/**
 * How `payload` (a request's URL or body, as text) carries one of the
 * `snapshots` of typed text: 'plain', 'url', 'base64', 'md5', 'sha1',
 * 'sha256', 'sha512'; or null. `digests` is a digestCache().
 */
export function typedIn(payload, snapshots, digests = digestCache()) {
  if (!snapshots.length || payload == null) return null;
  const p = slice(typeof payload === 'string' ? payload : '' + payload, 0, MAX_PAYLOAD);
  if (p.length < MIN_TYPED) return null;
  if (includesAny(p, snapshots)) return 'plain';
  const json = indexOf(p, '\\') >= 0 ? jsonUnescape(p) : p;
  if (json !== p && includesAny(json, snapshots)) return 'plain';
  const decoded = test(PERCENT_OR_PLUS, p) ? urlDecode(json) : json;
  if (decoded !== json && (includesAny(decoded, snapshots) || includesAny(jsonUnescape(decoded), snapshots))) return 'url';
  // Base64 runs, in the payload as sent and once percent-decoded.
  let tokens = 0;
  const texts = decoded === p ? [p] : [p, decoded];
  for (let t = 0; t < texts.length; t++) {
    BASE64_TOKEN.lastIndex = 0;
    for (let m = exec(BASE64_TOKEN, texts[t]); m !== null; m = exec(BASE64_TOKEN, texts[t])) {
      if (++tokens > MAX_TOKENS) break;
      const plain = base64Decode(m[0]);
      if (!plain) continue;
      const inner = indexOf(plain, '\\') >= 0 ? jsonUnescape(plain) : plain;
      if (includesAny(plain, snapshots) || includesAny(inner, snapshots) || (test(PERCENT, inner) && includesAny(urlDecode(inner), snapshots))) return 'base64';
    }
  }
  // Hex digests of the typed text.
  tokens = 0;
  HEX_TOKEN.lastIndex = 0;
  for (let m = exec(HEX_TOKEN, decoded); m !== null; m = exec(HEX_TOKEN, decoded)) {
    if (!DIGESTS[m[0].length]) continue;
    if (++tokens > MAX_TOKENS) break;
    const token = toLowerCase(m[0]);
    for (let i = 0; i < snapshots.length; i++) {
      const known = digests(snapshots[i], token.length);
      for (let j = 0; j < known.length; j++) if (known[j][1] === token) return known[j][0];
    }
  }
  return null;
}
