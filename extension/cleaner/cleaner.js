// The cleaner frame: an extension page, hidden inside the upload guard's
// closed shadow root, where WebAssembly may run whatever the page's own
// content security policy says. The guard posts it File objects (references,
// not copies); it reads only the ranges the core asks for and answers with
// the core's plan (ranges to keep, a few new bytes, zeros) and what was
// removed. The cleaned file is then assembled in the page from slices of the
// original, so a 2 GB video crosses nothing but a few kilobytes.
//
// The messages are in js/messages.js (channels `cleaner`, `cleanerAnswer`).
// The answer does not wait for the 3 MB gazetteer: the file is handed to
// the page first, and town names follow for the notice.
import { api } from '../../js/ext.js';
import { asSilbatoError, formats, inspectName, limits, loadCore, neutralName, planFile, placeNear, setGazetteer, SilbatoError } from '../../js/core.js';
import { answerFaces, fetchBytes, lazyFaces } from '../../js/faces.js';
import { isMessage } from '../../js/messages.js';

const token = location.hash.slice(1);
const url = (path) => api.runtime.getURL(path);

const coreReady = loadCore(url('core/silbato_bg.wasm'));
let gazetteer = null;
function loadGazetteer() {
  gazetteer ??= coreReady
    .then(() => fetchBytes(url('core/gazetteer.bin')))
    .then((bytes) => setGazetteer(bytes));
  return gazetteer;
}
// Load it while the page is idle, after the core itself.
coreReady.then(() => setTimeout(loadGazetteer, 50));

const loadFaces = lazyFaces(
  () => url('core/silbato_faces_bg.wasm'),
  () => fetchBytes(url('core/face-model.bin')),
  () => fetchBytes(url('core/blazeface.onnx')),
);

/** The answer to a 'faces' or 'cover' request. */
async function faceWork(data) {
  await coreReady;
  // Photos are read whole to find faces: refuse what the core would refuse.
  const { inMemory } = limits();
  if (data.file.size > inMemory) throw new SilbatoError({ kind: 'limit_exceeded', message: `a photo of ${data.file.size} bytes` });
  if (data.type === 'faces') return { type: 'faces', id: data.id, found: await answerFaces(loadFaces, { type: 'detect', file: data.file }) };
  const { output, info } = await answerFaces(loadFaces, data);
  return { type: 'covered', id: data.id, bytes: output, format: info.format, covered: info.covered };
}

/** A thrown error as the ErrorReport the guard reads. */
const errorOf = (e) => asSilbatoError(e).toReport();

/** Positions without a town yet (the table was not loaded when the file was read). */
const unnamed = (plan) =>
  plan.removed.findings.map((f, i) => [f, i]).filter(([f]) => f.position && !f.position.place);

/**
 * Whether a file that could not be cleaned is of a kind the core reads: it
 * recognised the bytes, or the name's extension or the type the browser gives
 * belongs to one of its formats (a PDF cut short at its start is still a PDF).
 * Such a file is kept back like a photo; only kinds the core does not know go
 * through with a note. When in doubt (the core did not load), known.
 */
function knownKind(file, error) {
  if (error.format) return true;
  try {
    const dot = file.name.lastIndexOf('.');
    const ext = dot >= 0 ? file.name.slice(dot + 1).toLowerCase() : '';
    return formats().some((f) => f.extensions.includes(ext) || (file.type !== '' && f.mime === file.type));
  } catch {
    return true;
  }
}

async function answerPlan(port, data) {
  let plan;
  try {
    await coreReady;
    plan = await planFile(data.file, data.lang);
  } catch (e) {
    const error = errorOf(e);
    port.postMessage({ type: 'failed', id: data.id, error: { ...error, known: knownKind(data.file, error) } });
    return;
  }
  const pending = unnamed(plan);
  // What the file's name says (a date and time, a person's or a street's name): the guard renames it.
  const nameFindings = inspectName(data.file.name, data.lang);
  port.postMessage({ type: 'planned', id: data.id, plan, nameFindings, placesPending: pending.length > 0 });
  if (!pending.length) return;
  try {
    await loadGazetteer();
  } catch {
    // Without the table the notice gives no town; nothing else depends on it.
  }
  const places = pending.map(([f, i]) => [i, placeNear(f.position.lat, f.position.lon, data.lang)]).filter(([, p]) => p);
  port.postMessage({ type: 'places', id: data.id, places });
}

/**
 * Neutral names for the files of one pick, in order: photo.jpg, photo-2.jpg,
 * video.mp4… (counted per kind of file; the core says what each is called).
 */
async function answerNames(port, data) {
  try {
    await coreReady;
    const media = new Map(formats().map((f) => [f.name, f.media]));
    const counts = new Map();
    const names = data.formats.map((format) => {
      const kind = media.get(format) || 'other';
      const n = (counts.get(kind) || 0) + 1;
      counts.set(kind, n);
      return neutralName(format, n);
    });
    port.postMessage({ type: 'names', id: data.id, names });
  } catch (e) {
    port.postMessage({ type: 'failed', id: data.id, error: errorOf(e) });
  }
}

window.addEventListener('message', (event) => {
  if (event.source !== window.parent || !event.data || event.data.silbato !== token || !token || !event.ports[0]) return;
  const port = event.ports[0];
  port.onmessage = async ({ data }) => {
    if (!isMessage('cleaner', data)) return;
    if (data.type === 'ping') return port.postMessage({ type: 'pong' });
    if (data.type === 'names') return answerNames(port, data);
    if (data.type === 'plan') return answerPlan(port, data);
    try {
      const answer = await faceWork(data);
      port.postMessage(answer, answer.bytes ? [answer.bytes.buffer] : []);
    } catch (e) {
      port.postMessage({ type: 'failed', id: data.id, error: errorOf(e) });
    }
  };
  port.postMessage({ type: 'hello' });
});
