// The settings, kept in storage.local on this device only (never sync): what
// they are, their defaults, and how every context reads and follows them.
import { api } from '../js/ext.js';

/** Every setting and its default. */
export const DEFAULTS = Object.freeze({
  /** 'auto': clean and attach; 'ask': ask first. */
  mode: 'auto',
  /** Per site (host and its subdomains): 'auto' or 'ask', overriding `mode`. */
  sites: {},
  /** Look for faces in photos attached through a file input. */
  faceChecks: true,
  /** Keep files' own names (they often say when the photo was taken); off: neutral names. */
  keepNames: false,
  /** Check what is typed into text fields. */
  typingChecks: true,
  /** Clean a share link as it is pasted. */
  pasteClean: true,
  /** Clean a share link as it is copied from a page. */
  copyClean: true,
  /** Names, places and numbers that must never be published. */
  neverPublish: [],
});

/** As the core reads the never-publish list (src/text/fold.rs): at most 500 entries of 200 bytes. */
export const MAX_NEVER_ENTRIES = 500;
export const MAX_NEVER_ENTRY = 200;

const VALID = {
  mode: (v) => v === 'auto' || v === 'ask',
  sites: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  faceChecks: (v) => typeof v === 'boolean',
  keepNames: (v) => typeof v === 'boolean',
  typingChecks: (v) => typeof v === 'boolean',
  pasteClean: (v) => typeof v === 'boolean',
  copyClean: (v) => typeof v === 'boolean',
  neverPublish: (v) => Array.isArray(v),
};

/** `stored` with anything missing or malformed replaced by its default. */
export function withDefaults(stored) {
  const out = {};
  for (const [key, value] of Object.entries(DEFAULTS)) out[key] = stored && VALID[key](stored[key]) ? stored[key] : value;
  out.neverPublish = out.neverPublish.map(String);
  return out;
}

/**
 * Settings as they are now, kept current: `settings` is filled in when the
 * stored values arrive (`loaded` resolves then) and changes with them;
 * `onChange(settings, changedKeys)` is told of every change.
 */
export function watchSettings(onChange = () => {}) {
  const settings = { ...DEFAULTS };
  const loaded = Promise.resolve(api.storage.local.get(Object.keys(DEFAULTS)))
    .then((v) => Object.assign(settings, withDefaults(v)))
    .catch(() => settings);
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    const keys = Object.keys(changes).filter((k) => Object.hasOwn(DEFAULTS, k));
    if (!keys.length) return;
    const next = withDefaults({ ...settings, ...Object.fromEntries(keys.map((k) => [k, changes[k].newValue])) });
    Object.assign(settings, next);
    onChange(settings, keys);
  });
  return { settings, loaded };
}

/** The mode for `hostname`: its own, or its nearest parent's, or the global one. */
export function modeFor(settings, hostname) {
  let host = hostname || '';
  while (host) {
    const m = settings.sites[host];
    if (m === 'auto' || m === 'ask') return m;
    const dot = host.indexOf('.');
    if (dot < 0) break;
    host = host.slice(dot + 1);
  }
  return settings.mode;
}
