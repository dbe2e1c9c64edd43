// The core's errors in JavaScript: what the wasm packages throw is the
// core's ErrorReport ({ kind, format, offset, message }, src/report.rs);
// callers get it as a SilbatoError and decide what to say by `kind`.

/** An error of the core: `kind` is one of the ErrorKind names in src/error.rs, or 'unknown'. */
export class SilbatoError extends Error {
  constructor({ kind, format, offset, message }) {
    super(message);
    this.name = 'SilbatoError';
    this.kind = kind;
    this.format = format ?? null;
    this.offset = offset ?? null;
  }

  /** The plain ErrorReport, to post to another context. */
  toReport() {
    return { kind: this.kind, format: this.format, offset: this.offset, message: this.message };
  }
}

/** Whatever was thrown, as a SilbatoError. */
export function asSilbatoError(e) {
  if (e instanceof SilbatoError) return e;
  if (e && typeof e === 'object' && typeof e.kind === 'string' && typeof e.message === 'string') return new SilbatoError(e);
  return new SilbatoError({ kind: 'unknown', message: String(e && e.message ? e.message : e) });
}
