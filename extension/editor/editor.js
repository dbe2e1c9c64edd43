// The face editor as an extension page: the upload guard shows it full-screen
// in a frame inside a closed shadow root when someone chooses "Cover faces".
// It gets the original photo and the faces found over a MessagePort handed
// over with the token in our URL, lets the person check and edit the boxes
// (js/face-editor.js), covers them with the core, and sends back the new
// photo's bytes. The page sees nothing of this; it only gets the new file.
//
// Protocol:
//   request  { type: 'edit', file, found, name }
//   answer   { type: 'covered', bytes, format, covered } | { type: 'cancelled' }
//          | { type: 'failed', error: { kind, message } }
import { editFaces } from '../core/face-editor.js';
import { fetchBytes, lazyFaces } from '../core/faces.js';

const api = globalThis.browser ?? globalThis.chrome;
const token = location.hash.slice(1);
const m = (key, subs) => api.i18n.getMessage(key, subs) || key;
document.documentElement.lang = m('lang') === 'es' ? 'es' : 'en';
const loadFaces = lazyFaces(() => new URL('../core/silbato_faces_bg.wasm', import.meta.url), () => fetchBytes(new URL('../core/face-model.bin', import.meta.url)));
loadFaces().catch(() => {});

const words = {
  title: m('editorTitle'),
  hint: m('editorHint'),
  photo: m('editorPhoto'),
  addBox: m('editorAddBox'),
  paint: m('editorPaint'),
  style: m('editorStyle'),
  fill: m('editorFill'),
  pixelate: m('editorPixelate'),
  save: m('editorSave'),
  cancel: m('editorCancel'),
  why: m('editorWhy'),
  box: (i, n) => m('editorBox', [String(i), String(n)]),
  count: (n, painted) => m(painted ? 'editorCountPainted' : 'editorCount', [String(n)]),
};

function errorOf(e) {
  const text = String(e && e.message ? e.message : e);
  const match = /^([a-z_]+): ([\s\S]*)$/.exec(text);
  return match ? { kind: match[1], message: match[2] } : { kind: 'unknown', message: text };
}

async function edit(file, found) {
  const answer = await editFaces({ file, found, t: words });
  // Nothing left to cover (every box removed): the attached file stays as it is.
  if (!answer || !answer.regions.length) return { type: 'cancelled' };
  const faces = await loadFaces();
  const seed = crypto.getRandomValues(new BigUint64Array(1))[0];
  const done = faces.redactRegions(new Uint8Array(await file.arrayBuffer()), JSON.stringify(answer.regions), answer.style, seed);
  const info = JSON.parse(done.json);
  const bytes = done.takeOutput();
  done.free();
  return { type: 'covered', bytes, format: info.format, covered: info.covered };
}

window.addEventListener('message', (event) => {
  if (event.source !== window.parent || !event.data || event.data.silbato !== token || !token || !event.ports[0]) return;
  const port = event.ports[0];
  port.onmessage = async ({ data }) => {
    if (!data || data.type !== 'edit' || !(data.file instanceof Blob) || !data.found || !Array.isArray(data.found.covering)) return;
    let answer;
    try {
      answer = await edit(data.file, data.found);
    } catch (e) {
      answer = { type: 'failed', error: errorOf(e) };
    }
    port.postMessage(answer, answer.bytes ? [answer.bytes.buffer] : []);
  };
  port.postMessage({ type: 'hello' });
});
