// The browser extension's own API, for every extension context: the
// `browser` (Firefox) or `chrome` (Chromium) namespace, text from _locales,
// and the language the browser chose for it (so the core's sentences match
// the words around them).

export const api = globalThis.browser ?? globalThis.chrome;

/** The message `key` from _locales, with `$1`… replaced by `subs`. */
export const t = (key, subs) => api.i18n.getMessage(key, subs) || key;

/** 'es' or 'en': the language of the messages the browser chose for us. */
export const lang = t('lang') === 'es' ? 'es' : 'en';
