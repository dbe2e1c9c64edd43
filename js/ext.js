// The browser extension's own API, for every extension context: the
// `browser` (Firefox) or `chrome` (Chromium) namespace, text from the
// message files (locales/, shipped as _locales/), and the language the
// browser chose for it (so the core's sentences match the words around them).
import { pluralizer } from './i18n.js';

export const api = globalThis.browser ?? globalThis.chrome;

/** The message `key`, with `$1`… replaced by `subs`. */
export const t = (key, subs) => api.i18n.getMessage(key, subs) || key;

/** 'es' or 'en': the language of the messages the browser chose for us. */
export const lang = t('lang') === 'es' ? 'es' : 'en';

/** The message `key_<plural category>` for the count `n` (see js/i18n.js). */
export const plural = pluralizer(t, lang);

/**
 * The origin our own pages run at. A page is shown through a URL from
 * `runtime.getURL`, which in Chromium (web-accessible resources with
 * `use_dynamic_url`) is a per-session address the page cannot guess, but the
 * frame it opens runs at the extension's own origin: messages to it must name
 * that origin, never "*".
 */
export function ownOrigin() {
  if (api.runtime.dynamicId) return `chrome-extension://${api.runtime.id}`;
  return new URL(api.runtime.getURL('')).origin;
}

/**
 * Is this document sandboxed without `allow-same-origin` (an opaque origin
 * that is not a plain `data:` document's)? An extension page framed there
 * inherits the sandbox, and Chromium kills the whole page's renderer as it
 * loads (attack 56's sandboxsrcdoc: a person's drop, or a click on a file
 * input, crashed the tab). No frame of ours is made in such a document: the
 * guard says it cannot check files there instead.
 */
export function sandboxedHere() {
  if (globalThis.origin !== 'null') return false;
  if (location.protocol !== 'data:') return true;
  // A data: document has an opaque origin of its own; one in a sandbox says so when its cookie is read.
  try {
    void document.cookie;
    return false;
  } catch (e) {
    return /sandbox/i.test(String(e && e.message));
  }
}
