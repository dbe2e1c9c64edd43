// Hostile pages for the thirty-third attack on the upload guard: page code
// the browser runs INSIDE a wrapped insertion's native call, before it
// inserts, with no argument converted: the events a removal fires
// synchronously (a focused element's `blur`, taken out of the document by
// the call; a removed frame's `pagehide`). insertGuarded (insertions.js)
// surveys the nodes before the native call; the page's listener then fills
// a node already surveyed (or moves one already held back) with a frame,
// and the browser connects it unheld. A page that keeps a first document's
// native showPicker (A). Served by server.mjs at /attack33-…; tests:
// attack33.test.mjs.

import { attackPages, grabHelpers, normStack, openInCallback, pickerWaysPage } from './uploads.mjs';

// (A) Each way appends a hidden frame (never answering) and tries to keep a
// first document's native showPicker (grab). `wrapped(f)`: V8's "is not a
// constructor" message writes a wrapper's own source text (known).
// `setup(tag)`: a detached frame `f` holding a custom element `tag` whose
// connectedCallback (while `armed`) tries to grab the frame's new first
// document; a connected `box` holding a focused <input> `inp`; `fill(d)`,
// the page's listener: puts `f` into `d` (a wrapped append) and arms.
const helpers = `${grabHelpers}
      let armed = false;
      const setup = (tag) => {
        const box = document.createElement('div');
        document.body.append(box);
        const inp = document.createElement('input');
        box.append(inp);
        inp.focus();
        note('focused ' + (document.activeElement === inp) + ', hasFocus ' + document.hasFocus());
        const f = frame();
        customElements.define(tag, class extends HTMLElement {
          connectedCallback() { if (armed) { armed = false; tryGrab('connectedCallback of the frame\\'s child (' + tag + ')'); } }
        });
        f.append(document.createElement(tag));
        const fill = (d, why) => { d.append(f); armed = true; note(why + ': frame in d ' + d.contains(f) + ', d connected ' + d.isConnected); };
        return { box, inp, f, fill };
      };
      const attempt = (call) => {
        try { call(); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
        armed = false;
      };
      const after = (f) => {
        note('after: frame connected ' + f.isConnected + ', frames ' + window.length);
        if (!window.grabbed && f.isConnected) tryGrab('after the call');
      };`;
/** A way where the call takes `box`'s focused input out (blur) and puts `d` (detached, empty when surveyed) in. */
const blurWay = (tag, call) => `
      ${helpers}
      const { box, inp, f, fill } = setup('${tag}');
      const d = document.createElement('div');
      inp.addEventListener('blur', () => fill(d, 'blur'), { once: true });
      attempt(() => ${call});
      after(f);`;
const WAYS = {
  // box.replaceChildren(d): d empty and detached when surveyed (insertSurveyed: plain call); the browser removes
  // box's children first, the focused input's blur runs the page's listener, which puts f into d; then the browser
  // inserts d, f in it.
  blurreplacechildren: blurWay('x-rc-thirtythree', 'box.replaceChildren(d)'),
  // inp.replaceWith(d): the input itself removed (blur) before d goes in.
  blurreplacewith: blurWay('x-rw-thirtythree', 'inp.replaceWith(d)'),
  // box.replaceChild(d, inp): Node's, one argument inserted.
  blurreplacechild: blurWay('x-rch-thirtythree', 'box.replaceChild(d, inp)'),
  // A table's caption setter: the old caption (holding the focused input) deleted, then the new one inserted.
  blurcaption: `
      ${helpers}
      const { box, inp, f, fill } = setup('x-cap-thirtythree');
      const t = document.createElement('table');
      const old = t.createCaption();
      box.append(t);
      old.append(inp);
      inp.focus();
      note('focused again ' + (document.activeElement === inp));
      const d = document.createElement('caption');
      inp.addEventListener('blur', () => fill(d, 'blur'), { once: true });
      attempt(() => { t.caption = d; });
      after(f);`,
  // box.appendChild(d) where d, connected elsewhere, holds the focused input: the browser takes d out of its old
  // place first (blur); the listener puts f into d, then (connected: a guarded call, f reached), and the browser
  // moves d, f in it: f disconnected and connected again, a new first document, unheld.
  blurmoved: `
      ${helpers}
      const { box, inp, f, fill } = setup('x-moved-thirtythree');
      const home = document.createElement('div');
      document.body.append(home);
      const d = document.createElement('div');
      home.append(d);
      d.append(inp);
      inp.focus();
      note('focused again ' + (document.activeElement === inp));
      inp.addEventListener('blur', () => fill(d, 'blur'), { once: true });
      attempt(() => box.appendChild(d));
      after(f);`,
  // The frame held back: d (connected elsewhere) holds the focused input and a frame g (with the custom element),
  // surveyed, g held (a stand-in in its place); the blur listener puts g back into d (connected: a guarded call,
  // g reached), and the browser moves d, g in it: connected again, unheld, before insertSurveyed puts it back.
  blurheld: `
      ${helpers}
      const { box, inp, f, fill } = setup('x-held-thirtythree');
      const home = document.createElement('div');
      document.body.append(home);
      const d = document.createElement('div');
      home.append(d);
      d.append(inp, f);
      inp.focus();
      note('focused again ' + (document.activeElement === inp) + ', frames ' + window.length);
      inp.addEventListener('blur', () => { const was = f.parentNode && f.parentNode.nodeName; fill(d, 'blur (f was in ' + was + ')'); }, { once: true });
      attempt(() => box.appendChild(d));
      after(f);`,
  // Range.surroundContents(d) (surroundGuarded): the range holds the focused input, extracted (blur) before d goes
  // into the range; the listener fills d, empty when looked at.
  blursurround: `
      ${helpers}
      const { box, inp, f, fill } = setup('x-surround-thirtythree');
      const r = document.createRange();
      r.selectNodeContents(box);
      const d = document.createElement('div');
      inp.addEventListener('blur', () => fill(d, 'blur'), { once: true });
      attempt(() => r.surroundContents(d));
      after(f);`,
  // pagehide with no focus, through Node's replaceChild: box.replaceChild(d, g), g a frame (its realm wrapped) whose
  // window's pagehide listener (the top's) fills d, empty when surveyed.
  pagehidereplacechild: `
      ${helpers}
      const { box, inp, f, fill } = setup('x-phrc-thirtythree');
      inp.remove();
      const g = frame();
      box.append(g);
      const d = document.createElement('div');
      g.contentWindow.addEventListener('pagehide', () => fill(d, 'pagehide'), { once: true });
      attempt(() => box.replaceChild(d, g));
      after(f);`,
  // Not blur: a removed frame's pagehide (its realm wrapped, the listener the top's): box holds a frame g that the
  // call removes (replaceChildren) before it inserts d.
  pagehidereplace: `
      ${helpers}
      const { box, inp, f, fill } = setup('x-ph-thirtythree');
      inp.remove();
      const g = frame();
      box.append(g);
      const d = document.createElement('div');
      const gw = g.contentWindow;
      note('g window ' + !!gw);
      for (const type of ['pagehide', 'unload', 'visibilitychange']) {
        try { gw.addEventListener(type, () => { if (!d.contains(f)) fill(d, type); }); } catch (e) { note('listen ' + type + ' ' + e.message); }
      }
      attempt(() => box.replaceChildren(d));
      after(f);`,
  // The same inside the person's click (its activation live): a listener on "attach a photo", ahead of the page's
  // own, focuses the input and makes the call (its blur fills d); the connectedCallback keeps the first document's
  // showPicker, which the page's own click handler then calls.
  blurinclick: `
      ${helpers}
      const { box, inp, f, fill } = setup('x-bic-thirtythree');
      inp.blur();
      const d = document.createElement('div');
      document.getElementById('open').addEventListener('click', () => {
        inp.focus();
        inp.addEventListener('blur', () => fill(d, 'blur in the click'), { once: true });
        attempt(() => box.replaceChildren(d));
        after(f);
      });`,
  // And the callback itself opening the first document's picker at once, inside the call made in the click.
  blurinclickopen: `
      ${helpers}
      const box = document.createElement('div');
      document.body.append(box);
      const inp = document.createElement('input');
      box.append(inp);
      const f = frame();
${openInCallback('x-bico-thirtythree')}      f.append(document.createElement('x-bico-thirtythree'));
      const d = document.createElement('div');
      document.getElementById('open').addEventListener('click', () => {
        inp.focus();
        inp.addEventListener('blur', () => { d.append(f); go = true; }, { once: true });
        try { box.replaceChildren(d); } catch (e) { note('threw ' + e.name); }
      });`,
  // Control: box.replaceChildren(d) with nothing focused: no page code inside the call; f is put into d after.
  noblur: `
      ${helpers}
      const { box, inp, f, fill } = setup('x-noblur-thirtythree');
      inp.blur();
      const d = document.createElement('div');
      inp.addEventListener('blur', () => fill(d, 'blur'), { once: true });
      attempt(() => box.replaceChildren(d));
      note('blur ran ' + d.contains(f));
      after(f);`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

const norm = normStack;

const PROBES = {
  // A TrustedScript given to append (the browser takes it as one, with no conversion of the page's): its
  // prototype's toString replaced by the page's.
  trustedscript: `
      const log = [];
      if (!window.trustedTypes) return 'no trustedTypes';
      const p = trustedTypes.createPolicy('p33', { createScript: (s) => s });
      const ts = p.createScript('t33');
      const own = TrustedScript.prototype.toString;
      TrustedScript.prototype.toString = function () { log.push('toString'); return 'page'; };
      const d = document.createElement('div');
      let r;
      try { d.append(ts); r = d.textContent; } catch (e) { r = e.name + ': ' + e.message; }
      const s = document.createElement('script');
      s.type = 'text/x-none';
      let r2;
      try { s.append(ts); r2 = s.text; } catch (e) { r2 = e.name + ': ' + e.message; }
      TrustedScript.prototype.toString = own;
      return 'div ' + r + ', script ' + r2 + ' [' + log.join(',') + ']';`,
  // A Proxy (of a node and of a plain object) given to append: the traps run (order, keys), and a revoked one.
  proxies: `${norm}
      const log = [];
      const handler = { get(t, k, r) { log.push('get:' + String(k)); return Reflect.get(t, k, t); }, has(t, k) { log.push('has:' + String(k)); return Reflect.has(t, k); }, getPrototypeOf(t) { log.push('proto'); return Reflect.getPrototypeOf(t); } };
      const out = [];
      const run = (k, f) => {
        log.length = 0;
        let r;
        try { r = 'ok ' + f(); } catch (e) { r = e.name + ': ' + e.message + ' @ ' + norm(e.stack).split('\\n').slice(1, 3).join(' ; '); }
        out.push(k + ' [' + log.join(',') + '] ' + r);
      };
      run('nodeproxy', () => { const d = document.createElement('div'); d.append(new Proxy(document.createElement('b'), handler)); return d.innerHTML; });
      run('objproxy', () => { const d = document.createElement('div'); d.append(new Proxy({ toString() { return 'x'; } }, handler)); return d.innerHTML; });
      run('addproxy', () => { const s = document.createElement('select'); s.add(new Option('n'), new Proxy({ valueOf() { return 0; } }, handler)); return s.options[0].text; });
      run('adjproxy', () => document.createElement('div').insertAdjacentElement(new Proxy({ toString() { return 'beforeend'; } }, handler), document.createElement('i')).nodeName);
      return out.join(' | ');`,
  // A focused input taken out by a wrapped call: the blur's order against the call (what the listener sees).
  blurorder: `
      const log = [];
      const box = document.body.appendChild(document.createElement('div'));
      const inp = box.appendChild(document.createElement('input'));
      inp.focus();
      const d = document.createElement('div');
      inp.addEventListener('blur', () => log.push('blur d connected ' + d.isConnected + ', box children ' + box.childNodes.length));
      box.replaceChildren(d);
      log.push('after ' + d.isConnected);
      return log.join(' | ');`,
};

export const DETECTION_PROBES = Object.keys(PROBES);

export const attack33Page = attackPages(33, picker, PROBES);
