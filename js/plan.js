// Applies a Silbato edit plan (the core's PlanReport, src/report.rs) in
// JavaScript. The plan says which byte ranges of the original to keep,
// which new bytes to insert and where to write zeros; the original is never
// copied whole: a Blob of File.slice() parts references it, so a 2 GB video
// costs a few kilobytes of memory. Pure: no wasm, no browser API beyond
// Blob, so the content scripts use it without loading the core.
//
// A plan: { format, mime, outputLength, ops, removed }, where each op is
// { copy: { start, end } } | { insert: Uint8Array } | { zeros: length }.

const ZERO_CHUNK = new Uint8Array(1 << 20);

/** The same zero buffer, referenced as many times as `n` bytes need. */
function zeros(n) {
  const parts = [];
  for (let left = n; left > 0; left -= ZERO_CHUNK.length) parts.push(left >= ZERO_CHUNK.length ? ZERO_CHUNK : ZERO_CHUNK.subarray(0, left));
  return parts;
}

/** The parts of the cleaned file: slices of `original`, new bytes, zeros. */
function parts(plan, original) {
  const out = [];
  for (const op of plan.ops) {
    if (op.copy) out.push(original.slice(op.copy.start, op.copy.end));
    else if (op.insert) out.push(op.insert);
    else if (op.zeros !== undefined) out.push(...zeros(op.zeros));
  }
  return out;
}

/** The cleaned file as a Blob built from slices of `original` (a Blob or File). */
export function planToBlob(plan, original) {
  return new Blob(parts(plan, original), { type: plan.mime });
}

/**
 * The cleaned file as a File named `name`. Its date is now: nothing of the
 * original's own date goes with it.
 */
export function planToFile(plan, original, name) {
  return new File(parts(plan, original), name, { type: plan.mime || original.type, lastModified: Date.now() });
}

/** The cleaned file as bytes, from the original's bytes (a Uint8Array). */
export function planToBytes(plan, original) {
  const out = new Uint8Array(plan.outputLength);
  let at = 0;
  for (const op of plan.ops) {
    if (op.copy) {
      const part = original.subarray(op.copy.start, op.copy.end);
      out.set(part, at);
      at += part.length;
    } else if (op.insert) {
      out.set(op.insert, at);
      at += op.insert.length;
    } else if (op.zeros !== undefined) {
      at += op.zeros; // a new Uint8Array is already zero
    }
  }
  if (at !== out.length) throw new Error(`plan wrote ${at} bytes, expected ${out.length}`);
  return out;
}
