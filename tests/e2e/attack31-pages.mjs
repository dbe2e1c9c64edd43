// Hostile pages for the thirty-first attack on the upload guard: insertions.js
// `insertGuarded`/`insertSurveyed` (what it holds back, and what it skips:
// `intoItself`, frames its survey cannot see) and natives.js `scrub`'s
// `browsersOwn` (which error it takes for the browser's own, made by the
// wrapped call). A page that can tell Silbato is there (B), or keep a first
// document's native showPicker (A). Served by server.mjs at /attack31-…;
// tests: attack31.test.mjs.

import { attackPages, grabHelpers, normStack, pickerWaysPage } from './uploads.mjs';

// (A) Each way appends a hidden frame (never answering) and tries to keep a
// first document's native showPicker (grab). `wrapped(f)`: V8's "is not a
// constructor" message writes a wrapper's own source text (known).
const helpers = `${grabHelpers}`;
const WAYS = {
  // A connected frame (its child a custom element) put after itself with insertAdjacentElement('afterend', f): the
  // frame "contains" the node called on (itself), so insertGuarded takes the call for one the browser refuses
  // (intoItself) and surveys nothing; but the browser moves the frame (a new first document) and its child's
  // callbacks run at the end of that call.
  adjacentself: `
      ${helpers}
      const box = document.createElement('div');
      document.body.append(box);
      const f = frame();
      let armed = false;
      customElements.define('x-self-thirtyone', class extends HTMLElement {
        connectedCallback() { if (armed) { armed = false; tryGrab('connectedCallback of the frame\\'s child, frame put after itself'); } }
      });
      f.appendChild(document.createElement('x-self-thirtyone'));
      box.append(f);
      armed = true;
      try { f.insertAdjacentElement('afterend', f); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
      armed = false;
      note('after: frame connected ' + f.isConnected);`,
  // The same with 'beforebegin' and a sibling after the frame (the browser's insertBefore(f, f) moves nothing?).
  adjacentselfbefore: `
      ${helpers}
      const box = document.createElement('div');
      document.body.append(box);
      const f = frame();
      let armed = false;
      customElements.define('x-selfb-thirtyone', class extends HTMLElement {
        connectedCallback() { if (armed) { armed = false; tryGrab('connectedCallback of the frame\\'s child, frame put before itself'); } }
      });
      f.appendChild(document.createElement('x-selfb-thirtyone'));
      box.append(f, document.createElement('span'));
      armed = true;
      try { f.insertAdjacentElement('beforebegin', f); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
      armed = false;
      note('after: frame connected ' + f.isConnected);`,
  // A frame in a declarative closed shadow root written with document.write while the page is parsed (a root the
  // page world never sees made; window[i] leaves the frame out), a custom element after it in that root: its
  // connectedCallback takes the frame from its root (getRootNode), gives it a custom element child (a wrapped
  // append) and moves it into the document with moveBefore (its realm kept, now in window[i]); the child's
  // connectedMoveCallback runs inside moveBefore, before the walk moveBefore's wrapper does as it returns.
  shadowwrite: `
      ${helpers}
      let moved = false;
      customElements.define('x-child-thirtyone', class extends HTMLElement {
        connectedMoveCallback() { if (moved) { moved = false; tryGrab('connectedMoveCallback inside moveBefore'); } }
        connectedCallback() { if (moved) { moved = false; tryGrab('connectedCallback inside moveBefore'); } }
      });
      customElements.define('x-mover-thirtyone', class extends HTMLElement {
        connectedCallback() {
          const root = this.getRootNode();
          const g = root.querySelector && root.querySelector('iframe');
          note('mover: root ' + (root && root.constructor.name) + ', frame ' + !!g + ' connected ' + (g && g.isConnected) + ', frames ' + window.length);
          if (!g) return;
          g.append(document.createElement('x-child-thirtyone'));
          moved = true;
          try { document.body.moveBefore(g, null); } catch (e) { note('moveBefore threw ' + e.name + ' ' + e.message); }
          moved = false;
          note('after moveBefore: frames ' + window.length);
          if (!window.grabbed) tryGrab('after moveBefore');
        }
      });
      document.write('<div><template shadowrootmode="closed"><iframe src="/px/never.gif" style="display:none"></iframe><x-mover-thirtyone></x-mover-thirtyone></template></div>');`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

// (B) Telling Silbato is there, with no action of the person.
const norm = normStack;

const PROBES = {
  // Errors thrown by page code a wrapped append runs (a toString it converts), that browsersOwn takes for the
  // browser's own error of that append: the browser's "Illegal invocation" of a native Silbato does not wrap
  // (querySelector on {}), the browser's error of another interface's `append` (FormData's) that names 'append',
  // a page's own TypeError worded "Illegal invocation" or "Failed to execute 'append' on 'Element'", and a browser
  // error made earlier (querySelector()) whose message the page rewrote to name 'append', rethrown. The stacks read as they are and with a
  // formatter the page sets later (the frames' function names).
  namedinside: `${norm}
      const out = [];
      function madeEarlier() { try { document.querySelector(); } catch (e) { e.message = "Failed to execute 'append' on 'Element': rewritten"; return e; } }
      const inside = {
        illegalnative: () => Document.prototype.querySelector.call({}, 'a'),
        formdata: () => new FormData().append(),
        ownillegal: () => { throw new TypeError('Illegal invocation'); },
        ownfailed: () => { throw new TypeError("Failed to execute 'append' on 'Element': own"); },
        rewritten: () => { throw madeEarlier(); },
      };
      const late = (e) => { Error.prepareStackTrace = (x, fr) => 'late:' + fr.length + ':' + fr.map((c) => c.getFunctionName()).join(','); try { return String(e && e.stack); } finally { delete Error.prepareStackTrace; } };
      function viaAppend(k) { document.createElement('div').append({ toString: function convert() { inside[k](); return 'x'; } }); }
      for (const k of Object.keys(inside)) {
        let e, e2;
        try { viaAppend(k); } catch (x) { e = x; }
        try { viaAppend(k); } catch (x) { e2 = x; }
        out.push(k + ': ' + (e && e.name) + ' ' + norm(e && e.stack) + ' / ' + late(e2));
      }
      return out.join(' | ');`,
  // Controls for namedinside: a wrapped call's own browser error (appendChild('x'), its frames taken again once, at
  // its own call), its message rewritten to name 'append' or not, rethrown from a toString a wrapped append
  // converts, and through two wrapped calls (an append inside a setAttribute's toString); the stacks read last.
  rethrownwrapped: `${norm}
      const out = [];
      function madeHere(rename) { try { document.createElement('div').appendChild('x'); } catch (e) { if (rename) e.message = "Failed to execute 'append' on 'Element': rewritten"; return e; } }
      function once(e) { document.createElement('div').append({ toString() { throw e; } }); }
      function twice(e) { document.createElement('div').setAttribute({ toString() { once(e); return 'a'; } }, 'x'); }
      for (const rename of [false, true]) {
        for (const [k, how] of [['once', once], ['twice', twice]]) {
          const e = madeHere(rename);
          let again;
          try { how(e); } catch (x) { again = x; }
          out.push((rename ? 'renamed ' : '') + k + ': same ' + (again === e) + ' ' + norm(e.stack));
        }
      }
      return out.join(' | ');`,
};

export const DETECTION_PROBES = Object.keys(PROBES);

export const attack31Page = attackPages(31, picker, PROBES);
