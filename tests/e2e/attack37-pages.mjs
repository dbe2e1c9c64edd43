// Hostile pages for the thirty-seventh attack on the upload guard: what
// attack 36's fix (insertions.js stillGoing: a node already where a running
// insertion puts it counts as put in until `removing` hears a blur,
// focusout or pagehide, realms.js listen) misses. As in attacks 33-36, page
// code runs INSIDE the native call and a frame is connected with nothing
// holding it; a custom element in the frame's fallback keeps the new first
// document's native showPicker.
// Served by server.mjs at /attack37-…; tests: attack37.test.mjs.

import { attackPages, focusedBoxHelpers, grabHelpers, openInCallback, pickerWaysPage } from './uploads.mjs';

// A same-origin child page with an address: Chromium runs Silbato's content
// scripts there, so it has its OWN copy of the page-world script (its own
// `going` stack, its own `removing` listeners); the top's copy leaves its
// realm to it (realms.js reach: claim).
const CHILD = '<!doctype html><title>child</title><p>child</p>';

/**
 * Cross-copy: a child frame at /attack37-child (its own copy of Silbato).
 * `where`: 'child' (box, d, park in the child's document) or 'top' (in the
 * top's); `outer(box, d)`: the insertion made (one copy's wrapper);
 * `fillWith(d, f)`: the fill in the listener; `how`: 'blur' (a focused
 * input taken out) or 'pagehide' (a frame taken out).
 */
const cross = (tag, where, outer, fillWith, how = 'blur') => `
      ${grabHelpers}
      const c = document.createElement('iframe');
      c.src = '/attack37-child';
      document.body.append(c);
      c.addEventListener('load', () => { try { run(); } catch (e) { note('run threw ' + e.name + ' ' + e.message); } });
      function run() {
        const cw = window[0];
        const cd = cw.document;
        note('child: showPicker ' + (wrapped(cw.HTMLInputElement.prototype.showPicker) ? 'wrapped' : 'NATIVE') + ', own replaceChildren ' + (cw.Element.prototype.replaceChildren !== Element.prototype.replaceChildren));
        const doc = ${where === 'child' ? 'cd' : 'document'};
        const win = ${where === 'child' ? 'cw' : 'window'};
        const box = doc.createElement('div');
        doc.body.append(box);
        const d = doc.createElement('div');
        const park = doc.createElement('div');
        doc.body.append(park);
        const f = frame();
        let armed = false;
        customElements.define('${tag}', class extends HTMLElement {
          connectedCallback() {
            if (!armed) return;
            armed = false;
            const w = win[win.length - 1];
            note('callback: frames ' + win.length + ', b: ' + says(w) + ', is f ' + (w && w.frameElement === f));
            if (w && w.frameElement === f && !wrapped(w.HTMLInputElement.prototype.showPicker)) grab(w);
            try { park.moveBefore(f, null); note('moved out: same window ' + (win[win.length - 1] === w)); } catch (e) { note('moveBefore threw ' + e.name); }
          }
        });
        f.append(document.createElement('${tag}'));
        const fill = () => { ${fillWith}; armed = true; note('${how}: frame in d ' + d.contains(f) + ', d parent box ' + (d.parentNode === box) + ', f connected ' + f.isConnected); };
        ${how === 'blur' ? `
        const inp = doc.createElement('input');
        box.append(inp, d);
        inp.focus();
        note('focused ' + (doc.activeElement === inp) + ', hasFocus ' + doc.hasFocus());
        inp.addEventListener('blur', fill, { once: true });` : `
        const g = doc.createElement('iframe');
        box.append(g, d);
        const gw = win[0] === c.contentWindow && win === window ? win[1] : win[0];
        note('g window ' + !!gw + ', readyState ' + (gw && gw.document.readyState));
        gw.addEventListener('pagehide', fill, { once: true });`}
        try { ${outer}; } catch (e) { note('threw ' + e.name + ' ' + e.message); }
        armed = false;
        note('after: frame connected ' + f.isConnected + ', grabbed ' + !!window.grabbed);
      }`;

// As attack36's helpers, single realm, with the listener on `event` (on the focused input) instead of blur.
const helpers = focusedBoxHelpers("'fill: frame in d ' + d.contains(f) + ', d parent ' + (d.parentNode ? (d.parentNode === box ? 'box' : d.parentNode.nodeName) : null) + ', f connected ' + f.isConnected");

/** d already in box after a focused input; `prep` run after the focus; `event` heard on `target`; box.replaceChildren(d). */
const inPlaceOn = (tag, event, target, prep = '') => `
      ${helpers}
      let d;
      const { box, inp, f, fill } = setup('${tag}', (b) => { d = document.createElement('div'); b.append(d); });
      ${prep}
      window.onGrab = moveOut;
      let heard = [];
      for (const t of ['change', 'blur', 'focusout', 'DOMFocusOut', 'DOMNodeRemoved', 'selectionchange']) (t === 'selectionchange' ? document : inp).addEventListener(t, () => heard.push(t));
      let done = false;
      ${target}.addEventListener('${event}', () => { if (done) return; done = true; note('${event} heard first: ' + heard.join(' ')); fill(d); });
      try { box.replaceChildren(d); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
      armed = false;
      note('heard ' + heard.join(' ') + '; after: frame connected ' + f.isConnected + ', grabbed ' + !!window.grabbed);
      if (!window.grabbed && f.isConnected) tryGrab('after the call');`;

const WAYS = {
  // The TOP's wrapped replaceChildren on nodes of a child frame that has its own copy: the top's `going` gets box's
  // d; the blur fires in the child's window, heard by the child's copy's `removing` (its own, empty, stack), not by
  // the top's. The fill (the top's wrapped append) finds d "already in place": not going.
  crosstop: cross('x-crosstop-thirtyseven', 'child', 'Element.prototype.replaceChildren.call(box, d)', 'Element.prototype.append.call(d, f)'),
  // The same, the fill made with the child's wrapped append (the child's stack is empty: no look at all).
  crosstopchildfill: cross('x-crosstopcf-thirtyseven', 'child', 'Element.prototype.replaceChildren.call(box, d)', 'd.append(f)'),
  // The other way round: the CHILD's wrapped replaceChildren on the top's nodes: the blur fires in the top's window.
  crosschild: cross('x-crosschild-thirtyseven', 'top', 'cw.Element.prototype.replaceChildren.call(box, d)', 'd.append(f)'),
  // crosstop with a frame taken out (its pagehide) instead of a blur.
  crosstoppagehide: cross('x-crosstopph-thirtyseven', 'child', 'Element.prototype.replaceChildren.call(box, d)', 'Element.prototype.append.call(d, f)', 'pagehide'),
  // Single realm: the input edited (execCommand insertText) before the call; its `change` (if fired on removal before blur).
  changefirst: inPlaceOn('x-change-thirtyseven', 'change', 'inp', "document.execCommand('insertText', false, 'typed');"),
  // Single realm: a mutation event (DOMNodeRemoved) on the input taken out.
  domnoderemoved: inPlaceOn('x-dnr-thirtyseven', 'DOMNodeRemoved', 'inp'),
  // Single realm: DOMFocusOut (after blur: for the order).
  domfocusout: inPlaceOn('x-dfo-thirtyseven', 'DOMFocusOut', 'inp'),
  // Single call in the top, nodes in the top: box = [g, d], g a frame at /attack37-child (its document has its own
  // copy of Silbato); box.replaceChildren(d) takes g out; g's pagehide is heard by g's copy only.
  pagehideownchild: `
      ${helpers}
      const box = document.createElement('div');
      document.body.append(box);
      const g = document.createElement('iframe');
      g.src = '/attack37-child';
      const d = document.createElement('div');
      box.append(g, d);
      const f = frame();
      customElements.define('x-phoc-thirtyseven', class extends HTMLElement {
        connectedCallback() {
          if (!armed) return;
          armed = false;
          tryGrab('connectedCallback (x-phoc-thirtyseven)');
          try { moveOut(f); } catch (e) { note('moveOut threw ' + e.name); }
        }
      });
      f.append(document.createElement('x-phoc-thirtyseven'));
      g.addEventListener('load', () => {
        const gw = window[0];
        note('g: showPicker ' + (wrapped(gw.HTMLInputElement.prototype.showPicker) ? 'wrapped' : 'NATIVE') + ', own append ' + (gw.Element.prototype.append !== Element.prototype.append));
        gw.addEventListener('pagehide', () => { d.append(f); armed = true; note('pagehide: frame in d ' + d.contains(f) + ', f connected ' + f.isConnected); }, { once: true });
        try { box.replaceChildren(d); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
        armed = false;
        note('after: frame connected ' + f.isConnected + ', grabbed ' + !!window.grabbed);
      }, { once: true });`,
  // Top nodes, the top's box.replaceChildren(d); box = [g, d], g an empty frame (no address) put in with the CHILD
  // copy's wrapped append (so the child's copy wraps g's first document and listens there, not the top's).
  pagehideotherarm: `
      ${helpers}
      const c = document.createElement('iframe');
      c.src = '/attack37-child';
      document.body.append(c);
      const box = document.createElement('div');
      document.body.append(box);
      const d = document.createElement('div');
      const f = frame();
      customElements.define('x-phoa-thirtyseven', class extends HTMLElement {
        connectedCallback() {
          if (!armed) return;
          armed = false;
          tryGrab('connectedCallback (x-phoa-thirtyseven)');
          try { moveOut(f); } catch (e) { note('moveOut threw ' + e.name); }
        }
      });
      f.append(document.createElement('x-phoa-thirtyseven'));
      c.addEventListener('load', () => {
        const cw = window[0];
        const g = document.createElement('iframe');
        cw.Element.prototype.append.call(box, g, d);
        const gw = window[1];
        note('g: showPicker ' + (wrapped(gw.HTMLInputElement.prototype.showPicker) ? 'wrapped' : 'NATIVE') + ', child own append ' + (cw.Element.prototype.append !== Element.prototype.append));
        gw.addEventListener('pagehide', () => { d.append(f); armed = true; note('pagehide: frame in d ' + d.contains(f) + ', f connected ' + f.isConnected); }, { once: true });
        try { box.replaceChildren(d); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
        armed = false;
        note('after: frame connected ' + f.isConnected + ', grabbed ' + !!window.grabbed);
      }, { once: true });`,
  // changefirst, the picker opened at once in the callback inside the person's click (no escape needed).
  changeclickopen: `
      ${grabHelpers}
      const box = document.createElement('div');
      document.body.append(box);
      const inp = document.createElement('input');
      const d = document.createElement('div');
      box.append(inp, d);
      const f = frame();
${openInCallback('x-cco-thirtyseven')}      f.append(document.createElement('x-cco-thirtyseven'));
      document.getElementById('open').addEventListener('click', () => {
        inp.focus();
        document.execCommand('insertText', false, 'typed');
        inp.addEventListener('change', () => { d.append(f); go = true; }, { once: true });
        try { box.replaceChildren(d); } catch (e) { note('threw ' + e.name); }
      });`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

const PROBES = {};

export const DETECTION_PROBES = Object.keys(PROBES);

const pages = attackPages(37, picker, PROBES);
export const attack37Page = (path, query) => (path === '/attack37-child' ? CHILD : pages(path, query));
