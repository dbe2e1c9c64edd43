// The content scripts' listeners on `window` and `document`, kept in place.
// `document.open()` (and `document.write()` on a loaded document) erases
// every listener of the document and its window, and content scripts are
// not run again for the same document. So every such listener is
// registered here, and put back:
// - at once, when the page world reports a document being opened through
//   its own functions (page-channel.js, documents.js): before anything the
//   page writes runs, so the guard's listeners stay the first ones;
// - otherwise as soon as a MutationObserver (which `document.open()` does
//   not erase) sees the document replaced: then a page listener added in
//   the same moment may come before the guard's (`orderLost()` says so, and
//   the guard tells the person when a file arrives in such a document).
import { randomId } from '../../js/random.js';

const registered = [];
let sentinelSeen = false;
const SENTINEL = `silbato-${randomId()}`;
let lost = false;

const target = (where) => (where === 'document' ? document : window);

function addAll() {
  for (const [where, type, fn, options] of registered) target(where).addEventListener(type, fn, options);
  // Adding a listener that is already there does nothing, so this is also
  // the check: the sentinel is there iff nothing was erased.
}

/** Listen on `window` or `document` ('window' | 'document'), for good. */
export function listen(where, type, fn, options) {
  registered.push([where, type, fn, options]);
  target(where).addEventListener(type, fn, options);
}

/** Are our listeners still there? (Dispatching a private event: no page script knows its type.) */
function intact() {
  sentinelSeen = false;
  window.dispatchEvent(new Event(SENTINEL));
  return sentinelSeen;
}

/**
 * Put the listeners back if they were erased. `inTime` says whether this runs
 * before any page script could have listened first (the page world's report).
 */
export function ensureListening(inTime) {
  if (intact()) return;
  if (!inTime) lost = true;
  addAll();
}

/** True once a document was replaced in a way that may have let a page listener come before ours. */
export const orderLost = () => lost;

/** Start watching for the document being replaced. */
export function keepListening() {
  listen('window', SENTINEL, () => {
    sentinelSeen = true;
  });
  new MutationObserver(() => ensureListening(false)).observe(document, { childList: true });
}
