// The faces package (the core built with face detection and covering) and
// its model, started once and only when someone asks for faces: it is about
// 1.4 MB of wasm and 1.2 MB of model that nothing else needs. Copied next to
// silbato_faces.js (core/) by the builds of the page and the extension.

/** `wasm()` and `model()` give the package's wasm (URL or bytes) and the model's bytes. */
export function lazyFaces(wasm, model) {
  let ready = null;
  return () => {
    ready ??= (async () => {
      const mod = await import('./silbato_faces.js');
      await mod.default({ module_or_path: await wasm() });
      mod.setFaceModel(await model());
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
