// The content scripts' side of the cleaner frame: an extension page hidden
// inside the notice's closed shadow root, where WebAssembly may run whatever
// the page's own content security policy says. Files cross to it as File
// references over a MessagePort (unforgeable: the port is handed over with
// a random token in the frame's URL); plans come back. The messages are in
// js/messages.js (channels `cleaner` and `cleanerAnswer`).
import { api, lang } from '../../js/ext.js';
import { isMessage } from '../../js/messages.js';
import { ui } from './notice.js';

let started = null;
let port = null;
let nextId = 1;
const waiting = new Map();

function onAnswer({ data: raw }, resolveHello) {
  // A copy in this script's own realm: Firefox hands messages over as
  // objects of the page's realm, which the content script may not extend.
  const data = raw && typeof raw === 'object' ? structuredClone(raw) : null;
  if (!isMessage('cleanerAnswer', data)) return;
  if (data.type === 'hello') return resolveHello();
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
  if (data.type === 'planned') {
    w.plan = data.plan;
    let named = () => {};
    const done = data.placesPending ? new Promise((r) => (named = r)) : Promise.resolve();
    w.named = named;
    if (!data.placesPending) waiting.delete(data.id);
    w.resolve({ plan: data.plan, named: done });
    return;
  }
  waiting.delete(data.id);
  if (data.type === 'failed') w.reject(data.error);
  else if (data.type === 'faces') w.resolve(data.found);
  else w.resolve(data);
}

/** Start the cleaner frame (once); resolves when it has answered. */
export function start() {
  if (started) return started;
  started = new Promise((resolve, reject) => {
    const token = crypto.randomUUID();
    const iframe = document.createElement('iframe');
    const url = api.runtime.getURL('cleaner/cleaner.html');
    iframe.src = `${url}#${token}`;
    iframe.tabIndex = -1;
    iframe.setAttribute('aria-hidden', 'true');
    iframe.style.cssText = 'display:none!important';
    iframe.addEventListener(
      'load',
      () => {
        const channel = new MessageChannel();
        port = channel.port1;
        port.onmessage = (e) => onAnswer(e, resolve);
        iframe.contentWindow.postMessage({ silbato: token }, new URL(url).origin, [channel.port2]);
      },
      { once: true },
    );
    ui.mountFrame(iframe);
    setTimeout(() => reject({ kind: 'unknown', message: 'the cleaner did not start' }), 20000);
  });
  started.catch(() => {
    started = null;
  });
  return started;
}

/** One request to the cleaner; resolves with its answer. */
async function ask(message) {
  await start();
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    port.postMessage({ ...message, id });
  });
}

/** The verified plan for a file: { plan: PlanReport, named } (`named` resolves once towns are named). */
export const plan = (file) => ask({ type: 'plan', file, lang });
/** The faces in a photo (the cleaner loads the faces package on the first call). */
export const faces = (file) => ask({ type: 'faces', file });
/** The photo with `regions` covered ('fill' or 'pixelate'): { bytes, format, covered }. */
export const cover = (file, regions, style) => ask({ type: 'cover', file, regions, style });
