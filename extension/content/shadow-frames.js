// Frames in shadow trees (isolated world). `window[i]` leaves out frames
// inside shadow trees, and the page world cannot open a closed shadow root
// it did not see made: one the parser declares (`<template
// shadowrootmode>` in the page's HTML, `setHTMLUnsafe`,
// `Document.parseHTMLUnsafe`) or one cloned with its host. A frame there
// keeps its first document unwrapped, and a `javascript:` address on it
// runs in that realm and can hand it to the page (attack8's …jsurl ways).
// Content scripts can open any shadow root (Chromium: chrome.dom; Firefox:
// the element), so this world watches them: every shadow root met on a
// node added to the document, or made by attachShadow (the page world says
// so), is observed like the document, and each frame found in one is handed
// to the page world to wrap (`arm`) before the next task, where a
// `javascript:` address would run. The same goes for the documents of the
// first documents this world's guard listens in (`watchDocument`): they
// have no isolated world of their own to watch them (attack9's `fd…`).

const FRAME_SELECTOR = 'iframe, frame, object';

/** The shadow root of `el`, open or closed, or null. */
function rootOf(el) {
  try {
    const dom = globalThis.chrome && globalThis.chrome.dom;
    if (dom && typeof dom.openOrClosedShadowRoot === 'function') return dom.openOrClosedShadowRoot(el) || null;
    return el.openOrClosedShadowRoot || el.shadowRoot || null;
  } catch {
    return null;
  }
}

/**
 * Watch the shadow trees of this document for frames; `arm(frame)` has the
 * page world wrap one (an <embed>, with no window of its own to hand over,
 * is left out); `onRoot(root)` is told of each shadow root met. Returns
 * `{ watchHost(el), watchDocument(doc), scan(node) }`: the second watches
 * another same-origin document (a first document the guard listens in) the
 * same way; the third looks through what a call just made (documents.js).
 */
export function watchShadowFrames(arm, onRoot = () => {}) {
  const seen = new WeakSet();
  const ShadowRoot_ = globalThis.ShadowRoot;
  /** Is `el` in a shadow tree? (Of any realm: a first document's roots are its own realm's ShadowRoot.) */
  const inShadow = (el) => {
    const r = el.getRootNode();
    return r !== el && r.nodeType === Node.DOCUMENT_FRAGMENT_NODE && (r instanceof ShadowRoot_ || 'host' in r);
  };
  /** The frames in `root` (a shadow root, or an element in one) handed over, and the shadow roots in it watched. */
  const look = (node) => {
    if (!node || (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE)) return;
    if (node.nodeType === Node.ELEMENT_NODE) {
      watchHost(node);
      if (node.matches(FRAME_SELECTOR) && inShadow(node)) arm(node);
    }
    for (const el of node.querySelectorAll('*')) {
      watchHost(el);
      if (el.matches(FRAME_SELECTOR) && inShadow(el)) arm(el);
    }
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) look(node);
  });
  /** Watch the shadow root of `el`, if it has one: its frames handed over now and as they come. */
  function watchHost(el) {
    const root = rootOf(el);
    if (!root || seen.has(root)) return;
    seen.add(root);
    onRoot(root);
    observer.observe(root, { childList: true, subtree: true });
    look(root);
  }
  /** Watch `doc` (this document, or a same-origin first document): its shadow trees now and as they come. */
  function watchDocument(doc) {
    if (!doc || seen.has(doc)) return;
    seen.add(doc);
    observer.observe(doc, { childList: true, subtree: true });
    if (doc.documentElement) look(doc.documentElement);
  }
  /**
   * Every shadow root in `node` and below it, in trees nested in them too,
   * told to `onRoot` (again: it is idempotent); a node in a shadow tree
   * arrives here as its host, whose tree is looked through. Not watched from
   * here: a root met while its host is detached would count as seen, and
   * its frames would never be handed over once it is connected (attack9's
   * shadowclickset); the observer sees it then.
   */
  function scan(node) {
    if (!node || (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE && node.nodeType !== Node.DOCUMENT_NODE)) return;
    const roots = [node];
    for (let i = 0; i < roots.length; i++) {
      const at = roots[i];
      const els = at.nodeType === Node.ELEMENT_NODE ? [at, ...at.querySelectorAll('*')] : at.querySelectorAll('*');
      for (const el of els) {
        const root = rootOf(el);
        if (!root) continue;
        onRoot(root);
        roots.push(root);
      }
    }
  }
  watchDocument(document);
  return { watchHost, watchDocument, scan };
}
