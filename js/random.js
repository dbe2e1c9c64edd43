// A random identifier (128 bits, hex). crypto.randomUUID exists only in
// secure contexts; pages served over plain http, and data: frames, are not,
// and the content scripts run there too.
export function randomId() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
