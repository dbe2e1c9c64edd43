// What the page scan's records mean. Pure functions, tested in Node
// (tests/wasm/popup-rules.test.mjs) and used by the popup.
//
// Fingerprinting: precision before recall (Brave dropped its fingerprinting
// list from its panel for false positives; a drawing app that reads its own
// canvas is not a fingerprinter). A script is called a fingerprinter when it
// meets one of the published tests of Englehardt and Narayanan, "Online
// tracking: A 1-million-site measurement and analysis" (CCS 2016, section
// 6.1), as The Markup's Blacklight applies them, or shows two weaker signs
// together:
// - canvas: the canvas is at least 16x16 pixels; text was drawn on it in at
//   least two colours or with at least ten distinct characters; save,
//   restore and event listeners were not used on it; the image was read with
//   toDataURL or toBlob, or getImageData of at least 16x16 pixels;
// - fonts: at least 50 distinct fonts set and measureText called at least 50
//   times on the same string;
// - audio: an OfflineAudioContext rendering an oscillator through a dynamics
//   compressor (the AudioContext test of the same study);
// - weaker signs, never enough alone: WebGL's unmasked renderer read, and a
//   sweep over at least 15 navigator and screen properties (our threshold:
//   analytics scripts read about 5 to 10 of the 25 watched).

export const CANVAS_MIN = 16;
export const CANVAS_MIN_CHARS = 10;
export const CANVAS_MIN_COLOURS = 2;
export const FONT_MIN = 50;
export const SWEEP_MIN = 15;

export function canvasTest(read) {
  if (!read || read.width < CANVAS_MIN || read.height < CANVAS_MIN) return false;
  if (!(read.colours >= CANVAS_MIN_COLOURS || read.chars >= CANVAS_MIN_CHARS)) return false;
  if (read.saveRestore || read.listener) return false;
  if (read.how === 'getImageData') {
    const [w, h] = Array.isArray(read.area) ? read.area : [0, 0];
    return w >= CANVAS_MIN && h >= CANVAS_MIN;
  }
  return read.how === 'toDataURL' || read.how === 'toBlob';
}

/** Judge one script's records: { url, techniques: [...], fingerprinter }. */
export function judge(record) {
  const techniques = [];
  if ((record.canvasReads || []).some(canvasTest)) techniques.push('canvas');
  if (record.fontProbe && record.fontProbe.fonts >= FONT_MIN && record.fontProbe.calls >= FONT_MIN) techniques.push('fonts');
  if (record.audio === true) techniques.push('audio');
  const strong = techniques.length > 0;
  const webgl = Array.isArray(record.webgl) && record.webgl.includes('renderer');
  const sweep = Array.isArray(record.navigator) && record.navigator.length >= SWEEP_MIN;
  if (webgl) techniques.push('webgl');
  if (sweep) techniques.push('navigator');
  return { url: String(record.url || ''), techniques, fingerprinter: strong || (webgl && sweep) };
}

/** The fingerprinting scripts among the records, strongest first. */
export function fingerprinters(records) {
  return (Array.isArray(records) ? records : [])
    .map(judge)
    .filter((j) => j.fingerprinter)
    .sort((a, b) => b.techniques.length - a.techniques.length);
}

/**
 * Group the hosts a page loaded from. `site(host)` gives a host's registrable
 * domain (tldts); `matches[i]` is the tracker table's answer for `hosts[i].host`
 * (null when unlisted). A host is first party when it shares the page's
 * registrable domain, or belongs to the same company as the page itself
 * (fbcdn.net on facebook.com).
 */
export function groupHosts(pageHost, hosts, matches, site) {
  const pageSite = site(pageHost) || pageHost;
  const pageIndex = hosts.findIndex((h) => h.host === pageHost);
  const pageCompany = (pageIndex >= 0 && matches[pageIndex] && matches[pageIndex].company) || null;
  const firstParty = [];
  const companies = new Map();
  const unknown = [];
  hosts.forEach((h, i) => {
    const m = matches[i];
    const sameSite = (site(h.host) || h.host) === pageSite;
    if (sameSite || (m && pageCompany && m.company === pageCompany)) {
      firstParty.push({ ...h, match: m || null });
      return;
    }
    if (!m) {
      unknown.push(h);
      return;
    }
    const name = m.company || m.tracker;
    let c = companies.get(name);
    if (!c) {
      c = { name, country: m.country || null, categories: [], trackers: [], hosts: [], requests: 0 };
      companies.set(name, c);
    }
    if (!c.categories.includes(m.category)) c.categories.push(m.category);
    if (!c.trackers.includes(m.tracker)) c.trackers.push(m.tracker);
    c.hosts.push(h.host);
    c.requests += h.count;
  });
  const order = (c) => (c.categories.includes('advertising') ? 0 : c.categories.includes('site_analytics') ? 1 : 2);
  return {
    firstParty,
    companies: [...companies.values()].sort((a, b) => order(a) - order(b) || b.requests - a.requests || a.name.localeCompare(b.name)),
    unknown,
  };
}

/**
 * What one of the page's own photos says about whoever took it: the findings
 * a cleaned file may never keep (`blocking`, the core's list of categories),
 * bar embedded previews, which say nothing of a person by themselves.
 */
export function revealing(findings, blocking) {
  return (Array.isArray(findings) ? findings : []).filter((f) => blocking.includes(f.category) && f.category !== 'embedded');
}

/** The site note for a page host, from data/sites.json's `sites`. */
export function siteNoteFor(host, sites) {
  const h = String(host).toLowerCase();
  return (sites || []).find((s) => s.hosts.some((d) => h === d || h.endsWith(`.${d}`))) || null;
}

/**
 * The "if you get a notice" guidance (data/notice.json) when the site note
 * is for one of the platforms it concerns, else null.
 */
export function noticeFor(note, notice) {
  if (!note || !notice || !Array.isArray(notice.sites) || !Array.isArray(notice.sections)) return null;
  return notice.sites.includes(note.id) ? notice : null;
}

/**
 * How a sourced fact is dated, for its source link: the source's own date
 * (`published`), else the date of the copy read (`as_of`), else undated; and
 * when Silbato read it. Dates stay ISO (YYYY-MM-DD or YYYY-MM).
 */
export function factDates(fact) {
  const f = fact || {};
  const date = f.published || f.as_of || null;
  return { date, undated: !date, checked: f.checked || null };
}

/** The overall verdict: 'high', 'medium' or 'low', with the reasons counted. */
export function verdict({ companies, fingerprinting, photos, links }) {
  const ads = companies.filter((c) => c.categories.some((k) => ['advertising', 'site_analytics', 'pornvertising', 'social_media'].includes(k))).length;
  // Only what can recognise the reader is 'high': the site's own photos that carry a
  // location say something about whoever took them, not about the person reading.
  const level = fingerprinting > 0 ? 'high' : ads > 0 || links > 0 || photos > 0 ? 'medium' : 'low';
  return { level, companies: companies.length, watching: ads, fingerprinting, photos, links };
}
