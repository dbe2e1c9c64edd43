// Applies a Silbato edit plan in JavaScript. The plan says which byte ranges
// of the original to keep, which new bytes to insert and where to write
// zeros; the original is never copied whole: a Blob of File.slice() parts
// references it, so a 2 GB video costs a few kilobytes of memory.

const COPY = 0;
const INSERT = 1;
const ZEROS = 2;
const ZERO_CHUNK = new Uint8Array(1 << 20);

function kind(plan, i) {
  return typeof plan.opKind === 'function' ? plan.opKind(i) : plan.isCopy(i) ? COPY : INSERT;
}

/** The cleaned file as a Blob built from slices of `original` (a Blob or File). */
export function planToBlob(plan, original) {
  const parts = [];
  for (let i = 0; i < plan.opCount; i++) {
    switch (kind(plan, i)) {
      case COPY:
        parts.push(original.slice(plan.copyStart(i), plan.copyEnd(i)));
        break;
      case INSERT:
        parts.push(plan.insertBytes(i));
        break;
      case ZEROS:
        // The same zero buffer, referenced as many times as needed.
        for (let left = plan.zerosLength(i); left > 0; left -= ZERO_CHUNK.length) {
          parts.push(left >= ZERO_CHUNK.length ? ZERO_CHUNK : ZERO_CHUNK.subarray(0, left));
        }
        break;
    }
  }
  return new Blob(parts, { type: plan.mimeType });
}

/** The cleaned file as bytes, from the original's bytes (a Uint8Array). */
export function planToBytes(plan, original) {
  const out = new Uint8Array(plan.outputLength);
  let at = 0;
  for (let i = 0; i < plan.opCount; i++) {
    switch (kind(plan, i)) {
      case COPY: {
        const part = original.subarray(plan.copyStart(i), plan.copyEnd(i));
        out.set(part, at);
        at += part.length;
        break;
      }
      case INSERT: {
        const part = plan.insertBytes(i);
        out.set(part, at);
        at += part.length;
        break;
      }
      case ZEROS:
        at += plan.zerosLength(i); // a new Uint8Array is already zero
        break;
    }
  }
  if (at !== out.length) throw new Error(`plan wrote ${at} bytes, expected ${out.length}`);
  return out;
}

/**
 * Plan the cleaning of a File or Blob of any size, reading only the ranges
 * the core asks for (a video's box headers and moov, never its media data).
 * `wasm` is the initialised module; resolves to a Plan, rejects with the
 * core's error.
 */
export async function planFile(wasm, file, lang = 'en', maxReads = 100000) {
  const source = new wasm.FileSource(file.size);
  try {
    for (let i = 0; i < maxReads; i++) {
      const plan = source.planClean(lang);
      if (plan) return plan;
      const start = source.needStart;
      const bytes = new Uint8Array(await file.slice(start, start + source.needLength).arrayBuffer());
      source.add(start, bytes);
    }
    throw new Error('the file asked for too many separate reads');
  } finally {
    source.free();
  }
}

/** What a File or Blob reveals, read the same way; resolves to the report object. */
export async function inspectFile(wasm, file, lang = 'en', quick = false, maxReads = 100000) {
  const source = new wasm.FileSource(file.size);
  try {
    for (let i = 0; i < maxReads; i++) {
      const json = source.inspect(lang, quick);
      if (json !== undefined) return JSON.parse(json);
      const start = source.needStart;
      source.add(start, new Uint8Array(await file.slice(start, start + source.needLength).arrayBuffer()));
    }
    throw new Error('the file asked for too many separate reads');
  } finally {
    source.free();
  }
}
