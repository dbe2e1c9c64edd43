// Hostile pages for the fifty-fourth attack on the upload guard: the survey of
// inserted nodes (insertions.js framesIn/survey, file-barrier.js
// withholdInserted), which looks into open shadow roots and the closed ones
// the page world knows of (remembered from attachShadow, or told by the
// isolated world: content.js tellClosed, from documents.js's wrappers of the
// browser's own root makers and its MutationObserver). Chromium's own picker is
// opened as in attack 44's labeldeep (a span deep inside a DETACHED label
// holding a file input i, clicked in the person's click on "#open"); here the
// label sits, before the pick, inside a CLOSED shadow root that the browser
// made from markup (declarative shadow DOM) by a parser Silbato does not wrap,
// reached by the page through ElementInternals.shadowRoot of its own custom
// element. After the pick, the host is connected and the name Chromium draws
// read (attack 48's findsel). A name learnt goes up as a text note
// "leak-….txt". Served by server.mjs at /attack54-…; tests: attack54.test.mjs.

import { findSelection, leakNote as leak, attackPages, pickerWaysPage } from './uploads.mjs';


const findsel = (why) => findSelection(why, { fresh: true });

/**
 * Attack `n`'s ways into a declarative closed root (54, 55): `define`, a custom element x-h<n> whose constructor keeps
 * its ElementInternals (window.int<n>: its shadowRoot is the declarative root, closed or not); `closedPick(why,
 * makeHost, …)`: `setup` at page load; `makeHost` (an expression, a function returning a DETACHED host whose closed
 * root the browser made) runs in the person's click; the label holding i (and the opener) is appended into the root
 * (through int<n>.shadowRoot; i is empty then), the opener clicked: Chromium's own picker fills i, detached. On
 * change: the host connected (`connect`), then findsel. `inForm`: the label in a multipart form (posting to /upload
 * into a hidden frame) inside the root, with a submit button; `quietClick`: a click on that button that stays in its
 * shadow tree (a constructed event is not composed): the form is posted natively.
 */
export function closedWays(n) {
  const define = `customElements.define('x-h${n}', class extends HTMLElement { constructor() { super(); try { window.int${n} = this.attachInternals(); } catch (e) { note('internals threw ' + e.name); } } });`;
  const closedPick = (why, makeHost, { setup = '', connect = 'document.body.append(H);', find = findsel(why), holder = 'if (root) root.append(l);' } = {}) => `
      ${leak}
      ${define}
      ${setup}
      document.getElementById('open').addEventListener('click', () => {
        const l = document.createElement('label'); const i = document.createElement('input'); i.type = 'file'; i.name = 'photo';
        const x = document.createElement('input'); let t = x; x.addEventListener('click', () => { x.type = 'hidden'; }); t.textContent = 'x';
        l.append(i, x);
        let H = null; try { H = (${makeHost})(); } catch (e) { note('host threw ' + e.name + ' ' + e.message); }
        if (H) try { customElements.upgrade(H); } catch (e) { note('upgrade threw ' + e.name); }
        const root = window.int${n} && window.int${n}.shadowRoot; note('host ' + (H && H.localName) + ' root ' + (root && root.mode) + ' connected ' + (H && H.isConnected) + ' open ' + (H && H.shadowRoot) + ' doc ' + (H && H.ownerDocument === document));
        ${holder}
        i.addEventListener('change', () => { note('change'); try { ${connect} i.style.width = '600px'; note('i connected ' + i.isConnected + ' w ' + i.offsetWidth);
          ${find} } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
        try { t.click(); } catch (e) { note('click threw ' + e.name); }
      });`;
  const inForm = `const fr = document.createElement('iframe'); fr.name = 'sink${n}'; fr.style.display = 'none'; document.body.append(fr); const f = document.createElement('form'); f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '/upload'; f.target = 'sink${n}'; const b = document.createElement('button'); b.type = 'submit'; b.textContent = 'go'; f.append(l, b); window.b${n} = b; if (root) root.append(f);`;
  const quietClick = `window.b${n}.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })); note('posted');`;
  return { closedPick, inForm, quietClick };
}
const { closedPick, inForm, quietClick } = closedWays(54);

/** Markup of a host x-h54 with a declarative CLOSED shadow root. */
const MARKUP = "'<x-h54 id=h54><template shadowrootmode=closed><p>in root</p></template></x-h54>'";

const sethtmlHost = `() => { const d = document.createElement('div'); d.setHTML(${MARKUP}, { sanitizer: { removeElements: ['script'] } }); return d.firstElementChild; }`;

const HTML_WAYS = {
  sethtmlpost: closedPick('sethtmlpost', sethtmlHost, { holder: inForm, find: quietClick }),
  sethtmlclick: closedPick('sethtmlclick', sethtmlHost, { holder: inForm, find: "window.b54.click(); note('clicked');" }),
  parsehtmlpost: closedPick('parsehtmlpost', `() => { const doc = Document.parseHTML(${MARKUP}, { sanitizer: { removeElements: ['script'] } }); const h = doc.getElementById('h54') || doc.body.firstElementChild; return h && document.adoptNode(h); }`, { holder: inForm, find: quietClick }),
  // ShadowRoot.prototype.setHTML (not wrapped either), into an OPEN root made by attachShadow: the closed root nested in it is unknown.
  shadowsethtml: closedPick('shadowsethtml', `() => { const h = document.createElement('div'); const o = h.attachShadow({ mode: 'open' }); note('ShadowRoot.setHTML ' + typeof o.setHTML); o.setHTML(${MARKUP}, { sanitizer: { removeElements: ['script'] } }); return h; }`),
  // moveBefore of the detached, filled i into the body (moveBefore does not survey): Chromium refuses to move a node between roots.
  movebefore: closedPick('movebefore', "() => null", { holder: '', connect: "try { document.body.moveBefore(i, null); } catch (e) { note('moveBefore threw ' + e.name); }" }),
  attachpost: closedPick('attachpost', "() => { const h = document.createElement('div'); window.int54 = { shadowRoot: h.attachShadow({ mode: 'closed' }) }; return h; }", { holder: inForm, find: quietClick }),
  // Sanitizer API Element.setHTML (not wrapped by documents.js CLONES) parsing a declarative closed root.
  sethtml: closedPick('sethtml', `() => { const d = document.createElement('div'); note('setHTML ' + typeof d.setHTML); d.setHTML(${MARKUP}, { sanitizer: { removeElements: ['script'] } }); return d.firstElementChild; }`),
  // The same with the sanitizer told to keep x-h54 and template.
  sethtmlkeep: closedPick('sethtmlkeep', `() => { const d = document.createElement('div'); const s = new Sanitizer({ elements: ['x-h54', 'template', 'p'], attributes: ['id', 'shadowrootmode'] }); d.setHTML(${MARKUP}, { sanitizer: s }); note('kept ' + d.innerHTML); return d.firstElementChild; }`),
  // Sanitizer API Document.parseHTML (static, not wrapped), the host adopted.
  parsehtml: closedPick('parsehtml', `() => { note('parseHTML ' + typeof Document.parseHTML); const doc = Document.parseHTML(${MARKUP}, { sanitizer: { removeElements: ['script'] } }); const h = doc.getElementById('h54') || doc.body.firstElementChild; return h && document.adoptNode(h); }`),
  // Reference: setHTMLUnsafe (wrapped: shadow-scan).
  sethtmlunsafe: closedPick('sethtmlunsafe', `() => { const d = document.createElement('div'); d.setHTMLUnsafe(${MARKUP}); return d.firstElementChild; }`),
  // Range.createContextualFragment (not wrapped) with declarative markup.
  contextual: closedPick('contextual', `() => { const r = document.createRange(); r.selectNodeContents(document.body); const f = r.createContextualFragment(${MARKUP}); return f.firstElementChild; }`),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack54Page = attackPages(54, picker, {});
