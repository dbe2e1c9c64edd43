// The one door to the core: the only file that touches the wasm package
// built from src/ (dist/pkg/silbato.js; the faces package has its own door,
// js/faces.js). Answers are the core's own types (src/report.rs, src/url,
// src/text, src/trackers.rs) as plain objects; failures are thrown as a
// SilbatoError carrying the core's ErrorReport: { kind, format, offset,
// message }. Nothing here parses a string.
//
// Files are read by range (the core's `Source` protocol): the core says
// which bytes it needs, this reads them with File.slice(), and asks again;
// a video's media data is never read.
import init, * as wasm from '../dist/pkg/silbato.js';

import { asSilbatoError, SilbatoError } from './errors.js';

export { asSilbatoError, SilbatoError } from './errors.js';
export { planToBlob, planToBytes, planToFile } from './plan.js';

function call(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    throw asSilbatoError(e);
  }
}

let ready = null;

/** Start the core once; `module` is the wasm: a URL, a Response or its bytes. */
export function loadCore(module) {
  ready ??= init({ module_or_path: module });
  return ready;
}

/** Start the core from its bytes, at once (Node, tests). */
export function loadCoreSync(bytes) {
  wasm.initSync({ module: bytes });
  ready = Promise.resolve();
}

// ---- What the core knows, so that nothing is written twice ----

/** The formats Silbato reads: [{ name, display, mime, extensions, media }]. */
export const formats = () => call(wasm.formats);
/** The categories of findings, worst first: [{ name, blocking }]. */
export const categories = () => call(wasm.categories);
/** Size limits in bytes: { inMemory, read }. */
export const limits = () => call(wasm.limits);

// ---- Files ----

/** The format from a file's first bytes (`jpeg`, `mp4`…), or undefined. */
export const sniff = (head) => wasm.sniff(head);
/** Load the town table (gazetteer.bin); false if the bytes are not one. */
export const setGazetteer = (bytes) => wasm.setGazetteer(bytes);
/** "about 2 km from Minneapolis", once the town table is loaded. */
export const placeNear = (lat, lon, lang) => wasm.placeNear(lat, lon, lang);
/** CRC-32 of `bytes`, continuing from `previous`. */
export const crc32 = (previous, bytes) => wasm.crc32(previous, bytes);
/** What bytes in memory reveal: a Report. */
export const inspectBytes = (bytes, lang, quick = false) => call(wasm.inspect, bytes, lang, quick);
/** A verified plan for bytes in memory: a PlanReport. */
export const planBytes = (bytes, lang) => call(wasm.planClean, bytes, lang);
/** Bytes cleaned in memory: { format, output, removed }. */
export const cleanBytes = (bytes, lang) => call(wasm.clean, bytes, lang);

/** Run `ask(source)` until it answers, loading the ranges it asks for from `file`. */
async function byRange(file, ask, maxReads) {
  const source = new wasm.FileSource(file.size);
  try {
    for (let i = 0; i < maxReads; i++) {
      const answer = call(ask, source);
      if (answer !== undefined) return answer;
      const start = source.needStart;
      source.add(start, new Uint8Array(await file.slice(start, start + source.needLength).arrayBuffer()));
    }
    throw new SilbatoError({ kind: 'limit_exceeded', message: 'the file asked for too many separate reads' });
  } finally {
    source.free();
  }
}

/**
 * A verified plan for a File or Blob of any size (a PlanReport), reading
 * only the ranges the core asks for: a video's box headers and moov, never
 * its media data.
 */
export function planFile(file, lang = 'en', maxReads = 100000) {
  return byRange(file, (s) => s.planClean(lang), maxReads);
}

/** What a File or Blob reveals (a Report), read the same way. */
export function inspectFile(file, lang = 'en', quick = false, maxReads = 100000) {
  return byRange(file, (s) => s.inspect(lang, quick), maxReads);
}

// ---- File names ----

/** What a file's name reveals: Finding[] (date and time to the second, the app, a person's name or a street). */
export const inspectName = (name, lang = 'en') => call(wasm.inspectName, name, lang);
/** The neutral name of the index-th cleaned file of a format ('jpeg', 'mp4'…): 'photo.jpg', 'photo-2.jpg', 'video.mp4'. */
export const neutralName = (format, index = 1) => call(wasm.neutralName, format, index);

// ---- Links, text, trackers ----

/** One share link cleaned: a LinkReport { input, output, removed, unwrapped, warnings }. */
export const cleanLink = (url, lang) => call(wasm.cleanLink, url, lang);
/** What a post would reveal: { findings } with UTF-16 offsets. */
export const scanText = (text, lang) => call(wasm.scanText, text, lang);
/** The person's never-publish list, kept in this memory only; how many entries are used. */
export const setNeverPublish = (entries) => wasm.setNeverPublish(entries);
/** Load the tracker table (trackers.bin or trackers.json bytes); how many domains it lists. */
export const setTrackers = (bytes) => call(wasm.setTrackers, bytes);
/** The binary form of a tracker table given as JSON bytes (what js/tracker-table.js reads). */
export const trackerTableBytes = (json) => call(wasm.trackerTableBytes, json);
/** Who is behind each host: [null | { domain, tracker, category, category_name, company, country }]. */
export const matchHosts = (hosts) => call(wasm.matchHosts, hosts);
