// The page scan, for the popup: what this page loaded and from where, what
// its scripts did that looks like fingerprinting (recorded by fingerprint.js
// in the page's world), whether typed text left the page and which scripts
// behave like session recorders (typed-watch.js, page world), the known
// recorders among what it loaded (data/recorders.json), the links on it,
// and, on request, what its own photos reveal. It answers only the
// extension (popup and background), only in the top frame, and only when
// asked; it sends nothing anywhere.
//
// Messages (from the popup or the background, through tabs.sendMessage with frameId 0):
//   { type: 'page-scan' }   → { url, title, resources, fingerprint, typing, recorders, details }
//   { type: 'page-links' }  → [href, …]
//   { type: 'page-photos' } → { checked: [{ src, findings }], skipped }
import { api } from '../../js/ext.js';
import { isMessage } from '../../js/messages.js';
import * as cleaner from './cleaner-client.js';

/**
 * Answer the popup (top frame only); `channel` is the isolated world's end of
 * page-channel.js, `watch` the watch on typed text (before-typing.js).
 */
export function startScan(channel, watch, typing) {
  const MAX_RESOURCES = 5000;
  const MAX_LINKS = 2000;
  const MAX_PHOTOS = 24;
  /** The popup reads the page's own photos from the cache up to this size (a budget for opening the popup, not a limit of the core's). */
  const MAX_PHOTO_BYTES = 20 << 20;

  // The browser keeps 250 resource timings unless asked for more; a news
  // page loads more than that.
  try {
    performance.setResourceTimingBufferSize(MAX_RESOURCES);
  } catch {
    // Older browsers: 250 it is.
  }

  // scheme://[userinfo@]host[:port]/…: hosts in resource timing are already
  // lower-case ASCII (punycode); bracketed IPv6 is kept whole.
  const HOST = /^https?:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]+)/i;

  /** Every host the page loaded something from, with what kind of thing. */
  function resources() {
    const byHost = new Map();
    const add = (url, kind) => {
      const m = HOST.exec(url);
      if (!m) return;
      const host = m[1].toLowerCase();
      let r = byHost.get(host);
      if (!r) {
        if (byHost.size >= MAX_RESOURCES) return;
        r = { host, count: 0, kinds: [], example: url.split(/[?#]/)[0].slice(0, 200) };
        byHost.set(host, r);
      }
      r.count++;
      if (!r.kinds.includes(kind) && r.kinds.length < 8) r.kinds.push(kind);
    };
    const seen = new Set();
    for (const e of performance.getEntriesByType('resource').slice(0, MAX_RESOURCES)) {
      seen.add(e.name);
      add(e.name, e.initiatorType || 'other');
    }
    // Elements whose loads are not (or not yet) in the resource timing.
    for (const el of document.querySelectorAll('script[src], iframe[src], img[src], embed[src], video[src], audio[src], source[src]')) {
      const url = el.currentSrc || el.src;
      if (!seen.has(url)) add(url, el.localName === 'source' ? 'media' : el.localName);
    }
    return [...byHost.values()];
  }

  /** The fingerprinting records fingerprint.js kept in the page world, asked for over the private channel. */
  let records = '[]';
  channel.on('fingerprint', (d) => {
    records = d;
  });
  function fingerprint() {
    records = '[]';
    channel.send('fingerprint?');
    try {
      const list = JSON.parse(records);
      return Array.isArray(list) ? list.slice(0, 200) : [];
    } catch {
      return [];
    }
  }

  function links() {
    const seen = new Set();
    for (const a of document.querySelectorAll('a[href]')) {
      if (seen.size >= MAX_LINKS) break;
      const href = a.href;
      if (/^https?:/i.test(href) && href.length <= 4096) seen.add(href);
    }
    return [...seen];
  }

  /** The page's photos that can be read from the browser's cache without any request. */
  function photoCandidates() {
    const out = [];
    const seen = new Set();
    let skipped = 0;
    for (const img of document.images) {
      const src = img.currentSrc || img.src;
      if (!src || seen.has(src) || img.naturalWidth < 64 || img.naturalHeight < 64) continue;
      seen.add(src);
      let u;
      try {
        u = new URL(src);
      } catch {
        continue;
      }
      if (u.origin !== location.origin && u.protocol !== 'blob:' && u.protocol !== 'data:') {
        skipped++;
        continue;
      }
      if (out.length >= MAX_PHOTOS) {
        skipped++;
        continue;
      }
      out.push(src);
    }
    return { candidates: out, skipped };
  }

  async function photos() {
    const { candidates, skipped } = photoCandidates();
    const checked = [];
    let unread = 0;
    for (const src of candidates) {
      try {
        // `only-if-cached`: the photo the page already shows, from the
        // browser's cache, never a new request (the browser allows it for
        // the page's own origin only, hence the filter above).
        const isData = src.startsWith('data:') || src.startsWith('blob:');
        const res = await fetch(src, isData ? {} : { cache: 'only-if-cached', mode: 'same-origin', credentials: 'same-origin' });
        if (!res.ok) throw new Error(String(res.status));
        const blob = await res.blob();
        if (blob.size > MAX_PHOTO_BYTES) throw new Error('too large');
        const name = decodeURIComponent(new URL(src, location.href).pathname.split('/').pop() || 'photo').slice(0, 80);
        const answer = await cleaner.plan(new File([blob], name, { type: blob.type }));
        await Promise.race([answer.named, new Promise((r) => setTimeout(r, 1500))]);
        // Every finding: the popup judges which ones say something about a person (popup/rules.js).
        checked.push({ src: src.slice(0, 500), name, findings: answer.plan.removed.findings });
      } catch {
        unread++;
      }
    }
    return { checked, skipped: skipped + unread };
  }

  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== api.runtime.id || !isMessage('tab', message)) return false;
    if (message.type === 'page-scan') {
      sendResponse({ url: location.href, title: document.title.slice(0, 200), resources: resources(), fingerprint: fingerprint(), typing: watch.records(), recorders: watch.recorders(), details: typing ? typing.found() : [] });
      return false;
    }
    if (message.type === 'page-links') {
      sendResponse(links());
      return false;
    }
    if (message.type === 'page-photos') {
      photos().then(sendResponse, () => sendResponse({ checked: [], skipped: 0 }));
      return true;
    }
    return false;
  });
}
