// Every message that crosses between Silbato's contexts, on every channel,
// and the one check every receiver uses: `isMessage(channel, m)`. A receiver
// ignores anything that does not pass (a page may post anything to a frame;
// a port may be closed early; a context may be older than another after an
// update).
//
// Channels, and who talks on them:
//   cleaner        upload guard → cleaner frame (MessagePort, given with the token in the frame's URL)
//   cleanerAnswer  cleaner frame → upload guard
//   editor         upload guard → face editor frame (MessagePort, the same way)
//   editorAnswer   face editor frame → upload guard
//   background     content scripts and popup → background (runtime.sendMessage)
//   tab            background and popup → a tab's content script (tabs.sendMessage)
//   worker         offline page → faces worker, and back (postMessage)
//
// The shapes (types named as in src/report.rs and the core's other types):
//   cleaner        { type: 'ping' }   (while requests wait: the frame must answer)
//                  { type: 'plan', id, file, lang }
//                  { type: 'names', id, formats }
//                  { type: 'faces', id, file }
//                  { type: 'cover', id, file, regions, style: 'fill' | 'pixelate' }
//   cleanerAnswer  { type: 'hello' } | { type: 'pong' }
//                  { type: 'planned', id, plan: PlanReport, nameFindings: Finding[], placesPending }
//                  { type: 'names', id, names }      (neutral file names, in the order asked)
//                  { type: 'places', id, places: [[findingIndex, "about 2 km from …"], …] }
//                  { type: 'faces', id, found: { width, height, faces, covering } }
//                  { type: 'covered', id, bytes, format, covered }
//                  { type: 'failed', id, error: ErrorReport }
//                    (for 'plan', error.known: whether the file is of a kind the core reads)
//   editor         { type: 'edit', file, found }                  (editor/editor.html: a photo)
//                  { type: 'video', file }                        (editor/video.html: a video)
//   editorAnswer   { type: 'hello' } | { type: 'regions', regions, style } | { type: 'cancelled' }
//                  { type: 'video', file: Blob, faces, sound: 'kept' | 'removed' | 'none' }
//                    (the covered video, not yet cleaned: the guard has the cleaner plan it)
//                  { type: 'failed', why: 'codec' | 'sound' | 'error', error?: ErrorReport }
//   background     { type: 'scan-text', text, lang }   → { findings }
//                  { type: 'clean-link', url, lang }   → LinkReport
//                  { type: 'page-links', tab, lang }   → { links: LinkReport[], blocking, noticeRemoved }
//                  { type: 'who', page, hosts }        → { page: Who, hosts: Who[] }, Who = { host, site, company }
//                  { type: 'notice-removed' }          (a page took the notice away; no answer)
//                  { type: 'late-frame', atPress }     (a page made a frame before Silbato could wrap it, found at the person's press or not; no answer)
//   tab            { type: 'page-scan' }               → { url, title, resources, fingerprint, typing, recorders, details }
//                  { type: 'page-links' }              → [href, …]
//                  { type: 'page-photos' }             → { checked, skipped }
//                  { type: 'copy', text, report }      (no answer)
//                  { type: 'lockdown', atPress }       (every frame: spend the person's activation from now on; the top tells the person now or at the next press; no answer)
//   worker         { id, type: 'detect', file } | { id, type: 'cover', file, regions, style }
//                  { id, type: 'crowd', file }   (the crowd passes alone: a video frame at full size)
//                  back: { id, progress } | { id, answer } | { id, error: ErrorReport }

/** Longest text the background accepts from a page (characters); the core reads at most 1 MB anyway. */
export const MAX_TEXT = 1 << 20;
/** Longest link the background cleans. */
export const MAX_URL = 64 * 1024;

const isObject = (v) => v !== null && typeof v === 'object';
const isId = Number.isInteger;
const isString = (v) => typeof v === 'string';
const isBlob = (v) => typeof Blob !== 'undefined' && v instanceof Blob;
const isStyle = (v) => v === 'fill' || v === 'pixelate';
const isRegion = (r) => isObject(r) && ['x', 'y', 'width', 'height'].every((k) => Number.isFinite(r[k]));
const isRegions = (v) => Array.isArray(v) && v.every(isRegion);
const isFound = (v) => isObject(v) && Array.isArray(v.faces) && isRegions(v.covering);
const isError = (v) => isObject(v) && isString(v.kind);
const isPlan = (v) => isObject(v) && Array.isArray(v.ops) && isObject(v.removed) && Array.isArray(v.removed.findings);

/** Per channel, per type: the check of the message's fields. */
const SHAPES = {
  cleaner: {
    ping: () => true,
    plan: (m) => isId(m.id) && isBlob(m.file) && isString(m.lang),
    faces: (m) => isId(m.id) && isBlob(m.file),
    cover: (m) => isId(m.id) && isBlob(m.file) && isRegions(m.regions) && isStyle(m.style),
    names: (m) => isId(m.id) && Array.isArray(m.formats) && m.formats.every(isString),
  },
  cleanerAnswer: {
    hello: () => true,
    pong: () => true,
    planned: (m) => isId(m.id) && isPlan(m.plan) && Array.isArray(m.nameFindings),
    names: (m) => isId(m.id) && Array.isArray(m.names) && m.names.every(isString),
    places: (m) => isId(m.id) && Array.isArray(m.places),
    faces: (m) => isId(m.id) && isFound(m.found),
    covered: (m) => isId(m.id) && m.bytes instanceof Uint8Array && isString(m.format) && Array.isArray(m.covered),
    failed: (m) => isId(m.id) && isError(m.error),
  },
  editor: {
    edit: (m) => isBlob(m.file) && isFound(m.found),
    video: (m) => isBlob(m.file),
  },
  editorAnswer: {
    hello: () => true,
    regions: (m) => isRegions(m.regions) && isStyle(m.style),
    cancelled: () => true,
    video: (m) => isBlob(m.file) && Number.isInteger(m.faces) && m.faces >= 0 && ['kept', 'removed', 'none'].includes(m.sound),
    failed: (m) => ['codec', 'sound', 'error'].includes(m.why) && (m.error === undefined || isError(m.error)),
  },
  background: {
    'scan-text': (m) => isString(m.text) && m.text.length <= MAX_TEXT && isString(m.lang),
    'clean-link': (m) => isString(m.url) && m.url.length <= MAX_URL && isString(m.lang),
    'page-links': (m) => Number.isInteger(m.tab) && m.tab >= 0 && isString(m.lang),
    who: (m) => isString(m.page) && m.page.length <= 253 && Array.isArray(m.hosts) && m.hosts.length <= 50 && m.hosts.every((h) => isString(h) && h.length <= 253),
    'notice-removed': () => true,
    'late-frame': (m) => typeof m.atPress === 'boolean',
  },
  tab: {
    'page-scan': () => true,
    'page-links': () => true,
    'page-photos': () => true,
    copy: (m) => isString(m.text) && isObject(m.report),
    lockdown: (m) => typeof m.atPress === 'boolean',
  },
  worker: {
    detect: (m) => isId(m.id) && isBlob(m.file),
    crowd: (m) => isId(m.id) && isBlob(m.file),
    cover: (m) => isId(m.id) && isBlob(m.file) && isRegions(m.regions) && isStyle(m.style),
  },
};

/** Is `m` a well-formed message of `channel`? */
export function isMessage(channel, m) {
  const shapes = SHAPES[channel];
  if (!shapes || !isObject(m) || !isString(m.type) || !Object.hasOwn(shapes, m.type)) return false;
  return shapes[m.type](m);
}
