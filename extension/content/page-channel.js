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

// Taken at document_start, before any page script: a page that replaces
// dispatchEvent or the event constructors later never sees a message.
const { apply } = Reflect;
const dispatch = EventTarget.prototype.dispatchEvent;
const listen = EventTarget.prototype.addEventListener;
const unlisten = EventTarget.prototype.removeEventListener;
const NativeMouseEvent = MouseEvent;
const NativeCustomEvent = CustomEvent;
const NativeEvent = Event;
const preventDefault = Event.prototype.preventDefault;
const defaultPrevented = Object.getOwnPropertyDescriptor(Event.prototype, 'defaultPrevented').get;
const detailOf = Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail').get;
const relatedOf = Object.getOwnPropertyDescriptor(MouseEvent.prototype, 'relatedTarget').get;
const hasOwn = Object.prototype.hasOwnProperty;
const String_ = String;
/** Own property `key` of a message, or `fallback` (a page's getters on Object.prototype are never read). */
const field = (message, key, fallback) => (message !== null && typeof message === 'object' && apply(hasOwn, message, [key]) ? message[key] : fallback);

/** A native getter's value, or `fallback` when `e` is not of its kind. */
function read(getter, e, fallback) {
  try {
    return apply(getter, e, []);
  } catch {
    return fallback;
  }
}

const OFFER = 'silbato-channel-offer';
const OFFER_NODE = 'silbato-channel-node';
const ASK = 'silbato-channel-ask';

/** The two ends share this shape: `send(kind, {detail, node})`, `on(kind, fn(detail, node))`. */
function channel(node, secret) {
  const handlers = new Map();
  const type = (kind) => `${secret}:${kind}`;
  return {
    send(kind, message) {
      const detail = field(message, 'detail', '');
      const target = field(message, 'node', null);
      // A MouseEvent carries a node in relatedTarget; its `detail` is a number,
      // so strings go in a CustomEvent. Both are dispatched synchronously.
      // (Init objects with no prototype: the page's getters are never read.)
      const event = target
        ? new NativeMouseEvent(type(kind), { __proto__: null, relatedTarget: target, cancelable: true })
        : new NativeCustomEvent(type(kind), { __proto__: null, detail: String_(detail), cancelable: true });
      apply(dispatch, node, [event]);
      return !apply(defaultPrevented, event, []);
    },
    on(kind, fn) {
      if (handlers.has(kind)) return;
      handlers.set(kind, fn);
      apply(listen, node, [
        type(kind),
        (e) => {
          const detail = read(detailOf, e, '');
          const related = read(relatedOf, e, null);
          const reply = fn(typeof detail === 'string' ? detail : '', related || null);
          if (reply === false) apply(preventDefault, e, []);
        },
      ]);
    },
  };
}

/**
 * The isolated world's end: made at once; the page world joins when it
 * runs. `late`: a page world may come after this script (Firefox), so it is
 * listened for until the page's own parsing is done; in Chromium it runs
 * first or not at all (a frame sandboxed without scripts), and a page that
 * reaches such a frame's document must not be able to ask for the offer.
 */
export function isolatedEnd({ late = true } = {}) {
  const secret = randomId();
  const node = document.createElement('silbato-channel');
  const end = channel(node, secret);
  const offer = () => {
    apply(dispatch, document, [new NativeCustomEvent(OFFER, { detail: secret })]);
    apply(dispatch, document, [new NativeMouseEvent(OFFER_NODE, { relatedTarget: node })]);
  };
  // In Chromium the page world runs first and is waiting; if it comes later
  // somewhere, it asks. Once it has joined, nothing is listened for on
  // `document` any more (and at the latest once the page's own parsing is
  // done, so that a page can never obtain the offer).
  let joined = false;
  const stop = () => {
    joined = true;
    apply(unlisten, document, [ASK, offer]);
  };
  end.on('joined', stop);
  end.joined = () => joined;
  if (late) {
    apply(listen, document, [ASK, offer]);
    apply(listen, document, ['DOMContentLoaded', stop, { once: true }]);
  }
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
    apply(unlisten, document, [OFFER, takeSecret, true]);
    apply(unlisten, document, [OFFER_NODE, takeNode, true]);
    end = channel(node, secret);
    for (const [method, args] of waiting.splice(0)) end[method](...args);
    end.send('joined');
  };
  const takeSecret = (e) => {
    const detail = read(detailOf, e, null);
    if (typeof detail === 'string') secret = detail;
    join();
  };
  const takeNode = (e) => {
    const related = read(relatedOf, e, null);
    if (related) node = related;
    join();
  };
  apply(listen, document, [OFFER, takeSecret, true]);
  apply(listen, document, [OFFER_NODE, takeNode, true]);
  apply(dispatch, document, [new NativeEvent(ASK)]);
  // Until the offer arrives (it comes before any page script runs), calls wait.
  // (No spread: a page may replace the array iterator.)
  return {
    send: (kind, message) => (end ? end.send(kind, message) : true),
    on: (kind, fn) => (end ? end.on(kind, fn) : waiting.push(['on', [kind, fn]])),
  };
}
