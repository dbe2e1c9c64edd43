// Silbato's offline page: inspect and clean photos, videos, documents and
// recordings in batch, on
// any device, with no network. Files are read by range through the core's
// plan protocol (js/plan.js): a cleaned file is a Blob of slices of the
// original plus a few new bytes, so a large video is never copied and 200
// photos cost little memory. The zip (zip.js) is a Blob of those Blobs.
//
// The same code runs from dist/www/ (an installable page with a service
// worker) and inlined in dist/silbato.html (opened from disk), where
// globalThis.SILBATO_INLINE carries the wasm and the town table.
import { crc32, formats, inspectFile, inspectName, loadCore, neutralName, placeNear, planFile, planToBlob, setGazetteer } from '../js/core.js';
import { h } from '../js/dom.js';
import { editFaces, editorWords } from '../js/face-editor.js';
import { facesHere, facesInWorker, fetchBytes, lazyFaces } from '../js/faces.js';
import { drawNotice, wireNotice } from './notice.js';
import { canShareFiles, openedByShare, sharedFiles, shareOn } from './share.js';
import { blobCrc, zipBlob } from './zip.js';
import { pluralizer, translator } from '../js/i18n.js';
import en from '../locales/en/messages.json';
import es from '../locales/es/messages.json';

const inline = globalThis.SILBATO_INLINE || null;
const ready = loadCore(inline ? inline.wasm() : new URL('./core/silbato_bg.wasm', import.meta.url));
let gazetteer = null;
function loadGazetteer() {
  gazetteer ??= ready
    .then(async () => {
      const bytes = inline ? await inline.gazetteer() : new Uint8Array(await (await fetch(new URL('./core/gazetteer.bin', import.meta.url))).arrayBuffer());
      setGazetteer(bytes);
      return true;
    })
    .catch(() => false); // without town names the positions are still shown
  return gazetteer;
}

// Faces: a second wasm package (the core with face detection and covering)
// and the face model, loaded only when faces are wanted: in a worker for the
// installable page, on the page itself for the single file (whose policy
// allows no worker).
const faces = inline
  ? facesHere(lazyFaces(async () => (await inline.faces()).wasm, async () => (await inline.faces()).model, async () => (await inline.faces()).blazeface))
  : facesInWorker(new URL('./faces-worker.js', import.meta.url));
const COVERABLE = ['jpeg', 'png', 'webp'];
// Videos whose faces can be covered (js/video-faces.js): where this browser has WebCodecs.
const VIDEOS = ['mp4', 'mov', '3gp'];
const canCoverVideo = typeof VideoDecoder !== 'undefined' && typeof VideoEncoder !== 'undefined';
// The video code (www/video.js, mostly mediabunny: about nine tenths of the
// page's code) is loaded only when someone asks to cover faces in a video:
// from the page's own files (cached by the service worker, so offline too),
// or in the single file from its inert inline text (SILBATO_INLINE.video).
// The URL is built, not written out, so that esbuild leaves it a separate file.
let videoCode = null;
function loadVideo() {
  videoCode ??= (inline ? inline.video() : import(new URL('./video.js', import.meta.url).href)).catch((e) => {
    videoCode = null; // a failed load may be tried again
    throw e;
  });
  return videoCode;
}
// A video's frames are searched two at a time where there are workers (the
// machine's second core), in faces workers of their own, stopped once the
// search is done: each holds about 40 MB (wasm memory never shrinks), which
// covering and encoding the video need more.
function videoDetectors() {
  if (inline) return { detect: (blob) => faces.detect(blob), crowd: (blob) => faces.crowd(blob), concurrency: 1, close() {} };
  const concurrency = Math.min(2, navigator.hardwareConcurrency || 1);
  const workers = Array.from({ length: concurrency }, () => facesInWorker(new URL('./faces-worker.js', import.meta.url)));
  let turn = 0;
  return {
    detect: (blob) => workers[turn++ % concurrency].detect(blob),
    crowd: (blob) => workers[turn++ % concurrency].crowd(blob),
    concurrency,
    close: () => workers.forEach((w) => w.close()),
  };
}

const MAX_FILES = 2000;

// The words (locales/, the same message files as the extension's). The
// language follows the browser unless the person picks one (kept in
// localStorage, on this device).
const MESSAGES = { en, es };
function pickLanguage() {
  const saved = globalThis.localStorage?.getItem('silbato-lang');
  if (saved === 'en' || saved === 'es') return saved;
  return /^es\b/i.test((navigator.languages && navigator.languages[0]) || navigator.language || 'en') ? 'es' : 'en';
}
let lang = pickLanguage();
let t = translator(MESSAGES[lang]);
let plural = pluralizer(t, lang);
/** Why a file was not cleaned, by the core's error kind. */
const WHY = ['unsupported', 'truncated', 'malformed', 'limit_exceeded', 'unverified', 'unknown'];
const $ = (id) => document.getElementById(id);
const items = []; // { file, name, card, report, nameFindings, error, cleaned, removed, damage, faces, covered, faceError }

// Cleaned files are saved under neutral names (photo.jpg, photo-2.jpg,
// video.mp4) unless the person keeps their own: names like
// IMG_20260201_153012.jpg say when a photo was taken. The choice is kept on
// this device.
let keepNames = globalThis.localStorage?.getItem('silbato-keep-names') === 'true';
let mediaOf = null; // format name → 'photo' | 'video' | …, once the core is loaded
let mimeOf = null; // format name → MIME type, for files shared on

/** The name a cleaned file is saved under. */
function outName(item) {
  if (keepNames || !item.report || !mediaOf) return item.name;
  const format = item.outFormat || item.report.format;
  const kind = mediaOf.get(format);
  let n = 0;
  for (const other of items) {
    if (other.report && mediaOf.get(other.outFormat || other.report.format) === kind) n++;
    if (other === item) break;
  }
  return neutralName(format, n);
}
let zipUrl = null;
let busy = false;
let sharedCount = null; // files received from the share sheet, once asked

// ---- Text ----
function applyLanguage() {
  t = translator(MESSAGES[lang]);
  plural = pluralizer(t, lang);
  document.documentElement.lang = lang;
  $('lang').value = lang;
  document.title = t('pageTitle');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  drawNotice(lang, t);
  drawSharedIn();
  for (const item of items) {
    if (item.report) icon(item);
    draw(item);
  }
  summary();
}


const size = (n) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} KB`);
const isPosition = (f) => Boolean(f.position);
const ORDER = ['location', 'serial', 'person', 'unique_id', 'embedded', 'device', 'timestamp', 'text', 'software'];

/** What a file reveals, one line per category, in plain words. */
function revealed(findings) {
  const by = new Map();
  for (const f of findings) if (!by.has(f.category)) by.set(f.category, f);
  return ORDER.filter((c) => by.has(c)).map((c) => {
    const f = by.get(c);
    const place = f.position ? placeNear(f.position.lat, f.position.lon, lang) : null;
    // The town first, the coordinates after: a core without the gazetteer gives only numbers.
    const said = place && !f.message.includes(place) ? t('pageTakenNear', [place, `${f.position.lat.toFixed(5)}, ${f.position.lon.toFixed(5)}`]) : f.message;
    return h('li', {}, h('strong', {}, `${t(`pageCategory_${c}`)}: `), said);
  });
}

/** The kind of a core error (a SilbatoError), as the page words it. */
const errorKind = (e) => (e && WHY.includes(e.kind) ? e.kind : 'unknown');

// ---- Cards ----
function draw(item) {
  const { card } = item;
  const body = card.querySelector('.body');
  const parts = [h('h2', {}, item.name), h('p', { class: 'muted' }, `${item.report?.format?.toUpperCase() || ''} ${size(item.file.size)}`.trim())];
  const saved = outName(item);
  if (item.error) {
    parts.push(h('p', { class: 'state bad' }, t('pageFailed')), h('p', {}, t(`pageWhy_${item.error}`)));
  } else if (!item.report) {
    parts.push(h('p', { class: 'state' }, t('pageChecking')));
  } else {
    // What the file's name says counts too, unless names are kept (it is then only reported).
    const findings = [...(item.report.findings || []), ...(item.nameFindings || [])];
    // One line per category (and per thing the name says): the count is of the lines shown.
    const named = (item.nameFindings || []).map((f) => h('li', {}, h('strong', {}, `${t('pageCategory_name')}: `), f.message));
    const lines = [...revealed(item.report.findings || []), ...named];
    if (item.covered) parts.push(h('p', { class: 'state good covered' }, plural('pageCovered', item.covered.length)));
    if (item.cleaned) {
      // A covered video says what was done to it (a new video, faces covered,
      // the sound kept or removed) instead of a photo's "Removed N things".
      if (item.videoDone) parts.push(videoDone(item.videoDone));
      else if (!item.covered) parts.push(h('p', { class: 'state good' }, t('pageCleaned'), ' ', plural('pageRemoved', item.removed + (keepNames ? 0 : item.nameFindings?.length || 0))));
      if (saved !== item.name) parts.push(h('p', { class: 'muted saved-as' }, t('pageSavedAs', [saved])));
      const a = h('a', { class: 'button', download: saved }, t('pageDownload'));
      a.href = item.url;
      parts.push(a);
    } else if (lines.length) {
      parts.push(h('p', { class: `state${findings.some((f) => f.severity === 'high') ? ' bad' : ''}` }, plural('pageReveals', lines.length)));
    } else {
      parts.push(h('p', { class: 'state' }, t('pageNothing')));
    }
    // Cleaning never changes what can be seen: faces come right after the verdict, near the top.
    if (item.faceError) parts.push(h('p', { class: 'state bad faces' }, t('pageFacesFailed')));
    else if (item.faceSearch) parts.push(h('p', { class: 'faces searching', role: 'status' }, plural('pageFacesSoFar', item.faceSearch.found.faces.length, [String(item.faceSearch.done), String(item.faceSearch.of)])));
    else if (item.faces) parts.push(h('p', { class: 'faces' }, item.faces.faces.length ? plural('pageFacesFound', item.faces.faces.length) : t('pageFacesNone')));
    else parts.push(h('p', { class: 'faces' }, t('stillVisible')));
    if (VIDEOS.includes(item.report.format) && canCoverVideo) parts.push(...videoParts(item));
    if (COVERABLE.includes(item.report.format)) {
      const button = h('button', { type: 'button', class: 'cover-faces' }, item.findingFaces ? t('pageFindingFaces') : t('pageCoverFaces'));
      button.disabled = busy || item.findingFaces;
      button.addEventListener('click', () => coverOne(item));
      parts.push(button);
    }
    if (lines.length) parts.push(h('ul', {}, ...lines));
    // A damaged photo that could still be cleaned: what happened and what the cleaned copy keeps.
    const damage = item.damage || item.report.damage;
    if (damage) parts.push(h('p', { class: 'state damaged' }, damage.message));
  }
  // Redrawn while someone is on one of its buttons (a search in the
  // background reports progress): keep them there.
  const focused = body.contains(document.activeElement) ? document.activeElement.className : null;
  body.replaceChildren(...parts);
  if (focused) body.querySelector(`[class="${focused}"]`)?.focus();
  card.dataset.covered = item.covered ? JSON.stringify(item.covered) : '';
}

const thumbs = new IntersectionObserver((entries) => {
  for (const e of entries) {
    if (!e.isIntersecting) continue;
    thumbs.unobserve(e.target);
    const item = items.find((i) => i.card.querySelector('.thumb') === e.target);
    if (item) thumbnail(item, e.target);
  }
});

/** A small preview decoded at thumbnail size, orientation applied; none for what the browser cannot show. */
async function thumbnail(item, box) {
  if (!/^image\/(jpeg|png|webp|gif|avif)$/.test(item.file.type)) return;
  try {
    const bitmap = await createImageBitmap(item.file, { resizeWidth: 144, resizeQuality: 'medium' });
    const canvas = h('canvas', { class: 'thumb', width: bitmap.width, height: bitmap.height, role: 'img', 'aria-label': item.name });
    canvas.getContext('2d').drawImage(bitmap, 0, 0);
    bitmap.close();
    box.replaceWith(canvas);
  } catch {
    // No preview; the card says so already.
  }
}

/**
 * Documents and recordings get an icon where photos get a preview: a page
 * or a sound wave with the format's name (PDF, DOCX, MP3). Which kind a
 * format is comes from the core (formats()).
 */
function icon(item) {
  const kind = mediaOf && mediaOf.get(item.report.format);
  if (kind !== 'document' && kind !== 'audio') return;
  const box = item.card.querySelector('.thumb');
  if (!box || box.tagName === 'CANVAS') return;
  const label = `${t(kind === 'document' ? 'pageIconDocument' : 'pageIconRecording')}, ${item.report.format.toUpperCase()}`;
  if (box.classList.contains('icon')) return box.setAttribute('aria-label', label);
  thumbs.unobserve(box);
  box.replaceWith(h('div', { class: `thumb icon ${kind}`, role: 'img', 'aria-label': label }, h('span', {}, item.report.format.toUpperCase())));
}

function uniqueName(name, taken) {
  const base = name.split(/[\\/]/).pop() || 'file';
  if (!taken.has(base)) return base;
  const dot = base.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
  for (let i = 2; ; i++) if (!taken.has(`${stem} (${i})${ext}`)) return `${stem} (${i})${ext}`;
}

async function add(files) {
  const list = [...files].filter((f) => f.size > 0 && !f.name.startsWith('.')).slice(0, MAX_FILES - items.length);
  if (!list.length) return;
  resetZip();
  $('batch').hidden = false;
  const taken = new Set(items.map((i) => i.name));
  const fresh = [];
  for (const file of list) {
    const name = uniqueName(file.name, taken);
    taken.add(name);
    const thumb = h('div', { class: 'thumb', 'aria-hidden': 'true' }, t('pageNoThumb'));
    const card = h('li', { class: 'card' }, thumb, h('div', { class: 'body' }));
    const item = { file, name, card, report: null, error: null, cleaned: null, removed: 0, url: null };
    items.push(item);
    fresh.push(item);
    draw(item);
    $('cards').append(card);
    thumbs.observe(thumb);
  }
  summary();
  await ready;
  for (const item of fresh) {
    try {
      const report = await inspectFile(item.file, lang, true);
      item.report = report;
      item.nameFindings = inspectName(item.file.name, lang);
      if (report.findings.some(isPosition)) await loadGazetteer();
    } catch (e) {
      item.error = errorKind(e);
    }
    if (item.report) icon(item);
    draw(item);
    if (!inline && item.report && COVERABLE.includes(item.report.format)) faceCounts.observe(item.card);
  }
  summary();
}

function summary(text) {
  $('status').textContent = text ?? (items.length ? plural('pageFiles', items.length) : '');
  $('clean').disabled = busy || !items.some((i) => i.report && !i.cleaned);
  $('cover-all').disabled = busy || !items.some((i) => i.report && COVERABLE.includes(i.report.format) && !i.covered);
  for (const item of items) {
    const button = item.card.querySelector('.cover-faces');
    if (button) button.disabled = busy || Boolean(item.findingFaces);
  }
}

function resetZip() {
  if (zipUrl) URL.revokeObjectURL(zipUrl);
  zipUrl = null;
  $('zip').hidden = true;
  $('share').hidden = true;
}

// ---- Clean all ----
async function cleanAll() {
  if (busy) return;
  busy = true;
  resetZip();
  const todo = items.filter((i) => i.report && !i.error);
  const box = $('progress-box');
  const bar = $('progress');
  box.hidden = false;
  bar.max = todo.length + 1;
  let done = 0;
  // Cards and the status line are redrawn at most every 200 ms: redrawing a
  // long list after every photo costs more than cleaning it.
  let shown = 0;
  const pending = [];
  const show = (force) => {
    if (!force && performance.now() - shown < 200) return;
    shown = performance.now();
    for (const item of pending.splice(0)) draw(item);
    summary(t('pageCleaning', [String(done), String(todo.length)]));
    bar.value = done;
  };
  // Two files in flight: one is read while the other is planned or checksummed.
  const clean = async (item) => {
    if (!item.cleaned) {
      try {
        const plan = await planFile(item.file, lang);
        item.cleaned = planToBlob(plan, item.file);
        item.removed = plan.removed.findings.length;
        item.damage = plan.removed.damage || null;
        item.crc = await blobCrc(item.cleaned, crc32);
        item.url = URL.createObjectURL(item.cleaned);
      } catch (e) {
        item.error = errorKind(e);
        item.cleaned = null;
      }
      pending.push(item);
    }
    done++;
    show(false);
  };
  let next = 0;
  const lane = async () => {
    while (next < todo.length) await clean(todo[next++]);
  };
  await Promise.all([lane(), lane()]);
  show(true);
  const ok = makeZip();
  bar.value = bar.max;
  busy = false;
  // Files left out of the zip are named, so nobody posts them thinking they were cleaned.
  const failedNames = items.filter((i) => i.error).map((i) => i.name);
  const failed = failedNames.length;
  const named = new Intl.ListFormat(lang, { type: 'conjunction' }).format(failedNames);
  summary([plural('pageDone', ok.length), failed ? plural('pageNotInZip', failed, [named]) : ''].filter(Boolean).join(' '));
  document.body.dataset.cleaned = String(ok.length);
}

/** The zip of every cleaned or covered file; returns them. */
function makeZip() {
  resetZip();
  const ok = items.filter((i) => i.cleaned);
  if (ok.length) {
    summary(t('pageZipping'));
    const zip = zipBlob(ok.map((i) => ({ name: outName(i), blob: i.cleaned, crc: i.crc })));
    zipUrl = URL.createObjectURL(zip);
    document.body.dataset.zipBytes = String(zip.size);
    $('zip').href = zipUrl;
    $('zip').hidden = false;
    $('share').hidden = !canShareFiles();
  }
  return ok;
}

// ---- Faces ----
/** The faces in one photo (found once, by the core, on the upright photo). */
async function findFaces(item) {
  const progress = (p) => {
    item.faceSearch = p;
    draw(item);
  };
  item.facesFinding ??= faces.detect(item.file, progress).then(
    (found) => {
      item.faceSearch = null;
      return (item.faces = found);
    },
    (e) => {
      item.faceSearch = null;
      item.facesFinding = null;
      throw e;
    },
  );
  return item.facesFinding;
}

/** Cover `regions` of the photo and keep the new file in place of the cleaned one. */
async function keepCovered(item, regions, style) {
  const { output, info } = await faces.cover(item.file, regions, style);
  if (item.url) URL.revokeObjectURL(item.url);
  if (info.format === 'png' && !/\.png$/i.test(item.name)) {
    const taken = new Set(items.filter((i) => i !== item).map((i) => i.name));
    item.name = uniqueName(item.name.replace(/\.[^.]*$/, '') + '.png', taken);
  }
  item.outFormat = info.format === 'png' ? 'png' : 'jpeg';
  item.cleaned = new Blob([output], { type: info.format === 'png' ? 'image/png' : 'image/jpeg' });
  item.covered = info.covered;
  item.removed = (item.report.findings || []).length;
  item.crc = crc32(0, output) >>> 0;
  item.url = URL.createObjectURL(item.cleaned);
}

/** "Cover faces…" on one card: find faces, let the person check and edit, cover. */
async function coverOne(item) {
  if (busy || item.findingFaces) return;
  item.findingFaces = true;
  item.faceError = null;
  draw(item);
  try {
    const found = await findFaces(item);
    item.findingFaces = false;
    draw(item);
    const answer = await editFaces({ file: item.file, found, t: editorWords(t, plural, 'pageEditorSave') });
    if (answer && answer.regions.length) {
      await keepCovered(item, answer.regions, answer.style);
      makeZip();
    }
  } catch (e) {
    item.faceError = errorKind(e);
  }
  item.findingFaces = false;
  draw(item);
  summary();
  item.card.querySelector('.cover-faces')?.focus();
}

// ---- Faces in videos ----
/** A covered video's line: how many faces and what became of the sound (only the sound, when no face was kept). */
function videoDone(done) {
  if (!done.faces && done.sound === 'removed') return h('p', { class: 'state good covered' }, t('pageVideoSoundOnly'));
  // A video that had no sound gets no sentence about it.
  const sound = { kept: 'pageVideoSoundKept', removed: 'pageVideoSoundRemoved' }[done.sound];
  return h('p', { class: 'state good covered' }, plural('pageVideoCovered', done.faces), ...(sound ? [' ', t(sound)] : []));
}

/** What a video's card says and offers about its faces. */
function videoParts(item) {
  const parts = [];
  const v = item.video || {};
  if (v.codec) parts.push(h('p', { class: 'state bad video-codec' }, t('pageVideoCodec')));
  else if (v.sound) parts.push(h('p', { class: 'state bad video-sound' }, t('pageVideoSound')));
  if (v.cancelled) parts.push(h('p', { class: 'state video-cancelled' }, t('pageVideoCancelled')));
  if (v.none) parts.push(h('p', { class: 'state video-none' }, t('pageVideoNoFaces')));
  if (v.progress) {
    const p = v.progress;
    const bar = h('progress', { class: 'video-progress', max: String(p.of || 1), value: String(p.done || 0) });
    const left = p.secondsLeft != null ? ` ${plural('pageTimeLeft', p.secondsLeft)}` : '';
    parts.push(h('p', { class: 'faces searching', role: 'status' }, t(p.phase === 'covering' ? 'pageVideoCovering' : 'pageVideoFinding', [String(p.done || 0), String(p.of || 0)]), left), bar);
    const stop = h('button', { type: 'button', class: 'cancel-video' }, t('pageVideoCancel'));
    stop.addEventListener('click', () => v.abort?.abort());
    parts.push(stop);
  } else {
    const button = h('button', { type: 'button', class: 'cover-video-faces' }, t('pageCoverVideoFaces'));
    button.disabled = busy;
    button.addEventListener('click', () => coverVideoOne(item));
    parts.push(button);
  }
  return parts;
}

/**
 * "Cover faces in the video…": look for faces on a few frames a second,
 * let the person review them, cover them in a new video, and clean and
 * verify that with the core like any file. Cancellable at every step.
 */
async function coverVideoOne(item) {
  if (busy) return;
  busy = true;
  const abort = new AbortController();
  const { signal } = abort;
  item.faceError = null;
  item.video = { abort, progress: { phase: 'finding', done: 0, of: 0 } };
  let shown = 0;
  const progress = (phase) => (p) => {
    item.video.progress = { phase, ...p };
    if (performance.now() - shown < 250) return;
    shown = performance.now();
    draw(item);
  };
  summary();
  draw(item);
  try {
    const { coverVideo, findVideoFaces, reviewVideoFaces, reviewWords } = await loadVideo();
    const detectors = videoDetectors();
    let found;
    try {
      found = await findVideoFaces(item.file, { ...detectors, signal, progress: progress('finding') });
    } finally {
      detectors.close();
    }
    item.video.progress = null;
    draw(item);
    const answer = await reviewVideoFaces({ found, hasSound: found.hasSound, t: reviewWords(t, plural) });
    if (!answer) throw new DOMException('cancelled', 'AbortError');
    const kept = new Set(answer.boxes.flat().map((b) => b.track));
    if (!kept.size && answer.keepSound) {
      item.video = { none: true };
      return;
    }
    item.video.progress = { phase: 'covering', done: 0, of: found.frames };
    draw(item);
    const { blob, sound } = await coverVideo(item.file, answer.boxes, { timestamps: found.timestamps, keepSound: answer.keepSound, bitrate: found.bitrate, signal, progress: progress('covering') });
    // The new file is cleaned and verified by the core like any other.
    const plan = await planFile(blob, lang);
    const cleaned = planToBlob(plan, blob);
    if (item.url) URL.revokeObjectURL(item.url);
    if (!/\.mp4$/i.test(item.name)) {
      const taken = new Set(items.filter((i) => i !== item).map((i) => i.name));
      item.name = uniqueName(item.name.replace(/\.[^.]*$/, '') + '.mp4', taken);
    }
    item.outFormat = 'mp4';
    item.cleaned = new Blob([cleaned], { type: 'video/mp4' });
    item.removed = (item.report.findings || []).length;
    item.crc = await blobCrc(item.cleaned, crc32);
    item.url = URL.createObjectURL(item.cleaned);
    item.covered = null;
    item.video = {};
    // Kept apart from item.video, which a later try replaces: the download is this video until another is made.
    item.videoDone = { faces: kept.size, sound };
    item.card.dataset.videoFrames = String(found.frames);
    item.card.dataset.videoTracks = String(kept.size);
    makeZip();
  } catch (e) {
    if (e && e.name === 'AbortError') item.video = { cancelled: true };
    else {
      item.video = { codec: Boolean(e && e.codec), sound: Boolean(e && e.sound) };
      if (!item.video.codec && !item.video.sound) item.faceError = errorKind(e);
    }
  } finally {
    busy = false;
    draw(item);
    summary();
  }
}

/** Photos on screen have their faces counted in the background (in the worker only). */
const faceCounts = new IntersectionObserver((entries) => {
  for (const e of entries) {
    if (!e.isIntersecting) continue;
    const item = items.find((i) => i.card === e.target);
    if (!item || !item.report || !COVERABLE.includes(item.report.format)) continue;
    faceCounts.unobserve(e.target);
    // A search that could not run is said on the card ("couldn't check for faces"), never left as silence.
    findFaces(item).then(
      () => draw(item),
      (e) => {
        item.faceError = errorKind(e);
        draw(item);
      },
    );
  }
});

/** "Cover faces in all photos": each face found is covered with a solid fill. */
async function coverAll() {
  if (busy) return;
  busy = true;
  const todo = items.filter((i) => i.report && COVERABLE.includes(i.report.format) && !i.covered);
  const box = $('progress-box');
  const bar = $('progress');
  box.hidden = false;
  bar.max = todo.length;
  bar.value = 0;
  let total = 0;
  let done = 0;
  summary(t('pageCoveringAll', ['0', String(todo.length)]));
  for (const item of todo) {
    try {
      const found = await findFaces(item);
      // No face, no new encoding: the photo stays as it is (or as cleaned).
      if (found.faces.length) {
        await keepCovered(item, found.covering, 'fill');
        total += found.faces.length;
        done++;
      }
    } catch (e) {
      item.faceError = errorKind(e);
    }
    draw(item);
    bar.value++;
    summary(t('pageCoveringAll', [String(bar.value), String(todo.length)]));
  }
  makeZip();
  busy = false;
  summary(plural('pageCoverDone', total, [plural('pagePhotoCount', done)]));
  document.body.dataset.facesCovered = String(done);
}

// ---- Share on: the cleaned (or covered) files, under the names they are saved under ----
async function shareCleaned() {
  const files = items.filter((i) => i.cleaned).map((i) => new File([i.cleaned], outName(i), { type: mimeOf?.get(i.outFormat || i.report.format) || i.cleaned.type || 'application/octet-stream' }));
  const result = await shareOn(files);
  if (result === 'shared') summary(plural('pageShared', files.length));
  else if (result === 'failed') summary(t('pageShareFailed'));
}

// ---- Share in: files shared to the installed page from the phone's gallery ----
async function receiveShare() {
  const files = await sharedFiles();
  sharedCount = files.length;
  // What happens to the originals is said where the share lands, on top (after the cards otherwise).
  if (files.length) $('shared-in').append($('originals'));
  drawSharedIn();
  if (!files.length) return;
  // Inspected and cleaned at once: the next tap is "Share cleaned files".
  await add(files);
  await cleanAll();
  document.body.dataset.sharedIn = String(files.length);
  performance.mark('silbato-shared-ready'); // for scripts/bench-share.mjs: from the share's POST to here
  ($('share').hidden ? $('zip') : $('share')).focus();
}

function drawSharedIn() {
  if (sharedCount === null) return;
  $('shared-in').hidden = false;
  $('shared-in-count').textContent = sharedCount ? plural('pageSharedIn', sharedCount) : t('pageSharedNone');
}

function clear() {
  faceCounts.disconnect();
  for (const item of items) if (item.url) URL.revokeObjectURL(item.url);
  items.length = 0;
  resetZip();
  $('cards').replaceChildren();
  // The share that arrived is done with: its box goes, the originals note returns under the cards.
  sharedCount = null;
  $('shared-in').hidden = true;
  $('cards').after($('originals'));
  $('progress-box').hidden = true;
  $('batch').hidden = true;
  delete document.body.dataset.cleaned;
  $('files').value = '';
  $('folder').value = '';
}

// ---- Folders dropped: walk them ----
async function filesOf(entry, out) {
  if (out.length >= MAX_FILES) return;
  if (entry.isFile) {
    out.push(await new Promise((resolve, reject) => entry.file(resolve, reject)));
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const e of batch) await filesOf(e, out);
    }
  }
}

function wire() {
  const drop = $('drop');
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
  }
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const entries = [...(e.dataTransfer.items || [])].map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null));
    if (entries.length && entries.every(Boolean)) {
      const out = [];
      for (const entry of entries) await filesOf(entry, out).catch(() => {});
      add(out);
    } else {
      add(e.dataTransfer.files);
    }
  });
  // Drops anywhere else on the page must not open the file in the tab.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  for (const id of ['files', 'folder']) $(id).addEventListener('change', (e) => add(e.target.files));
  $('clean').addEventListener('click', cleanAll);
  $('share').addEventListener('click', shareCleaned);
  $('cover-all').addEventListener('click', coverAll);
  $('clear').addEventListener('click', clear);
  $('keep-names').checked = keepNames;
  $('keep-names').addEventListener('change', (e) => {
    keepNames = e.target.checked;
    globalThis.localStorage?.setItem('silbato-keep-names', String(keepNames));
    for (const item of items) draw(item);
    if (zipUrl) makeZip();
    summary();
  });
  $('lang').addEventListener('change', (e) => {
    lang = e.target.value === 'es' ? 'es' : 'en';
    globalThis.localStorage?.setItem('silbato-lang', lang);
    applyLanguage();
  });
}

wire();
wireNotice();
// Served with a service worker, the installed page is a share target and
// says how to share to it; the single file says it cannot be one.
if (inline) $('share-hint').dataset.t = 'pageShareHintFile';
applyLanguage();
ready.then(() => {
  mediaOf = new Map(formats().map((f) => [f.name, f.media]));
  mimeOf = new Map(formats().map((f) => [f.name, f.mime]));
  // The picker offers what the core reads (its types and extensions), whatever the phone calls them.
  const kinds = formats().flatMap((f) => [f.mime, ...f.extensions.map((e) => `.${e}`)]);
  $('files').accept = [...new Set(['image/*', 'video/*', 'audio/*', ...kinds])].join(',');
  document.body.dataset.ready = 'true';
});
if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol) && !inline) {
  navigator.serviceWorker.register(new URL('./sw.js', import.meta.url)).catch(() => {});
  if (openedByShare()) receiveShare();
}
