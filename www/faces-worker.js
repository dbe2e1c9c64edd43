// The offline page's faces worker: finds and covers faces off the page's
// main thread (js/faces.js has the protocol). Nothing here touches the network
// but the page's own files.
import { answerFaces, fetchBytes, lazyFaces } from './core/faces.js';

const load = lazyFaces(
  () => new URL('./core/silbato_faces_bg.wasm', import.meta.url),
  () => fetchBytes(new URL('./core/face-model.bin', import.meta.url)),
  () => fetchBytes(new URL('./core/blazeface.onnx', import.meta.url)),
);

self.onmessage = async ({ data }) => {
  try {
    const answer = await answerFaces(load, data, (progress) => self.postMessage({ id: data.id, progress }));
    self.postMessage({ id: data.id, answer }, answer.output ? [answer.output.buffer] : []);
  } catch (e) {
    self.postMessage({ id: data.id, error: String(e && e.message ? e.message : e) });
  }
};
