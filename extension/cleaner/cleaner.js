// The cleaner frame: an extension page, hidden inside the upload guard's
// closed shadow root, where WebAssembly may run whatever the page's own
// content security policy says. The guard posts it File objects (references,
// not copies); it reads only the ranges the core asks for and answers with
// the edit plan (ranges to keep, a few new bytes, zeros) and what was
// removed. The cleaned file is then assembled in the page from slices of the
// original, so a 2 GB video crosses nothing but a few kilobytes.
//
// Protocol, on a MessagePort handed over with the token from our URL:
//   request  { type: 'plan', id, file, lang }
//   answer   { type: 'planned', id, format, mime, outputLength, ops, removed, placesPending }
//          | { type: 'failed', id, error: { kind, message } }
//   later    { type: 'places', id, places: [[index, "about 2 km from Minneapolis"], …] }
//   request  { type: 'faces', id, file }   (after the file was handed over)
//   answer   { type: 'faces', id, found: { width, height, faces, covering } } | failed
//   request  { type: 'cover', id, file, regions, style }   (regions from the editor)
//   answer   { type: 'covered', id, bytes, format, covered } | failed
//            the faces package and model load on the first such request only
//   ops: [0, start, end] copy | [1, Uint8Array] insert | [2, length] zeros
// The answer does not wait for the 3 MB gazetteer: the file is handed to
// the page first, and town names follow for the notice.
import init, * as core from '../core/silbato.js';
import { planFile } from '../core/plan.js';
import { answerFaces, fetchBytes, lazyFaces } from '../core/faces.js';

/** Photos are read whole to be cleaned; beyond this, refuse (videos are read by range). */
const MAX_PHOTO = 256 * 1024 * 1024;
const token = location.hash.slice(1);

const wasmReady = init({ module_or_path: new URL('../core/silbato_bg.wasm', import.meta.url) });
let gazetteer = null;
function loadGazetteer() {
  gazetteer ??= wasmReady
    .then(() => fetch(new URL('../core/gazetteer.bin', import.meta.url)))
    .then((r) => r.arrayBuffer())
    .then((b) => core.setGazetteer(new Uint8Array(b)));
  return gazetteer;
}
// Load it while the page is idle, after the core itself.
wasmReady.then(() => setTimeout(loadGazetteer, 50));

const loadFaces = lazyFaces(
  () => new URL('../core/silbato_faces_bg.wasm', import.meta.url),
  () => fetchBytes(new URL('../core/face-model.bin', import.meta.url)),
  () => fetchBytes(new URL('../core/blazeface.onnx', import.meta.url)),
);

function isRequest(m) {
  if (!m || !Number.isInteger(m.id) || !(m.file instanceof Blob)) return false;
  if (m.type === 'cover') return Array.isArray(m.regions) && (m.style === 'fill' || m.style === 'pixelate');
  return (m.type === 'plan' && typeof m.lang === 'string') || m.type === 'faces';
}

/** The answer to a 'faces' or 'cover' request. */
async function faceWork(data) {
  if (data.file.size > MAX_PHOTO) throw new Error(`limit_exceeded: a photo of ${data.file.size} bytes`);
  if (data.type === 'faces') return { type: 'faces', id: data.id, found: await answerFaces(loadFaces, { type: 'detect', file: data.file }) };
  const { output, info } = await answerFaces(loadFaces, data);
  return { type: 'covered', id: data.id, bytes: output, format: info.format, covered: info.covered };
}

function errorOf(e) {
  const text = String(e && e.message ? e.message : e);
  const match = /^([a-z_]+): ([\s\S]*)$/.exec(text);
  return match ? { kind: match[1], message: match[2] } : { kind: 'unknown', message: text };
}

const isPosition = (f) => f.category === 'location' && /^-?\d+\.\d+, -?\d+\.\d+$/.test(f.value);

async function plan(file, lang) {
  await wasmReady;
  const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
  const format = core.sniff(head);
  const iso = ['heic', 'avif', 'mp4', 'mov', '3gp'].includes(format);
  if (format && !iso && file.size > MAX_PHOTO) {
    throw new Error(`limit_exceeded: a photo of ${file.size} bytes`);
  }
  const p = await planFile(core, file, lang);
  try {
    const ops = [];
    for (let i = 0; i < p.opCount; i++) {
      const kind = p.opKind(i);
      if (kind === 0) ops.push([0, p.copyStart(i), p.copyEnd(i)]);
      else if (kind === 1) ops.push([1, p.insertBytes(i)]);
      else ops.push([2, p.zerosLength(i)]);
    }
    const removed = JSON.parse(p.removedJson());
    return { format: p.format, mime: p.mimeType, outputLength: p.outputLength, ops, removed: removed.findings };
  } finally {
    p.free();
  }
}

window.addEventListener('message', (event) => {
  if (event.source !== window.parent || !event.data || event.data.silbato !== token || !token || !event.ports[0]) return;
  const port = event.ports[0];
  port.onmessage = async ({ data }) => {
    if (!isRequest(data)) return;
    if (data.type === 'faces' || data.type === 'cover') {
      try {
        const answer = await faceWork(data);
        port.postMessage(answer, answer.bytes ? [answer.bytes.buffer] : []);
      } catch (e) {
        port.postMessage({ type: 'failed', id: data.id, error: errorOf(e) });
      }
      return;
    }
    let answer;
    try {
      answer = await plan(data.file, data.lang);
    } catch (e) {
      port.postMessage({ type: 'failed', id: data.id, error: errorOf(e) });
      return;
    }
    const unnamed = answer.removed.map((f, i) => [f, i]).filter(([f]) => isPosition(f) && !f.place);
    port.postMessage({ type: 'planned', id: data.id, ...answer, placesPending: unnamed.length > 0 });
    if (unnamed.length) {
      try {
        await loadGazetteer();
      } catch {
        // Without the table the notice gives no town; nothing else depends on it.
      }
      const places = unnamed.map(([f, i]) => [i, core.placeNear(f.value, data.lang)]).filter(([, p]) => p);
      port.postMessage({ type: 'places', id: data.id, places });
    }
  };
  port.postMessage({ type: 'hello' });
});
