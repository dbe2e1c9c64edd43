// Hostile pages for the thirty-second attack on the upload guard: how a
// wrapped insertion is classified (realms.js `beside`, insertions.js
// `intoItself`) before the browser runs it. insertGuarded decides, before
// the native call, that a call the browser would refuse (a frame put inside
// itself) holds nothing; but the browser converts the call's arguments
// (a string's toString, a number's valueOf) first, running page code that
// can take the node called on out of the frame, and then does not refuse:
// it moves the frame (a new first document) unheld. A page that keeps a
// first document's native showPicker (A). Served by server.mjs at
// /attack32-…; tests: attack32.test.mjs.

import { attackPages, grabHelpers, normStack, pickerWaysPage } from './uploads.mjs';

// (A) Each way appends a hidden frame (never answering) and tries to keep a
// first document's native showPicker (grab). `wrapped(f)`: V8's "is not a
// constructor" message writes a wrapper's own source text (known).
// `setup(tag)`: a connected frame `f` in `box` whose fallback holds `c` (a
// div, the node called on) and a custom element `tag` whose connectedCallback
// (while `armed`) tries to grab the frame's new first document; `out` a
// converted argument whose conversion takes `c` out of the frame, into `box`.
const helpers = `${grabHelpers}
      let armed = false;
      const setup = (tag) => {
        const box = document.createElement('div');
        document.body.append(box);
        const f = frame();
        const c = document.createElement('div');
        customElements.define(tag, class extends HTMLElement {
          connectedCallback() { if (armed) { armed = false; tryGrab('connectedCallback of the frame\\'s child (' + tag + ')'); } }
        });
        f.append(c, document.createElement(tag));
        box.append(f);
        const out = (value) => ({ toString() { box.append(c); note('converted: c in the frame ' + f.contains(c)); return value; }, valueOf() { box.append(c); note('valueOf: c in the frame ' + f.contains(c)); return value; } });
        return { box, f, c, out };
      };
      const attempt = (call) => {
        armed = true;
        try { call(); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
        armed = false;
      };`;
/** A way: `c.<call>` where the frame `f` holds `c`, `out(v)` an argument converted by the browser. */
const way = (tag, call) => `
      ${helpers}
      const { box, f, c, out } = setup('${tag}');
      attempt(() => ${call});
      note('after: frame connected ' + f.isConnected + ', parent ' + (f.parentNode && f.parentNode.nodeName) + ', frames ' + window.length);
      if (!window.grabbed && f.isConnected) tryGrab('after the call');`;
const WAYS = {
  // c.append(f, out('x')): intoItself (contains(f, c)) says refused; the browser converts 'x' (toString takes c out
  // into box) and then moves f into c.
  appendtostring: way('x-append-thirtytwo', "c.append(f, out('x'))"),
  // The same with prepend and replaceChildren (Element's).
  prependtostring: way('x-prepend-thirtytwo', "c.prepend(out('x'), f)"),
  replacechildrentostring: way('x-rc-thirtytwo', "c.replaceChildren(f, out('x'))"),
  // Beside c (into its parent, f itself while classified): the browser converts, c is then in box, and f goes
  // beside c, into box (moved).
  aftertostring: way('x-after-thirtytwo', "c.after(out('x'), f)"),
  beforetostring: way('x-before-thirtytwo', "c.before(f, out('x'))"),
  replacewithtostring: way('x-rw-thirtytwo', "c.replaceWith(f, out('x'))"),
  // insertAdjacentElement with a position that is an object (taken as beside: target f, refused); its toString
  // takes c out and answers 'beforeend' (into c, now in box).
  adjacenttostring: way('x-adj-thirtytwo', "c.insertAdjacentElement(out('beforeend'), f)"),
  // Also 'afterend' from a position object: beside c, into box.
  adjacentafterend: way('x-adjae-thirtytwo', "c.insertAdjacentElement(out('afterend'), f)"),
  // Control: c.append(f, 'x') with c still in the frame (no page code converted): the browser refuses, nothing moves.
  appendrefused: way('x-refused-thirtytwo', "c.append(f, 'x')"),
  // The frame, with c in it, never connected: out('x') takes c into box (connected), and the browser then puts f into
  // c: its first connection, unheld.
  detachedtostring: `
      ${helpers}
      const { box, f, c, out } = setup('x-detached-thirtytwo');
      f.remove();
      attempt(() => c.append(f, out('x')));
      note('after: frame connected ' + f.isConnected + ', frames ' + window.length);
      if (!window.grabbed && f.isConnected) tryGrab('after the call');`,
  // Not intoItself but survey: a detached <div> d holding nothing is surveyed (no frame: the call made plain); the
  // conversion of the next argument then puts the frame (and its custom element child) into d, and the browser
  // connects d, the frame in it.
  appendfilled: `
      ${helpers}
      const { box, f, c, out } = setup('x-filled-thirtytwo');
      f.remove();
      const d = document.createElement('div');
      attempt(() => box.append(d, { toString() { d.append(f); note('converted: frame in d ' + d.contains(f)); return 'x'; } }));
      note('after: frame connected ' + f.isConnected + ', frames ' + window.length);
      if (!window.grabbed && f.isConnected) tryGrab('after the call');`,
  // The same when the survey did find a frame (d holds a plain frame g, held back by a stand-in): the conversion puts
  // the second frame f (its custom element child) into d, which the browser connects with it, unheld.
  heldfilled: `
      ${helpers}
      const { box, f, c, out } = setup('x-heldfilled-thirtytwo');
      f.remove();
      const d = document.createElement('div');
      d.append(frame());
      attempt(() => box.append(d, { toString() { d.append(f); note('converted: frame in d ' + d.contains(f)); return 'x'; } }));
      note('after: frame connected ' + f.isConnected + ', frames ' + window.length);
      if (!window.grabbed && f.isConnected) tryGrab('after the call');`,
  // The same through insertAdjacentElement's position object (its toString fills d, then answers 'beforeend').
  adjacentfilled: `
      ${helpers}
      const { box, f, c, out } = setup('x-adjfilled-thirtytwo');
      f.remove();
      const d = document.createElement('div');
      attempt(() => box.insertAdjacentElement({ toString() { d.append(f); note('converted: frame in d ' + d.contains(f)); return 'beforeend'; } }, d));
      note('after: frame connected ' + f.isConnected + ', frames ' + window.length);
      if (!window.grabbed && f.isConnected) tryGrab('after the call');`,
  // HTMLSelectElement.add(option, before): a <select> inside an <option> that holds the frame (the option an
  // ancestor of the select: refused); `before` a number's valueOf takes the select out first.
  selectaddvalueof: `
      ${helpers}
      const box = document.createElement('div');
      document.body.append(box);
      const f = frame();
      const o = document.createElement('option');
      const s = document.createElement('select');
      customElements.define('x-sel-thirtytwo', class extends HTMLElement {
        connectedCallback() { if (armed) { armed = false; tryGrab('connectedCallback of the frame\\'s child (select.add)'); } }
      });
      f.append(document.createElement('x-sel-thirtytwo'));
      o.append(s, f);
      box.append(o);
      attempt(() => s.add(o, { valueOf() { box.append(s); note('valueOf: select in the option ' + o.contains(s)); return 0; } }));
      note('after: frame connected ' + f.isConnected + ', frames ' + window.length);
      if (!window.grabbed && f.isConnected) tryGrab('after the call');`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

// (B) No probes this time.
const norm = normStack;

const PROBES = {
  // The arguments a wrapped insertion converts (Silbato converts them first, once, since the fix of 2026-12-07):
  // the order and count of the page's toString/valueOf calls, what the browser makes of them, where conversion
  // stops (a Symbol, too few arguments, an option that is none), and the stack of an error thrown from a toString.
  conversions: `${norm}
      const log = [];
      const obj = (k, v = k) => ({ toString() { log.push('s:' + k); return v; }, valueOf() { log.push('v:' + k); return 1; } });
      const out = [];
      const run = (k, f) => {
        log.length = 0;
        let r;
        try { r = f(); r = 'ok ' + (r && r.nodeName ? r.nodeName : String(r)); } catch (e) { r = e.name + ': ' + e.message + ' @ ' + norm(e.stack).split('\\n').slice(1, 4).join(' ; '); }
        out.push(k + ' [' + log.join(',') + '] ' + r);
      };
      const div = () => document.body.appendChild(document.createElement('div'));
      run('append', () => { const d = div(); d.append(obj('a'), 'b', obj('c')); return d.textContent; });
      run('appendsymbol', () => div().append(obj('a'), Symbol('s'), obj('c')));
      run('prepend', () => { const d = div(); d.prepend(obj('a'), document.createElement('i'), obj('c')); return d.innerHTML; });
      run('replacechildren', () => { const d = div(); d.replaceChildren(obj('x'), obj('y')); return d.innerHTML; });
      run('before', () => { const d = div(); d.before(obj('p')); return d.previousSibling.data; });
      run('replacewith', () => { const d = div(); const p = d.parentNode; d.replaceWith(obj('q'), obj('r')); return p.lastChild.data; });
      run('throwing', () => div().append({ toString() { throw new Error('inside toString'); } }));
      run('toprimitive', () => div().append({ [Symbol.toPrimitive](h) { log.push('h:' + h); return 'tp'; } }));
      run('adjacent', () => div().insertAdjacentElement(obj('beforeend', 'beforeend'), document.createElement('b')));
      run('adjacentone', () => div().insertAdjacentElement(obj('beforeend')));
      run('adjacentbad', () => div().insertAdjacentElement(obj('nowhere'), document.createElement('b')));
      run('adjacentnotelement', () => div().insertAdjacentElement(obj('beforeend'), 'x'));
      const sel = () => { const s = document.createElement('select'); s.append(new Option('1'), new Option('2')); return s; };
      run('add', () => { const s = sel(); s.add(new Option('n'), obj('i')); return s.options[1].text; });
      run('addnotoption', () => sel().add(document.createElement('div'), obj('i')));
      run('addelement', () => { const s = sel(); s.add(new Option('n'), s.options[0]); return s.options[0].text; });
      run('addnull', () => { const s = sel(); s.add(new Option('n'), null); return s.options[2].text; });
      run('optionsadd', () => { const s = sel(); s.options.add(new Option('n'), obj('i')); return s.options[1].text; });
      return out.join(' | ');`,
  // Conversions the language itself refuses: select.add with an index whose valueOf gives a BigInt, append of an
  // object with no primitive value: the errors.
  conversionfails: `${norm}
      const tell = (f) => { try { f(); return 'done'; } catch (e) { return e.name + ': ' + e.message + ' @ ' + norm(e.stack).split('\\n').slice(1, 3).join(' ; '); } };
      const s = document.createElement('select');
      return tell(() => s.add(new Option('n'), { valueOf() { return 1n; } })) + ' | ' + tell(() => document.createElement('div').append({ toString() { return {}; }, valueOf() { return {}; } }));`,
};

export const DETECTION_PROBES = Object.keys(PROBES);

export const attack32Page = attackPages(32, picker, PROBES);
