// The content scripts' side of the cleaner frame: an extension page hidden
// inside the notice's closed shadow root, where WebAssembly may run whatever
// the page's own content security policy says. Files cross to it as File
// references over a MessagePort (unforgeable: the port is handed over with
// a random token in the frame's URL); plans come back. The messages are in
// js/messages.js (channels `cleaner` and `cleanerAnswer`).
//
// A page can remove the frame, or navigate it away: every request has a
// timeout, the frame is pinged while requests wait, and a frame that stops
// answering is dropped and built again for the next request. Requests in
// flight then fail; the guard leaves their files out, never hands them over.
import { html } from '../../js/dom.js';
import { randomId } from '../../js/random.js';
import { api, lang, ownOrigin, sandboxedHere } from '../../js/ext.js';
import { isMessage } from '../../js/messages.js';
import { ui } from './notice.js';

/** How long each kind of request may take (a 12 MP photo plans in well under a second; faces take seconds). */
export const TIMEOUT_MS = { plan: 60_000, names: 10_000, faces: 180_000, cover: 180_000 };
/** The frame must start within START_MS; while requests wait it is pinged every PING_MS and dropped after DEAD_MS of silence (its longest single step, planning a 256 MB photo, takes a few seconds). */
const START_MS = 20_000;
const PING_MS = 2_000;
const DEAD_MS = 10_000;
/** A frame reloaded more often than this is given up on. */
const MAX_RELOADS = 8;

/** After the frame was reloaded: the requests still waiting, again, on the new port. */
function resend(f) {
  f.lastPong = performance.now();
  for (const [id, w] of waiting) if (w.message) f.port.postMessage({ ...w.message, id });
}

let frame = null; // { iframe, port, ready, lastPong }
let nextId = 1;
const waiting = new Map();

function dead(why) {
  if (!frame) return;
  const { iframe } = frame;
  frame = null;
  iframe.remove();
  for (const [id, w] of waiting) {
    waiting.delete(id);
    w.reject({ kind: 'unknown', message: why });
  }
}

function onAnswer(f, { data: raw }) {
  // A copy in this script's own realm: Firefox hands messages over as
  // objects of the page's realm, which the content script may not extend.
  const data = raw && typeof raw === 'object' ? structuredClone(raw) : null;
  if (!isMessage('cleanerAnswer', data)) return;
  f.lastPong = performance.now();
  if (data.type === 'hello') return f.hello();
  if (data.type === 'pong') return;
  const w = waiting.get(data.id);
  if (!w) return;
  if (data.type === 'places') {
    // Town names for the notice, after the file itself.
    const findings = w.plan ? w.plan.removed.findings : [];
    for (const [i, place] of data.places) {
      const position = findings[i] && findings[i].position;
      if (position && typeof place === 'string') position.place = place;
    }
    waiting.delete(data.id);
    w.named();
    return;
  }
  clearTimeout(w.timer);
  if (data.type === 'planned') {
    w.message = null;
    w.plan = data.plan;
    let named = () => {};
    const done = data.placesPending ? new Promise((r) => (named = r)) : Promise.resolve();
    w.named = named;
    if (!data.placesPending) waiting.delete(data.id);
    w.resolve({ plan: data.plan, nameFindings: data.nameFindings, named: done });
    return;
  }
  waiting.delete(data.id);
  if (data.type === 'failed') w.reject(data.error);
  else if (data.type === 'faces') w.resolve(data.found);
  else if (data.type === 'names') w.resolve(data.names);
  else w.resolve(data);
}

/** Start the cleaner frame (once, and again after it died); resolves when it has answered. */
export function start() {
  // No cleaner frame can live in a sandboxed document (js/ext.js): its files fail closed, with a reason.
  if (sandboxedHere()) return Promise.reject({ kind: 'sandboxed', message: 'this document is sandboxed' });
  if (frame && frame.iframe.isConnected) return frame.ready;
  if (frame) dead('the cleaner was removed from the page');
  const token = randomId();
  const iframe = html('iframe');
  const url = api.runtime.getURL('cleaner/cleaner.html');
  iframe.src = `${url}#${token}`;
  iframe.tabIndex = -1;
  iframe.setAttribute('aria-hidden', 'true');
  iframe.style.cssText = 'display:none!important';
  const f = { iframe, port: null, lastPong: performance.now(), hello: null, ready: null };
  f.ready = new Promise((answered, failed) => {
    let watch = null;
    const resolve = () => {
      clearInterval(watch);
      answered();
    };
    const reject = (error) => {
      clearInterval(watch);
      failed(error);
    };
    f.hello = resolve;
    // Every load (the first, and again when a page moves the notice, which
    // reloads the frame) gets a new port; only our own page at our own
    // origin can take it. Requests still waiting are sent again once the
    // reloaded cleaner says hello; a frame the page navigated elsewhere
    // never does, and is dropped when the pings go unanswered.
    let loads = 0;
    iframe.addEventListener('load', () => {
      if (++loads > MAX_RELOADS) {
        reject({ kind: 'unknown', message: 'the cleaner kept being reloaded' });
        if (frame === f) dead('the cleaner kept being reloaded');
        return;
      }
      const channel = new MessageChannel();
      f.port = channel.port1;
      f.port.onmessage = (e) => onAnswer(f, e);
      if (loads > 1) f.hello = () => resend(f);
      iframe.contentWindow.postMessage({ silbato: token }, ownOrigin(), [channel.port2]);
    });
    // Removed before it answered (the page took the notice away): give up at once.
    watch = setInterval(() => {
      if (!iframe.isConnected) reject({ kind: 'unknown', message: 'the page removed the cleaner' });
    }, 250);
    setTimeout(() => reject({ kind: 'unknown', message: 'the cleaner did not start' }), START_MS);
  });
  f.ready.catch(() => {
    if (frame === f) dead('the cleaner did not start');
  });
  frame = f;
  ui.mount(iframe);
  return f.ready;
}

// While requests wait, the frame must keep answering.
let pinging = null;
function keepPinging() {
  if (pinging) return;
  pinging = setInterval(() => {
    if (!waiting.size || !frame) {
      clearInterval(pinging);
      pinging = null;
      return;
    }
    if (!frame.iframe.isConnected || performance.now() - frame.lastPong > DEAD_MS) {
      dead('the cleaner stopped answering');
      return;
    }
    frame.port?.postMessage({ type: 'ping' });
  }, PING_MS);
}

/** One request to the cleaner; resolves with its answer, or fails after its timeout. */
async function ask(message) {
  await start();
  const f = frame;
  return new Promise((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject({ kind: 'unknown', message: 'the cleaner did not answer in time' });
    }, TIMEOUT_MS[message.type]);
    waiting.set(id, { resolve, reject, timer, message });
    f.lastPong = performance.now();
    f.port.postMessage({ ...message, id });
    keepPinging();
  });
}

/** Neutral names for files of these formats, in order (photo.jpg, photo-2.jpg, video.mp4…). */
export const names = (formats) => ask({ type: 'names', formats });
/** The verified plan for a file: { plan: PlanReport, nameFindings, named } (`named` resolves once towns are named). */
export const plan = (file) => ask({ type: 'plan', file, lang });
/** The faces in a photo (the cleaner loads the faces package on the first call). */
export const faces = (file) => ask({ type: 'faces', file });
/** The photo with `regions` covered ('fill' or 'pixelate'): { bytes, format, covered }. */
export const cover = (file, regions, style) => ask({ type: 'cover', file, regions, style });
