// Applies a Silbato edit plan in JavaScript. The plan says which byte ranges
// of the original to keep and which new bytes to insert; the original is
// never copied whole: a Blob of File.slice() parts references it.

/** The cleaned file as a Blob built from slices of `original` (a Blob or File). */
export function planToBlob(plan, original) {
  const parts = [];
  for (let i = 0; i < plan.opCount; i++) {
    parts.push(plan.isCopy(i) ? original.slice(plan.copyStart(i), plan.copyEnd(i)) : plan.insertBytes(i));
  }
  return new Blob(parts, { type: plan.mimeType });
}

/** The cleaned file as bytes, from the original's bytes (a Uint8Array). */
export function planToBytes(plan, original) {
  const out = new Uint8Array(plan.outputLength);
  let at = 0;
  for (let i = 0; i < plan.opCount; i++) {
    const part = plan.isCopy(i) ? original.subarray(plan.copyStart(i), plan.copyEnd(i)) : plan.insertBytes(i);
    out.set(part, at);
    at += part.length;
  }
  if (at !== out.length) throw new Error(`plan wrote ${at} bytes, expected ${out.length}`);
  return out;
}
