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

/** Categories of companies that track people, as the verdict counts them. */
export const TRACKING_CATEGORIES = ['advertising', 'site_analytics', 'pornvertising', 'social_media'];

/**
 * The overall verdict: 'high', 'medium' or 'low', with what to say, names
 * first. `links` is null while the links are still being checked.
 * `keylogging` and `recorders` come from typingWatchers: either makes the
 * page one to read about before typing.
 */
export function verdict({ companies, fingerprinting, photos, links, keylogging = [], recorders = [] }) {
  const watching = companies.filter((c) => c.categories.some((k) => TRACKING_CATEGORIES.includes(k))).map((c) => c.name);
  const typing = keylogging.length > 0 || recorders.length > 0;
  // The site's own photos that carry a location say something about whoever took them, not
  // about the person reading (issue 21): they are listed, and raise no level.
  const level = typing || fingerprinting > 0 ? 'high' : watching.length > 0 || links > 0 ? 'medium' : 'low';
  return {
    level,
    typing,
    keylogging: keylogging.map((k) => k.name),
    recorders: recorders.map((r) => r.name),
    watching,
    others: companies.length - watching.length,
    fingerprinting,
    photos,
    links,
  };
}

/**
 * Names for a sentence: all of them up to three, else the first two and how
 * many more ("Google, Meta and 2 more companies"): { named, more }.
 */
export function nameList(names, max = 3) {
  const list = [...new Set(Array.isArray(names) ? names : [])];
  return list.length <= max ? { named: list, more: 0 } : { named: list.slice(0, 2), more: list.length - 2 };
}

/**
 * Names in a sentence, in the words of `say` ({ t, plural } over the message
 * files): "Google", "Google and Meta", "Google, Meta and Microsoft",
 * "Google, Meta and 2 more companies".
 */
export function sayNames(list, say) {
  const { named, more } = nameList(list);
  if (more) return say.plural('listMore', more, named);
  if (named.length === 3) return say.t('listThree', named);
  if (named.length === 2) return say.t('listTwo', named);
  return named[0] || '';
}

/** The verdict's title and lines, most urgent first, in the words of `say`. */
export function verdictText(v, say) {
  const { t, plural } = say;
  const lines = [];
  // What is already happening to what you type comes first.
  if (v.keylogging.length) lines.push(t('popupSaysTyped', [sayNames(v.keylogging, say)]));
  if (v.recorders.length) lines.push(plural('popupSaysRecorders', v.recorders.length, [sayNames(v.recorders, say)]));
  if (v.fingerprinting) lines.push(plural('popupSaysFingerprinting', v.fingerprinting));
  if (v.photos) lines.push(plural('popupSaysPhotos', v.photos));
  if (v.watching.length) lines.push(plural('popupSaysTrack', v.watching.length, [sayNames(v.watching, say)]));
  if (v.others) lines.push(plural('popupSaysOthers', v.others));
  if (v.links === null) lines.push(t('popupLinksChecking'));
  else if (v.links) lines.push(plural('popupSaysLinks', v.links));
  if (!lines.length) lines.push(t('popupSaysNothing'));
  return { title: t(v.typing ? 'popupVerdict_typing' : `popupVerdict_${v.level}`), lines };
}

const FORM_WORDS = { plain: 'typedFormPlain', url: 'typedFormUrl', base64: 'typedFormBase64', md5: 'typedFormHash', sha1: 'typedFormHash', sha256: 'typedFormHash', sha512: 'typedFormHash' };
/** How typed text was sent, in words: "as written", "encoded in base64…", "as a SHA-256 hash…". */
export function sayForms(forms, say) {
  const names = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };
  return [...new Set((forms || []).map((f) => say.t(FORM_WORDS[f] || 'typedFormPlain', [names[f] || ''])))].join(', ');
}

/**
 * The typing marker's lines for one field (typingWatchers' answer), worst
 * first: [{ key, severity, title, detail }]; key logging is high, a
 * recorder medium.
 */
export function watcherLines(w, say) {
  if (!w) return [];
  const out = [];
  for (const k of w.keylogging || []) {
    out.push({ key: `watch:typed:${k.name}`, severity: 'high', title: say.t('markerTyped', [k.name]), detail: say.t('markerTypedWhy', [k.hosts.slice(0, 3).join(', '), sayForms(k.forms, say)]) });
  }
  for (const r of w.recorders || []) {
    const hosts = r.hosts.slice(0, 3).join(', ');
    out.push({ key: `watch:rec:${r.name}`, severity: 'medium', title: say.t('markerRecorder', [r.name]), detail: say.t(r.by === 'host' ? 'markerRecorderKnown' : 'markerRecorderBehaviour', [hosts]) });
  }
  return out;
}

// ---- Before you type: key logging and session recorders ----
//
// Key logging, as The Markup's Blacklight defines it: what is typed into a
// form is sent before the form is submitted. The page world records each
// time typed text left the page (extension/content/typed-watch.js); here it
// counts only when it went to another party than the site: a host whose
// registrable domain (tldts, `site`) differs from the page's and whose
// company (the tracker table, `company`) is not the page's own. The site's
// own autosave of a draft is not key logging by a third party; it is said
// apart, plainly.
//
// Session recorders: by host (data/recorders.json, from Blacklight's list
// and other sources) or by behaviour: a script that listens at the document
// for keys or input and for the pointer, observes every change to the whole
// document, and sends data at least RECORDER_MIN_SENDS times. Each of these
// alone is common (frameworks listen at the document, widgets observe it);
// together they are what a recorder must do to replay a visit.

export const RECORDER_MIN_SENDS = 2;
const RECORDER_KEYS = ['keydown', 'keyup', 'keypress', 'input', 'change'];
const RECORDER_POINTER = ['mousemove', 'pointermove', 'mousedown', 'pointerdown', 'click', 'scroll', 'touchstart', 'touchmove'];

/** A recorder pattern ("host/path*") as { host, path: RegExp | null }. */
function pattern(p) {
  const slash = p.indexOf('/');
  const host = (slash < 0 ? p : p.slice(0, slash)).toLowerCase();
  if (slash < 0) return { host, path: null };
  const glob = p.slice(slash).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return { host, path: new RegExp(`^${glob}`) };
}

/** The known recorders whose scripts or data addresses are among `urls`: [{ id, name, company, hosts, sources }]. */
export function recordersIn(urls, data) {
  const table = (data && Array.isArray(data.recorders) ? data.recorders : []).map((r) => ({ ...r, patterns: (r.match || []).map(pattern) }));
  const found = new Map();
  for (const raw of Array.isArray(urls) ? urls : []) {
    let u;
    try {
      u = new URL(String(raw));
    } catch {
      continue;
    }
    if (!/^(https?|wss?):$/.test(u.protocol)) continue;
    const host = u.hostname.toLowerCase();
    for (const r of table) {
      const hit = r.patterns.some((p) => (host === p.host || host.endsWith(`.${p.host}`)) && (!p.path || p.path.test(u.pathname)));
      if (!hit) continue;
      const f = found.get(r.id) || { id: r.id, name: r.name, company: r.company || null, hosts: [], sources: r.sources || [] };
      if (!f.hosts.includes(host) && f.hosts.length < 6) f.hosts.push(host);
      found.set(r.id, f);
    }
  }
  return [...found.values()];
}

/** Does one script's record (typed-watch.js) behave like a session recorder? */
export function recordsSessions(record) {
  const r = record || {};
  const listens = Array.isArray(r.listens) ? r.listens : [];
  return r.observes === true && listens.some((t) => RECORDER_KEYS.includes(t)) && listens.some((t) => RECORDER_POINTER.includes(t)) && Number(r.sends) >= RECORDER_MIN_SENDS;
}

const hostOfUrl = (url) => {
  try {
    return new URL(String(url)).hostname.toLowerCase();
  } catch {
    return null;
  }
};

/**
 * What the page does with typing. `typing` is the page world's answer
 * ({ leaks, scripts }); `known` the recorders found by host (recordersIn);
 * `who(host)` gives { site, company } for a host (company null when the
 * tracker table does not list it). Answers:
 *   keylogging: [{ name, hosts, forms, hows }]  third parties that received typed text
 *   ownSite:    true when only the site itself received it (drafts saved as you type)
 *   recorders:  [{ name, company, hosts, by: 'host' | 'behaviour', sources }]
 */
export function typingWatchers(pageHost, typing, known, who) {
  const page = who(String(pageHost || '').toLowerCase()) || {};
  const pageSite = page.site || pageHost;
  const firstParty = (host) => {
    const w = who(host) || {};
    return (w.site || host) === pageSite || Boolean(w.company && page.company && w.company === page.company);
  };
  const t = typing && typeof typing === 'object' ? typing : {};
  const keylogging = new Map();
  let ownSite = false;
  for (const leak of Array.isArray(t.leaks) ? t.leaks : []) {
    if (!leak || typeof leak.host !== 'string') continue;
    const host = leak.host.toLowerCase();
    if (firstParty(host)) {
      ownSite = true;
      continue;
    }
    const w = who(host) || {};
    const name = w.company || w.site || host;
    const k = keylogging.get(name) || { name, hosts: [], forms: [], hows: [] };
    if (!k.hosts.includes(host)) k.hosts.push(host);
    if (leak.form && !k.forms.includes(leak.form)) k.forms.push(leak.form);
    if (leak.how && !k.hows.includes(leak.how)) k.hows.push(leak.how);
    keylogging.set(name, k);
  }
  const recorders = (Array.isArray(known) ? known : []).map((r) => ({ name: r.name, company: r.company || null, hosts: r.hosts, by: 'host', sources: r.sources || [] }));
  for (const s of Array.isArray(t.scripts) ? t.scripts : []) {
    if (!recordsSessions(s)) continue;
    const host = hostOfUrl(s.url);
    if (!host) continue;
    // Already named by its host: the behaviour confirms it.
    if (recorders.some((r) => r.hosts.includes(host))) continue;
    const w = who(host) || {};
    const name = w.company || w.site || host;
    const same = recorders.find((r) => r.by === 'behaviour' && r.name === name);
    if (same) {
      if (!same.hosts.includes(host)) same.hosts.push(host);
      continue;
    }
    recorders.push({ name, company: w.company || null, hosts: [host], by: 'behaviour', sources: [], ownSite: firstParty(host) });
  }
  return { keylogging: [...keylogging.values()], ownSite, recorders };
}
