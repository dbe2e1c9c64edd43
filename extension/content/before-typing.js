// Before you type (isolated world, every frame): the isolated half of the
// watch on typed text and session recorders. The page world
// (typed-watch.js) does the watching; this half
// - tells it which field the person is typing in (trusted input events
//   only, through listeners that survive document.open), and when they post
//   (a trusted submit, a click on a button, Enter in a one-line field,
//   Ctrl+Enter), over the private channel;
// - keeps what it reports, per field: which hosts received the field's text;
// - names known session recorders among what the page loaded
//   (data/recorders.json);
// - and, for the typing guard's marker, says what is true for a field:
//   which third parties received its text (the background names them with
//   the tracker table and the Public Suffix List; rules.js judges), and
//   which recorders run on the page.
// Nothing typed crosses to this world: only the field and the host.
import { api } from '../../js/ext.js';
import recorderData from '../data/recorders.json' with { type: 'json' };
import { recordersIn, recordsSessions, typingWatchers } from '../popup/rules.js';
import { editableOf } from './fields.js';
import { listen } from './listeners.js';

/** Start (once per frame, at document_start); `channel` is the isolated world's end of page-channel.js. */
export function startBeforeTyping(channel) {
  // ---- What the person does, told to the page world ----
  listen('window', 'input', (e) => {
    if (!e.isTrusted) return;
    const el = editableOf(e.composedPath()[0]);
    if (el) channel.send('typed', { node: el });
  }, true);
  const posting = () => channel.send('posting');
  listen('window', 'submit', (e) => {
    if (e.isTrusted) posting();
  }, true);
  listen('window', 'click', (e) => {
    if (!e.isTrusted) return;
    const t = e.composedPath()[0];
    if (t instanceof Element && t.closest('button, input[type=submit], input[type=button], [role=button]')) posting();
  }, true);
  listen('window', 'keydown', (e) => {
    if (!e.isTrusted || e.key !== 'Enter') return;
    const t = e.composedPath()[0];
    if (e.ctrlKey || e.metaKey || t instanceof HTMLInputElement) posting();
  }, true);

  // ---- What the page world reports: a field's text reached a host ----
  /** field → Map(host → { how, form }) */
  const leaks = new WeakMap();
  const listeners = [];
  let lastField = null;
  channel.on('typed-field', (_, node) => {
    lastField = node;
  });
  channel.on('typed-sent', (detail) => {
    const field = lastField;
    lastField = null;
    if (!field) return;
    let report;
    try {
      report = JSON.parse(detail);
    } catch {
      return;
    }
    if (!report || typeof report.host !== 'string') return;
    let m = leaks.get(field);
    if (!m) {
      m = new Map();
      leaks.set(field, m);
    }
    if (m.size < 20) m.set(report.host, { how: String(report.how || ''), form: String(report.form || '') });
    for (const fn of listeners) fn(field);
  });

  /** The page world's records: { leaks, scripts } (scan.js shows them in the popup). */
  let answer = '{}';
  channel.on('typing', (d) => {
    answer = d;
  });
  function records() {
    answer = '{}';
    channel.send('typing?');
    try {
      const t = JSON.parse(answer);
      return { leaks: Array.isArray(t.leaks) ? t.leaks.slice(0, 100) : [], scripts: Array.isArray(t.scripts) ? t.scripts.slice(0, 200) : [] };
    } catch {
      return { leaks: [], scripts: [] };
    }
  }

  /** Known session recorders among every address the page loaded or sent to. */
  function recorders() {
    const urls = performance.getEntriesByType('resource').slice(0, 5000).map((e) => e.name);
    for (const el of document.querySelectorAll('script[src]')) urls.push(el.src);
    return recordersIn(urls, recorderData);
  }

  // ---- For the marker: what is true for one field ----
  const known = new Map();
  /** Who is behind each host ({ site, company }), asked of the background once per host. */
  async function who(hosts) {
    const page = location.hostname;
    const missing = [...new Set([page, ...hosts])].filter((h) => !known.has(h)).slice(0, 50);
    if (missing.length) {
      const reply = await Promise.race([
        Promise.resolve(api.runtime.sendMessage({ type: 'who', page, hosts: missing })).catch(() => null),
        new Promise((resolve) => setTimeout(() => resolve(null), 3000)),
      ]);
      if (reply && reply.page && Array.isArray(reply.hosts)) {
        for (const w of [reply.page, ...reply.hosts]) if (w && typeof w.host === 'string') known.set(w.host, { site: w.site || w.host, company: w.company || null });
      }
    }
    // Without the background's answer, which party received the text cannot be told: say nothing.
    if (!known.has(page)) return null;
    return (host) => known.get(host) || null;
  }

  /**
   * What the marker says for `field`: { keylogging: [{ name, hosts, forms }],
   * recorders: [{ name, company, hosts, by }] } (rules.js typingWatchers).
   */
  async function watchersFor(field) {
    const m = leaks.get(field);
    const fieldLeaks = m ? [...m].map(([host, r]) => ({ host, how: r.how, form: r.form })) : [];
    const scripts = records().scripts.filter(recordsSessions);
    const found = recorders();
    if (!fieldLeaks.length && !scripts.length) return typingWatchers(location.hostname, {}, found, () => null);
    const hosts = [...fieldLeaks.map((l) => l.host), ...scripts.map((s) => {
      try {
        return new URL(s.url).hostname;
      } catch {
        return '';
      }
    }).filter(Boolean)];
    const whoIs = await who(hosts);
    if (!whoIs) return typingWatchers(location.hostname, {}, found, () => null);
    return typingWatchers(location.hostname, { leaks: fieldLeaks, scripts }, found, whoIs);
  }

  return {
    records,
    recorders,
    watchersFor,
    /** Call `fn(field)` when the page sends a field's text somewhere new. */
    onLeak(fn) {
      listeners.push(fn);
    },
  };
}
