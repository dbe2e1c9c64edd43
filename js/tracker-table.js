// The tracker table's binary form (`trackers.bin`, written by the core:
// `TrackerTable::to_bytes` in src/trackers.rs, whose comment has the
// layout), read in place: nothing is parsed or copied when it is opened, a
// host is found by binary search over the sorted domains. The popup matches
// hosts with it as soon as it opens, without waiting for the core (wasm),
// and the background names the party that received typed text with it.
//
// Answers are those of the core's `matchHosts`: for a host, the first
// listed domain walking up its labels (`connect.facebook.net`, then
// `facebook.net`), so look-alikes (`notfacebook.net`) never match; IP
// addresses and non-ASCII hosts never match. tests/wasm/tracker-table.test.mjs
// checks it against the core on the whole table.

const MAGIC = 'SLBTRK01';
const NONE = 0xffffffff;
const HEADER = 36;
/** The core's limits (src/trackers.rs). */
const MAX_DOMAINS = 200000;
const MAX_ENTRIES = 100000;
const MAX_HOST = 253;

/** Open a table from its bytes (ArrayBuffer or Uint8Array); throws if it is not a valid one. */
export function openTrackerTable(data) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (what) => {
    throw new Error(`the binary tracker table is not valid: ${what}`);
  };
  if (bytes.length < HEADER || String.fromCharCode(...bytes.subarray(0, 8)) !== MAGIC) fail('it does not start as one');
  const u32 = (at) => view.getUint32(at, true);
  const [nCat, nComp, nTrk, nDom, poolLen] = [8, 12, 16, 20, 24].map(u32);
  if (nDom > MAX_DOMAINS || nTrk > MAX_ENTRIES || nComp > MAX_ENTRIES || nCat > MAX_ENTRIES) fail('it is larger than Silbato accepts');
  const catAt = HEADER;
  const compAt = catAt + 16 * nCat;
  const trkAt = compAt + 16 * nComp;
  const domAt = trkAt + 16 * nTrk;
  const poolAt = domAt + 12 * nDom;
  if (poolAt + poolLen !== bytes.length) fail('its sizes do not add up to its length');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const str = (at) => {
    const offset = u32(at);
    const length = u32(at + 4);
    if (offset === NONE) return null;
    if (offset + length > poolLen) fail('a string lies outside the pool');
    return decoder.decode(bytes.subarray(poolAt + offset, poolAt + offset + length));
  };
  // Indices are checked once, when the table is opened, like the core does.
  for (let i = 0; i < nTrk; i++) {
    const company = u32(trkAt + 16 * i + 12);
    if (u32(trkAt + 16 * i + 8) >= nCat || (company !== NONE && company >= nComp)) fail(`tracker ${i} points outside it`);
  }
  for (let i = 0; i < nDom; i++) {
    if (u32(domAt + 12 * i + 8) >= nTrk) fail(`domain ${i} points outside it`);
    const offset = u32(domAt + 12 * i);
    if (offset === NONE || offset + u32(domAt + 12 * i + 4) > poolLen) fail('a domain lies outside the pool');
  }

  /** Compare domain `i` with the ASCII bytes `key`: <0, 0, >0. */
  const compare = (i, key) => {
    const offset = poolAt + u32(domAt + 12 * i);
    const length = u32(domAt + 12 * i + 4);
    const n = Math.min(length, key.length);
    for (let k = 0; k < n; k++) {
      const d = bytes[offset + k] - key[k];
      if (d) return d;
    }
    return length - key.length;
  };
  const find = (key) => {
    let lo = 0;
    let hi = nDom - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compare(mid, key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const describe = (i) => {
    const t = trkAt + 16 * u32(domAt + 12 * i + 8);
    const c = catAt + 16 * u32(t + 8);
    const company = u32(t + 12);
    return {
      domain: str(domAt + 12 * i),
      tracker: str(t),
      category: str(c),
      category_name: str(c + 8),
      company: company === NONE ? null : str(compAt + 16 * company),
      country: company === NONE ? null : str(compAt + 16 * company + 8),
    };
  };

  return {
    source: str(28),
    domains: nDom,
    /** The tracker behind `host` (a URL host name), or null. */
    lookup(host) {
      let h = String(host);
      if (h.endsWith('.')) h = h.slice(0, -1);
      if (!h || h.length > MAX_HOST || h.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(h) && h.split('.').every((n) => Number(n) <= 255)) return null;
      const key = new Uint8Array(h.length);
      for (let k = 0; k < h.length; k++) {
        let code = h.charCodeAt(k);
        if (code > 127) return null;
        if (code >= 65 && code <= 90) code += 32;
        key[k] = code;
      }
      for (let start = 0; ; ) {
        const i = find(key.subarray(start));
        if (i >= 0) return describe(i);
        const dot = key.indexOf(46, start);
        if (dot < 0) return null;
        start = dot + 1;
      }
    },
  };
}
