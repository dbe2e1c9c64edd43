// A private channel between the page world (page-world.js) and the isolated
// world (content.js) of one frame, which the page can neither see nor use.
//
// Both worlds run at document_start, before any page script. The isolated
// world makes a secret and a node that is never put into the document; it
// hands both to the page world with two events on `document` (whichever of
// the two scripts runs second completes the handshake), and both then stop
// listening on `document`. From then on, messages are events of a secret
// type dispatched on that detached node: synchronous (so the page world can
// tell the isolated world about a picker being opened, or a document being
// replaced, before anything else happens) and invisible to the page (no page
// script ever holds the node or knows the type). `document.open()` erases
// the listeners of a document and its window, not those of a detached node.
//
// A message carries a string (`detail`) or a DOM node (`node`), which
// crosses between the worlds where JavaScript objects cannot.
import { randomId } from '../../js/random.js';

const OFFER = 'silbato-channel-offer';
const OFFER_NODE = 'silbato-channel-node';
const ASK = 'silbato-channel-ask';

/** The two ends share this shape: `send(kind, {detail, node})`, `on(kind, fn(detail, node))`. */
function channel(node, secret) {
  const handlers = new Map();
  const type = (kind) => `${secret}:${kind}`;
  return {
    send(kind, { detail = '', node: target = null } = {}) {
      // A MouseEvent carries a node in relatedTarget; its `detail` is a number,
      // so strings go in a CustomEvent. Both are dispatched synchronously.
      const event = target
        ? new MouseEvent(type(kind), { relatedTarget: target, cancelable: true })
        : new CustomEvent(type(kind), { detail: String(detail), cancelable: true });
      node.dispatchEvent(event);
      return !event.defaultPrevented;
    },
    on(kind, fn) {
      if (handlers.has(kind)) return;
      handlers.set(kind, fn);
      node.addEventListener(type(kind), (e) => {
        const reply = fn(typeof e.detail === 'string' ? e.detail : '', e.relatedTarget || null);
        if (reply === false) e.preventDefault();
      });
    },
  };
}

/** The isolated world's end: made at once; the page world joins when it runs. */
export function isolatedEnd() {
  const secret = randomId();
  const node = document.createElement('silbato-channel');
  const end = channel(node, secret);
  const offer = () => {
    document.dispatchEvent(new CustomEvent(OFFER, { detail: secret }));
    document.dispatchEvent(new MouseEvent(OFFER_NODE, { relatedTarget: node }));
  };
  // In Chromium the page world runs first and is waiting; if it comes later
  // somewhere, it asks. Once it has joined, nothing is listened for on
  // `document` any more (and at the latest once the page's own parsing is
  // done, so that a page can never obtain the offer).
  const stop = () => document.removeEventListener(ASK, offer);
  end.on('joined', stop);
  document.addEventListener(ASK, offer);
  document.addEventListener('DOMContentLoaded', stop, { once: true });
  offer();
  return end;
}

/** The page world's end: takes the isolated world's offer, now or when it comes. */
export function pageEnd() {
  let secret = null;
  let node = null;
  let end = null;
  const waiting = [];
  const join = () => {
    if (!secret || !node || end) return;
    document.removeEventListener(OFFER, takeSecret, true);
    document.removeEventListener(OFFER_NODE, takeNode, true);
    end = channel(node, secret);
    for (const [method, args] of waiting.splice(0)) end[method](...args);
    end.send('joined');
  };
  const takeSecret = (e) => {
    if (typeof e.detail === 'string') secret = e.detail;
    join();
  };
  const takeNode = (e) => {
    if (e.relatedTarget) node = e.relatedTarget;
    join();
  };
  document.addEventListener(OFFER, takeSecret, true);
  document.addEventListener(OFFER_NODE, takeNode, true);
  document.dispatchEvent(new Event(ASK));
  // Until the offer arrives (it comes before any page script runs), calls wait.
  return {
    send: (...args) => (end ? end.send(...args) : true),
    on: (...args) => (end ? end.on(...args) : waiting.push(['on', args])),
  };
}
