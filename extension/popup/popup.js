// The popup: scans the page in front of you and says, in one look, who else
// is watching it and what the site can hand over. Opened as a tab at
// popup.html?tab=<id>, it scans that tab (this is how the tests reach a page).
//
// Everything happens on this device: the page's content script (scan.js)
// says what the page loaded, what its scripts did and what typed text left
// it; this page matches the hosts with the tracker table (its binary form,
// read in place by js/tracker-table.js), names registrable domains (tldts),
// picks the site note, judges (rules.js) and draws; the background cleans
// the links with the core. The tracker table, the site notes and the
// recorder list are files inside the extension. Page data is untrusted: it
// is only ever put into the document as text.
//
// Speed (goal: drawn within 60 ms of opening, with the background awake or
// asleep; scripts/bench-popup.mjs): the scan and the table are asked for by
// ask.js, a classic script at the top of <head>, before this module is even
// read; the first drawing needs neither the background nor wasm, so a
// background that Chromium stopped only delays the links, asked for once the
// check is drawn and drawn when they come; the build bundles this module
// with its imports into one file.
// tldts (MIT), its published bundle, as in the background.
import { getDomain } from 'tldts/dist/index.esm.min.js';
import { factDates, fingerprinters, groupHosts, noticeFor, revealing, sayForms, siteNoteFor, typingWatchers, verdict, verdictText } from './rules.js';
import { h } from '../../js/dom.js';
import { api, lang, plural, t } from '../../js/ext.js';
import { textKindKey } from '../../js/text-kinds.js';
import { openTrackerTable } from '../../js/tracker-table.js';
// Bundled into this module by the build (esbuild): data of our own, dated and sourced.
import notice from '../data/notice.json' with { type: 'json' };
import sitesData from '../data/sites.json' with { type: 'json' };

const params = new URLSearchParams(location.search);
// The page check was asked for by ask.js, the first thing the popup runs.
performance.mark('module-start');
const { tab: tabReady, scan: scanReady, links: askLinks, table: tableReady } = globalThis.silbatoCheck;
const MAX_LINKS_SHOWN = 50;
const MAX_HOSTS_SHOWN = 30;

document.documentElement.lang = lang;
if (params.has('tab')) document.body.classList.add('tab');



function section(id, title, count, alert, ...body) {
  return h(
    'details',
    { id, open: alert && count > 0 },
    h('summary', {}, h('h2', {}, title, ' ', h('span', { class: `count${alert && count > 0 ? ' alert' : ''}`, 'aria-label': t('popupCount', [String(count)]) }, String(count)))),
    h('div', { class: 'body' }, ...body),
  );
}

const shorten = (s, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const categoryName = (key) => t(`category_${key}`) || key;

function ask(tab, message) {
  return api.tabs.sendMessage(tab, message, { frameId: 0 });
}

function unavailable() {
  const v = document.getElementById('verdict');
  v.className = 'verdict';
  document.getElementById('verdict-title').textContent = t('popupUnavailable');
  document.getElementById('verdict-detail').replaceChildren(h('li', {}, t('popupUnavailableWhy')));
  document.getElementById('main').setAttribute('aria-busy', 'false');
  document.body.dataset.rendered = 'unavailable';
}

function companiesSection(groups) {
  const list = h(
    'ul',
    {},
    groups.companies.map((c) =>
      h(
        'li',
        {},
        h('span', { class: 'name' }, c.name),
        c.country ? ` (${c.country})` : '',
        ' — ',
        c.categories.map(categoryName).join(', '),
        h('br'),
        h('span', { class: 'muted' }, plural('popupHosts', c.requests), ' ', c.hosts.slice(0, 6).join(', '), c.hosts.length > 6 ? ' …' : ''),
      ),
    ),
  );
  const extra = [];
  if (groups.firstParty.length) {
    extra.push(h('p', { class: 'muted' }, t('popupFirstParty', [String(groups.firstParty.length)]), ' ', groups.firstParty.slice(0, 6).map((x) => x.host).join(', ')));
  }
  if (groups.unknown.length) {
    extra.push(
      h('p', { class: 'muted' }, t('popupUnknownHosts', [String(groups.unknown.length)]), ' ', groups.unknown.slice(0, MAX_HOSTS_SHOWN).map((x) => x.host).join(', '), groups.unknown.length > MAX_HOSTS_SHOWN ? ' …' : ''),
    );
  }
  return section('companies', t('popupCompanies'), groups.companies.length, false, groups.companies.length ? list : h('p', {}, t('popupNoCompanies')), extra);
}

function fingerprintSection(fps) {
  const body = fps.length
    ? h(
        'ul',
        {},
        fps.map((f) => {
          let where = f.url;
          try {
            const u = new URL(f.url);
            where = `${u.hostname}${shorten(u.pathname, 50)}`;
          } catch {
            // keep the raw text
          }
          return h('li', {}, h('code', {}, where), h('ul', {}, f.techniques.map((k) => h('li', {}, t(`fp_${k}`)))));
        }),
      )
    : h('p', {}, t('popupNoFingerprinting'));
  return section('fingerprinting', t('popupFingerprinting'), fps.length, true, body, h('p', { class: 'muted' }, t('popupFingerprintingHow')));
}

function linksSection(links) {
  if (!links) return section('links', t('popupLinks'), 0, false, h('p', { class: 'muted' }, t('popupLinksChecking')));
  const body = links.length
    ? h(
        'ul',
        {},
        links.slice(0, MAX_LINKS_SHOWN).map((l) =>
          h(
            'li',
            {},
            h('code', {}, shorten(l.input)),
            h(
              'ul',
              {},
              l.removed.map((r) => h('li', {}, r.reason === 'sharer_id' ? t('popupLinkSharer', [r.param, r.site || '']) : t('popupLinkTracking', [r.param]))),
              l.warnings.map((w) => h('li', {}, w)),
            ),
            l.output !== l.input && !l.warnings.length ? h('span', { class: 'muted' }, t('popupLinkClean'), ' ', h('code', {}, shorten(l.output))) : '',
          ),
        ),
        links.length > MAX_LINKS_SHOWN ? h('li', { class: 'muted' }, t('popupMore', [String(links.length - MAX_LINKS_SHOWN)])) : '',
      )
    : h('p', {}, t('popupNoLinks'));
  return section('links', t('popupLinks'), links.length, false, body);
}

/** A photo's findings, one line per sentence, with the values it covers. */
function said(findings) {
  const byMessage = new Map();
  for (const f of findings) {
    const message = f.place ? `${f.message} (${f.place})` : f.message;
    if (!byMessage.has(message)) byMessage.set(message, []);
    const values = byMessage.get(message);
    if (values.length < 3) values.push(`${f.tag} = ${shorten(String(f.value), 40)}`);
  }
  return [...byMessage.entries()].slice(0, 6).map(([m, v]) => [m, v.join('; ')]);
}

function photosSection(photos) {
  if (!photos) return section('photos', t('popupPhotos'), 0, false, h('p', { class: 'muted' }, t('popupPhotosChecking')));
  const leaky = photos.checked.filter((p) => p.findings.length);
  const body = leaky.length
    ? h(
        'ul',
        {},
        leaky.map((p) =>
          h('li', {}, h('span', { class: 'name' }, p.name), h('ul', {}, said(p.findings).map(([message, values]) => h('li', {}, message, ' ', h('code', {}, values))))),
        ),
      )
    : h('p', {}, plural('popupNoPhotos', photos.checked.length));
  const skipped = photos.skipped ? h('p', { class: 'muted' }, plural('popupPhotosSkipped', photos.skipped)) : '';
  return section('photos', t('popupPhotos'), leaky.length, true, leaky.length ? h('p', {}, t('popupPhotosLeak')) : '', body, skipped);
}

/** A fact's source link, dated, and the archived copy read when there is one. */
function sourceLink(f) {
  if (!f.source) return '';
  const d = factDates(f);
  const label = d.undated ? t('popupSourceUndated', [d.checked || '']) : t('popupSource', [d.date, d.checked || '']);
  const link = (href, text) => h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text);
  // A flat list: h() flattens its children one level only.
  return [' ', link(f.source, label), ...(f.copy ? [' · ', link(f.copy, t('popupCopy'))] : [])];
}

const factList = (facts) => h('ul', {}, facts.map((f) => h('li', {}, lang === 'es' ? f.es : f.en, sourceLink(f))));

function siteSection(note) {
  if (!note) return '';
  const advice = Array.isArray(note.advice) ? note.advice : [];
  const adviceParts = advice.map((a) => h('p', { class: 'advice' }, h('strong', {}, t('popupAdvice')), ' ', lang === 'es' ? a.es : a.en));
  // A note can cover several platforms: they are joined with this language's own "and".
  const name = Array.isArray(note.name) ? new Intl.ListFormat(lang, { type: 'conjunction' }).format(note.name) : note.name;
  return section('site', t('popupSite', [name]), note.facts.length, false, factList(note.facts), adviceParts);
}

/** What to do if the platform says it got legal process for your account (data/notice.json). */
function noticeSection(note) {
  const n = noticeFor(note, notice);
  if (!n) return '';
  return h(
    'details',
    { id: 'notice' },
    h('summary', {}, h('h2', {}, lang === 'es' ? n.title.es : n.title.en)),
    h(
      'div',
      { class: 'body' },
      h('p', {}, lang === 'es' ? n.intro.es : n.intro.en),
      n.sections.flatMap((s) => [h('h3', {}, lang === 'es' ? s.title.es : s.title.en), factList(s.items)]),
    ),
  );
}

/** Before you type: who received typed text, and who can record the visit. */
function typingSection(w) {
  const items = [];
  for (const k of w.keylogging) {
    items.push(h('li', {}, h('span', { class: 'name' }, t('popupTypingSent', [k.name, sayForms(k.forms, say)])), h('br'), h('span', { class: 'muted' }, k.hosts.join(', '))));
  }
  for (const r of w.recorders) {
    const how = r.by === 'host' ? t('popupTypingByHost', [r.hosts.join(', ')]) : t('popupTypingByBehaviour', [r.hosts.join(', ')]);
    const source = r.sources && r.sources[0] ? [' ', h('a', { href: r.sources[0], target: '_blank', rel: 'noopener noreferrer' }, t('popupTypingHowWeKnow'))] : [];
    items.push(h('li', {}, h('span', { class: 'name' }, t('popupTypingRecorder', [r.name])), h('br'), h('span', { class: 'muted' }, how, ...source)));
  }
  const count = w.keylogging.length + w.recorders.length;
  const body = [];
  if (items.length) body.push(h('ul', {}, items), h('p', { class: 'advice' }, t('markerTypedAdvice')));
  else body.push(h('p', {}, t('popupTypingNone')));
  if (w.ownSite) body.push(h('p', { class: 'muted' }, t('popupTypingOwnSite')));
  body.push(h('p', { class: 'muted' }, t('popupTypingHow')));
  return section('typing', t('popupTyping'), count, true, ...body);
}

/** Personal details in what the person is typing on this page, as the typing marker shows them. */
function detailsSection(details) {
  const found = Array.isArray(details) ? details.filter((d) => d && typeof d.kind === 'string' && typeof d.message === 'string').slice(0, 50) : [];
  if (!found.length) return null;
  const items = found.map((d) => h('li', {}, h('span', { class: 'name' }, t(textKindKey(d.kind))), h('br'), h('span', {}, d.message)));
  return section('details', t('popupDetails'), found.length, true, h('ul', {}, items), h('p', { class: 'advice' }, t('popupDetailsAdvice')));
}

const say = { t, plural };

function renderVerdict(v) {
  const box = document.getElementById('verdict');
  box.className = `verdict ${v.level}`;
  const { title, lines } = verdictText(v, say);
  document.getElementById('verdict-title').textContent = title;
  document.getElementById('verdict-detail').replaceChildren(...lines.map((l) => h('li', {}, l)));
}

const isScan = (s) => s && typeof s.url === 'string' && Array.isArray(s.resources);

async function main() {
  document.getElementById('verdict-title').textContent = t('popupChecking');
  document.getElementById('footer').replaceChildren(h('p', {}, t('popupLocal')), h('p', {}, t('popupCredits')));
  let tab;
  let scan;
  let table = null;
  try {
    tab = await tabReady;
    if (tab == null) throw new Error('no tab');
    scan = await scanReady;
    if (!isScan(scan)) throw new Error('no answer');
  } catch {
    unavailable();
    return;
  }
  try {
    table = openTrackerTable(await tableReady);
  } catch {
    // No table (a damaged file): every host is shown as unlisted.
  }
  const pageUrl = new URL(scan.url);
  const pageHost = pageUrl.hostname.slice(0, 253);
  document.getElementById('page').textContent = pageHost || pageUrl.href;
  const hosts = scan.resources.filter((r) => r && typeof r.host === 'string').slice(0, 5000);
  const site = (host) => getDomain(host, { allowPrivateDomains: true });
  const lookup = (host) => (table ? table.lookup(host) : null);
  const groups = groupHosts(pageHost, hosts, hosts.map((r) => lookup(r.host.slice(0, 253))), site);
  performance.mark('matched');
  const who = (host) => {
    const m = lookup(host);
    return { site: site(host) || host, company: m ? m.company || m.tracker : null };
  };
  const watchers = typingWatchers(pageHost, scan.typing, scan.recorders, who);
  const fps = fingerprinters(scan.fingerprint);
  const note = siteNoteFor(pageHost, sitesData.sites);

  let links = null;
  let photos = null;
  let removedNotice = false;
  const draw = () => {
    const leaky = photos ? photos.checked.filter((p) => p.findings.length).length : 0;
    renderVerdict(verdict({ companies: groups.companies, fingerprinting: fps.length, photos: leaky, links: links && links.length, keylogging: watchers.keylogging, recorders: watchers.recorders }));
    const open = new Set([...document.querySelectorAll('details[open]')].map((d) => d.id));
    // The page took Silbato's notice away: said first, where the page cannot reach.
    const removed = removedNotice ? h('p', { class: 'alert', id: 'notice-removed', role: 'alert' }, t('noticeRemovedTitle')) : '';
    const parts = [removed, detailsSection(scan.details), typingSection(watchers), siteSection(note), noticeSection(note), fingerprintSection(fps), photosSection(photos), companiesSection(groups), linksSection(links)].filter(Boolean);
    for (const p of parts) if (open.has(p.id)) p.open = true;
    document.getElementById('sections').replaceChildren(...parts);
  };
  draw();
  document.getElementById('main').setAttribute('aria-busy', 'false');
  // Milliseconds from opening the popup (its navigation start) to a drawn scan.
  document.body.dataset.rendered = String(Math.round(performance.now()));

  // The links, from the background (which may have had to wake up).
  let blocking = [];
  try {
    const answer = await askLinks();
    if (answer && Array.isArray(answer.links)) {
      links = answer.links;
      blocking = Array.isArray(answer.blocking) ? answer.blocking : [];
      removedNotice = answer.noticeRemoved === true;
    }
  } catch {
    // No background: the links stay unchecked.
  }
  links ??= [];
  draw();
  document.body.dataset.links = String(Math.round(performance.now()));

  photos = { checked: [], skipped: 0 };
  try {
    photos = (await ask(tab, { type: 'page-photos' })) || photos;
    photos = { ...photos, checked: photos.checked.map((p) => ({ ...p, findings: revealing(p.findings, blocking) })) };
  } catch {
    // The page went away; the rest of the scan stands.
  }
  draw();
  document.body.dataset.photos = 'done';
}

main();
