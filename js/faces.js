// The door to the faces package (the core built with face detection and
// covering, dist/pkg/silbato_faces.js: the only file that touches it) and its
// two models, started once and only when someone asks for faces: about
// 1.5 MB of wasm, 1.2 MB (SeetaFace) and 0.6 MB (BlazeFace) of models that
// nothing else needs. Answers are plain objects; failures are thrown as the
// core's ErrorReport (see js/core.js).
//
// Two ways to run it with the same answers: in a module worker (the
// installable page: the page stays responsive while a photo is searched),
// or on the calling thread (the single file, the extension's cleaner frame).
//   detect(file, progress?)      → { width, height, faces, covering }
//     The search runs in passes (the whole photo scaled down, which finds the
//     larger faces in a fraction of a second, then tiles for small faces,
//     then BlazeFace's rows of squares for masked ones);
//     after each pass but the last, progress({ done, of, found }) gets the
//     faces found so far.
//   crowd(file)                  → the same, from the crowd passes alone (faces of 24 to
//     about 90 px: a video frame at full size, whose larger faces `detect` on it scaled down finds)
//   cover(file, regions, style)  → { output: Uint8Array, info: { format, width, height, covered } }
//   close()                      (in a worker only) stops the worker.

import * as facesPackage from '../dist/pkg/silbato_faces.js';
import { asSilbatoError, SilbatoError } from './errors.js';
import { isMessage } from './messages.js';

/**
 * `wasm()`, `model()` and `blazeface()` give the package's wasm (URL or
 * bytes) and the two models' bytes (SeetaFace's, then BlazeFace's, which
 * finds masked faces too).
 */
export function lazyFaces(wasm, model, blazeface) {
  let ready = null;
  return () => {
    ready ??= (async () => {
      const mod = facesPackage;
      await mod.default({ module_or_path: await wasm() });
      const [seeta, blaze] = await Promise.all([model(), blazeface()]);
      mod.setFaceModel(seeta);
      mod.setBlazeFaceModel(blaze);
      return mod;
    })();
    ready.catch(() => {
      ready = null;
    });
    return ready;
  };
}

/** The model's bytes from a URL of this extension or page. */
export async function fetchBytes(url) {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

/** Cover `regions` of a photo's bytes with the loaded package (fresh noise each time). */
export function coverWith(faces, bytes, regions, style) {
  const seed = crypto.getRandomValues(new BigUint64Array(1))[0];
  return faces.redactRegions(bytes, regions, style, seed);
}

/** Every pass of a search, yielding to the thread's other work between passes. */
async function search(faces, bytes, progress, crowdOnly = false) {
  const search = crowdOnly ? faces.FaceSearch.crowd(bytes) : new faces.FaceSearch(bytes);
  try {
    while (search.runNext()) {
      progress?.({ done: search.done, of: search.passes, found: search.found });
      await new Promise((resolve) => setTimeout(resolve));
    }
    return search.found;
  } finally {
    search.free();
  }
}

/** One request of the protocol above, answered with the package `load()` gives. */
export async function answerFaces(load, request, progress) {
  try {
    const faces = await load();
    const bytes = new Uint8Array(await request.file.arrayBuffer());
    if (request.type === 'detect' || request.type === 'crowd') return await search(faces, bytes, progress, request.type === 'crowd');
    return coverWith(faces, bytes, request.regions, request.style);
  } catch (e) {
    throw asSilbatoError(e);
  }
}

/** The protocol on this thread. */
export function facesHere(load) {
  return {
    detect: (file, progress) => answerFaces(load, { type: 'detect', file }, progress),
    crowd: (file) => answerFaces(load, { type: 'crowd', file }),
    cover: (file, regions, style) => answerFaces(load, { type: 'cover', file, regions, style }),
  };
}

/**
 * The worker's side of `facesInWorker` (www/faces-worker.js, the extension's
 * editor/faces-worker.js): answers requests on this worker, loading the
 * package and models from `core(name)`, a URL beside the worker's own files.
 * js/messages.js, channel `worker`, has the messages.
 */
export function serveInWorker(core) {
  const load = lazyFaces(
    () => core('silbato_faces_bg.wasm'),
    () => fetchBytes(core('face-model.bin')),
    () => fetchBytes(core('blazeface.onnx')),
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
}

/** The protocol in a module worker running faces-worker.js. */
export function facesInWorker(url) {
  const worker = new Worker(url, { type: 'module' });
  const waiting = new Map();
  let next = 1;
  worker.onmessage = ({ data }) => {
    const w = waiting.get(data.id);
    if (!w) return;
    if (data.progress) return w.progress?.(data.progress);
    waiting.delete(data.id);
    if (data.error) w.reject(asSilbatoError(data.error));
    else w.resolve(data.answer);
  };
  worker.onerror = (e) => {
    for (const w of waiting.values()) w.reject(new SilbatoError({ kind: 'unknown', message: e.message || 'the faces worker stopped' }));
    waiting.clear();
  };
  const ask = (request, progress) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject, progress });
      worker.postMessage({ id, ...request });
    });
  return {
    detect: (file, progress) => ask({ type: 'detect', file }, progress),
    crowd: (file) => ask({ type: 'crowd', file }),
    cover: (file, regions, style) => ask({ type: 'cover', file, regions, style }),
    /** Stop the worker and give its memory back (the faces package's wasm memory never shrinks). */
    close: () => {
      worker.terminate();
      for (const w of waiting.values()) w.reject(new DOMException('cancelled', 'AbortError'));
      waiting.clear();
    },
  };
}
