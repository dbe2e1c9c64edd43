// Hostile pages for the thirty-fourth attack on the upload guard: what the
// after-look of a wrapped insertion (insertions.js insertGuarded →
// whatGoesIn / windowsNow / unheldFrames, realms.js unheld) does not see.
// As in attack 33, page code runs INSIDE the native call (a focused
// element's `blur` as the call takes it out) and a frame is connected with
// nothing holding it; a custom element in the frame's fallback keeps the
// new first document's native showPicker (A). Served by server.mjs at
// /attack34-…; tests: attack34.test.mjs.

import { attackPages, focusedBoxHelpers, grabHelpers, pickerWaysPage } from './uploads.mjs';

// (A) As attack33's: `setup(tag)` makes a detached frame `f` holding custom
// element `tag`, whose connectedCallback (while `armed`) tries to grab the
// frame's first document and then runs `window.onGrab(f)` if set; a
// connected `box` holding a focused <input> `inp`.
const helpers = focusedBoxHelpers("'blur: frame in d ' + d.contains(f) + ', d parent ' + (d.parentNode ? d.parentNode.nodeName : null)");

const WAYS = {
  // box.replaceChildren(frag): frag (a DocumentFragment, empty when surveyed: whatGoesIn takes its children THEN, none)
  // is appended by the browser after it removes box's children (the focused input: blur). The blur listener puts f
  // straight into frag (a wrapped DocumentFragment.append into a detached fragment); the browser then takes frag's
  // children as they are now, f among them, and connects it. The after-look looks only at frag's children of before.
  fragment: `
      ${helpers}
      const { box, inp, f } = setup('x-frag-thirtyfour');
      const frag = document.createDocumentFragment();
      inp.addEventListener('blur', () => { frag.append(f); armed = true; note('blur: frame in frag ' + (f.parentNode === frag)); }, { once: true });
      attempt(() => box.replaceChildren(frag));
      after(f);`,
  // The same through inp.replaceWith(frag) (ChildNode's, one node: the fragment itself).
  fragmentreplacewith: `
      ${helpers}
      const { box, inp, f } = setup('x-fragrw-thirtyfour');
      const frag = document.createDocumentFragment();
      frag.append(document.createElement('span'));
      inp.addEventListener('blur', () => { frag.append(f); armed = true; note('blur: frame in frag ' + (f.parentNode === frag)); }, { once: true });
      attempt(() => inp.replaceWith(frag));
      after(f);`,
  // And box.replaceChild(frag, inp) (Node's).
  fragmentreplacechild: `
      ${helpers}
      const { box, inp, f } = setup('x-fragrch-thirtyfour');
      const frag = document.createDocumentFragment();
      inp.addEventListener('blur', () => { frag.append(f); armed = true; note('blur: frame in frag ' + (f.parentNode === frag)); }, { once: true });
      attempt(() => box.replaceChild(frag, inp));
      after(f);`,
  // attack33's blurreplacechildren (f put into d, surveyed empty), but the connectedCallback, once it kept the first
  // document's showPicker, moves f out of d with moveBefore (wrapped: a plain call, the frame keeps its document):
  // as the call returns, the after-look finds no frame in d.
  moveout: `
      ${helpers}
      const { box, inp, f } = setup('x-moveout-thirtyfour');
      const d = document.createElement('div');
      window.onGrab = (fr) => { const w = fr.contentWindow; park.moveBefore(fr, null); note('moved out: same window ' + (fr.contentWindow === w) + ', in d ' + d.contains(fr)); };
      inp.addEventListener('blur', () => { d.append(f); armed = true; }, { once: true });
      attempt(() => box.replaceChildren(d));
      after(f);`,
  // The same, f taken out instead (remove(): not an insertion); the kept showPicker is a detached realm's.
  removeout: `
      ${helpers}
      const { box, inp, f } = setup('x-removeout-thirtyfour');
      const d = document.createElement('div');
      window.onGrab = (fr) => { fr.remove(); note('removed: connected ' + fr.isConnected); };
      inp.addEventListener('blur', () => { d.append(f); armed = true; }, { once: true });
      attempt(() => box.replaceChildren(d));
      after(f);`,
  // A frame surveyed and held (found.frames: always "known" to the after-look): d, detached, holds frame g, which
  // box.replaceChildren(d) holds back (a stand-in in d). The blur listener puts g back into d (a wrapped append into a
  // detached node: surveyed, put back, no window to reach) with a custom element c after it; the browser connects d,
  // g a new first document, and c's connectedCallback (end of the native call) keeps it. Then Silbato's putFrameBack
  // moves g (a new document, wrapped), but the kept showPicker is the first one's.
  heldagain: `
      ${helpers}
      const box = document.createElement('div');
      document.body.append(box);
      const inp = document.createElement('input');
      box.append(inp);
      inp.focus();
      const g = frame();
      const d = document.createElement('div');
      d.append(g);
      customElements.define('x-heldagain-thirtyfour', class extends HTMLElement {
        connectedCallback() { if (armed) { armed = false; note('g connected ' + g.isConnected + ', in d ' + (g.parentNode === d)); tryGrab('connectedCallback of c'); } }
      });
      const c = document.createElement('x-heldagain-thirtyfour');
      inp.addEventListener('blur', () => { d.append(g, c); armed = true; note('blur: g in d ' + (g.parentNode === d)); }, { once: true });
      attempt(() => box.replaceChildren(d));
      after(g);`,
  // An <object> (type text/html, an address that never answers) put into d by the blur listener (wrapped: held, put
  // back into detached d, no frame to make): the browser connects it inside the call, and Chromium makes its frame
  // only in a later task or at a lookup. As the call returns the after-look finds no window for it (windowOfFrame
  // null: not "unheld"), nor does the sweep; the page then looks it up at once (o.anything makes its frame) and keeps
  // the new first document.
  objectlate: `
      ${grabHelpers}
      const box = document.createElement('div');
      document.body.append(box);
      const inp = document.createElement('input');
      box.append(inp);
      inp.focus();
      const o = document.createElement('object');
      o.type = 'text/html';
      o.data = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px';
      const d = document.createElement('div');
      inp.addEventListener('blur', () => { d.append(o); note('blur: o in d ' + (o.parentNode === d)); }, { once: true });
      try { box.replaceChildren(d); } catch (e) { note('threw ' + e.name); }
      note('after: o connected ' + o.isConnected + ', contentWindow ' + !!o.contentWindow + ', frames ' + window.length);
      o.anything;
      const w = objectWindow(o);
      note('after a lookup: frames ' + window.length + ', window ' + !!w + ', b: ' + says(w));
      if (w && !wrapped(w.HTMLInputElement.prototype.showPicker)) grab(w, 'lookup after the call');`,
  // The same, looked up in a custom element's connectedCallback (after o in d: end of the native call, before the sweep).
  objectlatece: `
      ${grabHelpers}
      const box = document.createElement('div');
      document.body.append(box);
      const inp = document.createElement('input');
      box.append(inp);
      inp.focus();
      const o = document.createElement('object');
      o.type = 'text/html';
      o.data = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px';
      let armed = false;
      customElements.define('x-objlate-thirtyfour', class extends HTMLElement {
        connectedCallback() {
          if (!armed) return;
          armed = false;
          o.anything;
          const w = objectWindow(o);
          note('callback: o connected ' + o.isConnected + ', window ' + !!w + ', b: ' + says(w));
          if (w && !wrapped(w.HTMLInputElement.prototype.showPicker)) grab(w, 'lookup in the callback');
        }
      });
      const c = document.createElement('x-objlate-thirtyfour');
      const d = document.createElement('div');
      inp.addEventListener('blur', () => { d.append(o, c); armed = true; }, { once: true });
      try { box.replaceChildren(d); } catch (e) { note('threw ' + e.name); }
      note('after: o connected ' + o.isConnected + ', frames ' + window.length + ', grabbed ' + !!window.grabbed);`,
  // objectlatece with an <embed> (type text/html): windowOfFrame has no window for an embed (insertions.js: "null:
  // an <embed>"), so the after-look never counts it; its frame, made by the callback's lookup, read as window[i].
  embedce: `
      ${grabHelpers}
      const box = document.createElement('div');
      document.body.append(box);
      const inp = document.createElement('input');
      box.append(inp);
      inp.focus();
      const o = document.createElement('embed');
      o.type = 'text/html';
      o.src = '/px/never.gif';
      o.style.cssText = 'width:10px;height:10px';
      const embedWindow = () => { for (let i = 0; i < window.length; i++) { try { if (window[i].frameElement === o) return window[i]; } catch {} } return null; };
      let armed = false;
      customElements.define('x-embed-thirtyfour', class extends HTMLElement {
        connectedCallback() {
          if (!armed) return;
          armed = false;
          o.anything;
          const w = embedWindow();
          note('callback: embed connected ' + o.isConnected + ', frames ' + window.length + ', window ' + !!w + ', b: ' + says(w));
          if (w && !wrapped(w.HTMLInputElement.prototype.showPicker)) grab(w, 'lookup in the callback');
        }
      });
      const c = document.createElement('x-embed-thirtyfour');
      const d = document.createElement('div');
      inp.addEventListener('blur', () => { d.append(o, c); armed = true; }, { once: true });
      try { box.replaceChildren(d); } catch (e) { note('threw ' + e.name); }
      note('after: embed connected ' + o.isConnected + ', frames ' + window.length + ', grabbed ' + !!window.grabbed);`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

const PROBES = {};

export const DETECTION_PROBES = Object.keys(PROBES);

export const attack34Page = attackPages(34, picker, PROBES);
