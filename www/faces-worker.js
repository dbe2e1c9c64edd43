// The offline page's faces worker: finds and covers faces off the page's
// main thread (js/faces.js has the protocol; js/messages.js, channel
// `worker`, the messages). Nothing here touches the network but the page's
// own files.
import { answerFaces, fetchBytes, lazyFaces } from '../js/faces.js';
import { asSilbatoError } from '../js/errors.js';
import { isMessage } from '../js/messages.js';

const load = lazyFaces(
  () => new URL('./core/silbato_faces_bg.wasm', import.meta.url),
  () => fetchBytes(new URL('./core/face-model.bin', import.meta.url)),
  () => fetchBytes(new URL('./core/blazeface.onnx', import.meta.url)),
);

self.onmessage = async ({ data }) => {
  if (!isMessage('worker', data)) return;
  try {
    const answer = await answerFaces(load, data, (progress) => self.postMessage({ id: data.id, progress }));
    self.postMessage({ id: data.id, answer }, answer.output ? [answer.output.buffer] : []);
  } catch (e) {
    self.postMessage({ id: data.id, error: asSilbatoError(e).toReport() });
  }
};
