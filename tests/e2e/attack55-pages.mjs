// Hostile pages for the fifty-fifth attack on the upload guard: the survey of
// inserted nodes (insertions.js framesIn/survey, file-barrier.js
// withholdInserted) after attack 54's fix (documents.js CLONES wraps the
// Sanitizer API's setHTML/parseHTML). As in attack 54, Chromium's own picker
// fills a file input i (attack 44's labeldeep: a span deep inside a DETACHED
// label) that sits, detached, in a CLOSED shadow root the browser made from
// declarative markup, reached by the page through its own custom element's
// ElementInternals.shadowRoot; the host is then connected and the name read
// (attack 48's findsel), or the form in the root posted natively. Here the
// markup is parsed by ANOTHER document's parser (a frame's: srcdoc, blob:,
// document.open()+write(), a popup's), whose closed roots are told (if at all)
// only to that frame's own copy of the page-world script, and the host is
// adopted into this document. A name learnt goes up as a text note
// "leak-….txt". Served by server.mjs at /attack55-…; tests: attack55.test.mjs.

import { closedWays } from './attack54-pages.mjs';
import { attackPages, pickerWaysPage } from './uploads.mjs';

/** Markup of a host x-h55 with a declarative CLOSED shadow root. */
const MARKUP = '<x-h55 id=h55><template shadowrootmode=closed><p>in root</p></template></x-h55>';
const Q = JSON.stringify(MARKUP);

/** attack 54's ways into a declarative closed root, for x-h55 (attack54-pages.mjs closedWays). */
const { closedPick, inForm, quietClick } = closedWays(55);

/** A frame made at load (hidden) holding the markup, by `src` (srcdoc or an address). */
const frameAt = (attr, value) => `const fr55 = document.createElement('iframe'); fr55.style.display = 'none'; fr55.${attr} = ${value}; fr55.addEventListener('load', () => note('frame loaded ' + !!(fr55.contentDocument && fr55.contentDocument.getElementById('h55')))); document.body.append(fr55); window.fr55 = fr55;`;
const fromFrame = "() => { const d = window.fr55.contentDocument; const h = d && d.getElementById('h55'); note('in frame ' + !!h); return h && document.adoptNode(h); }";
/** In the click: a frame's document opened and written (readyState 'loading': documents.js sends no shadow-scan). */
const openWrite = `() => { const d = window.fr55.contentDocument; d.open(); d.write(${Q}); const h = d.getElementById('h55'); note('written ' + !!h + ' ' + d.readyState); d.close(); return h && document.adoptNode(h); }`;
const blankFrame = "const fr55 = document.createElement('iframe'); fr55.style.display = 'none'; document.body.append(fr55); window.fr55 = fr55;";
/** The same in THIS document's parser: written in a frame's document as it loads? No: a popup's, opened and written in the click. */
const popupWrite = `() => { const w = window.open('', '_blank', 'popup'); const d = w.document; d.open(); d.write(${Q}); const h = d.getElementById('h55'); d.close(); const a = h && document.adoptNode(h); w.close(); return a; }`;
const blobSrc = `URL.createObjectURL(new Blob([${Q}], { type: 'text/html' }))`;
const domParser = `() => { const doc = new DOMParser().parseFromString(${Q}, 'text/html'); const h = doc.getElementById('h55'); note('domparser root kept ' + !!(h && h.firstElementChild === null)); return h && document.adoptNode(h); }`;

/**
 * The host never adopted by a call: the custom element defined in the FRAME's realm (its constructor keeps its
 * internals in window.int55 of this window), upgraded there; the host, still of the frame's document, is later put
 * into this document by a wrapped insertion (taken out of the frame's first), which adopts it as it inserts (documents.js's adoptNode scan never runs).
 */
const inFrameRealm = "() => { const w = window.fr55.contentWindow; const top = window; try { w.customElements.define('x-h55', class extends w.HTMLElement { constructor() { super(); top.int55 = this.attachInternals(); } }); } catch (e) { note('define threw ' + e.name); } const h = w.document.getElementById('h55'); note('in frame ' + !!h); if (h) { w.customElements.upgrade(h); h.remove(); } return h; }";

/** `make`, then the frame it read from removed (with its realm, its guard's listeners). */
const gone = (make) => `() => { const h = (${make})(); window.fr55.remove(); note('frame gone'); return h; }`;

const HTML_WAYS = {
  srcdoc: closedPick('srcdoc', fromFrame, { setup: frameAt('srcdoc', Q) }),
  srcdocpost: closedPick('srcdocpost', fromFrame, { setup: frameAt('srcdoc', Q), holder: inForm, find: quietClick }),
  blob: closedPick('blob', fromFrame, { setup: frameAt('src', blobSrc) }),
  blobpost: closedPick('blobpost', fromFrame, { setup: frameAt('src', blobSrc), holder: inForm, find: quietClick }),
  openwrite: closedPick('openwrite', openWrite, { setup: blankFrame }),
  openwritepost: closedPick('openwritepost', openWrite, { setup: blankFrame, holder: inForm, find: quietClick }),
  // The same, the frame taken out in the click right after the host was adopted: its guard (which listens in the root
  // it was told of) is gone with it.
  srcdocpostgone: closedPick('srcdocpostgone', gone(fromFrame), { setup: frameAt('srcdoc', Q), holder: inForm, find: quietClick }),
  openwritepostgone: closedPick('openwritepostgone', gone(openWrite), { setup: blankFrame, holder: inForm, find: quietClick }),
  // open()+write() on a document with no browsing context (createHTMLDocument): does it parse at all?
  implwrite: closedPick('implwrite', `() => { const d = document.implementation.createHTMLDocument(''); d.open(); d.write(${Q}); const h = d.getElementById('h55'); note('impl written ' + !!h); d.close(); return h && document.adoptNode(h); }`),
  popupwrite: closedPick('popupwrite', popupWrite),
  // srcdoc and openwrite with no adoptNode: the host, of the frame's document, adopted by the insertion itself.
  srcdocimplicit: closedPick('srcdocimplicit', inFrameRealm, { setup: frameAt('srcdoc', Q) }),
  srcdocimplicitpostgone: closedPick('srcdocimplicitpostgone', gone(inFrameRealm), { setup: frameAt('srcdoc', Q), holder: inForm, find: quietClick }),
  openwriteimplicit: closedPick('openwriteimplicit', `() => { const d = window.fr55.contentDocument; d.open(); d.write(${Q}); d.close(); return (${inFrameRealm})(); }`, { setup: blankFrame }),
  domparser: closedPick('domparser', domParser),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack55Page = attackPages(55, picker, {});
