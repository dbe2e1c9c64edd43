// Hostile pages for the thirty-ninth attack on the upload guard: what
// attack 38's fix (insertions.js putCodeBack: a held code element is taken
// out first, then put back guarded) misses. Here page code runs while
// Silbato HOLDS the nodes (insertSurveyed's hold loop, before the native
// call, while `going` is still empty): the native replaceChild that takes
// a connected custom element out for its stand-in runs its
// disconnectedCallback, and taking a held frame out runs its window's
// pagehide. That code puts a frame into a node already surveyed; the
// native call then moves it (a new first document) and a custom element in
// the frame's fallback reads its native showPicker at the end of the call.
// Served by server.mjs at /attack39-…; tests: attack39.test.mjs.

import { GRAB_AND_MOVE, NOTES_STATUS as STATUS, OPEN_AT_ONCE, attackPages, fallbackGrabber as grabber, grabHelpers, pickerWaysPage } from './uploads.mjs';

/**
 * In the person's click: d (connected in box1) holds a frame g (so the survey holds code) and a defined custom
 * element x; box2.append(d) (`call`) moves d. Silbato's hold loop takes x out for a stand-in with a native
 * replaceChild: `trigger` is the page code that then runs (x's disconnectedCallback, or g's window's pagehide as g
 * is taken out first); it fills d with f (`fillWith`) while nothing is `going`. The native call moves d: f gets a
 * new first document; its fallback's callback (end of the call) opens the picker.
 */
const holdWay = (tag, trigger, fillWith = 'd.append(f)', call = 'box2.append(d)', onConnect = OPEN_AT_ONCE, inClick = true) => `
      ${grabHelpers}
      const park = document.createElement('div');
      document.body.append(park);
      ${grabber(tag, onConnect)}
      let arm = false;
      const fill = (where) => {
        if (!arm) return;
        arm = false;
        try { ${fillWith}; } catch (e) { note('fill threw ' + e.name + ' ' + e.message); }
        go = true;
        note(where + ': f in d ' + d.contains(f) + ', f connected ' + f.isConnected + ', g parent ' + (g.parentNode && g.parentNode.nodeName));
      };
      customElements.define('${tag}-x', class extends HTMLElement {
        disconnectedCallback() { ${trigger === 'disconnected' ? "fill('disconnected');" : ''} }
      });
      const box1 = document.createElement('div');
      document.body.append(box1);
      const box2 = document.createElement('div');
      document.body.append(box2);
      const d = document.createElement('div');
      const g = document.createElement('iframe');
      const x = document.createElement('${tag}-x');
      d.append(g, x);
      box1.append(d);
      const inp = document.createElement('input');
      x.append(inp);
      inp.addEventListener('blur', () => { ${trigger === 'blur' ? "fill('blur')" : ''}; });
      ${trigger === 'pagehide' ? "g.contentWindow.addEventListener('pagehide', () => fill('pagehide'));" : ''}
      ${trigger === 'unload' ? "g.contentWindow.addEventListener('unload', () => fill('unload'));" : ''}
      const run = () => {
        if ('${trigger}' === 'blur') inp.focus();
        arm = true;
        try { ${call}; } catch (e) { note('threw ' + e.name + ' ' + e.message); }
        go = false;
        arm = false;
        note('after: f connected ' + f.isConnected + ', frames ' + window.length + ', grabbed ' + !!window.grabbed);
        ${STATUS}
      };
      ${inClick ? "document.getElementById('open').addEventListener('click', run);" : 'run();'}`;

/**
 * In the person's click: box2.append(d, e), e detached; d (connected) holds a frame g and a defined custom element
 * x. At x's disconnectedCallback (Silbato's hold loop, nothing going) the page puts an inline script s and frame f
 * (order `order`) into e with the wrapped e.append (all detached: nothing runs). The native call then connects e:
 * f gets its first document and s runs inside the call (post-insertion steps), reading f's showPicker.
 */
const holdScriptWay = (tag, order, trigger = 'disconnected', early = false) => `
      ${grabHelpers}
      const f = frame();
      window.openFrom = (where) => {
        const b = last();
        note(where + ': f connected ' + f.isConnected + ', b: ' + says(b));
        if (!b || wrapped(b.HTMLInputElement.prototype.showPicker)) return;
        ${OPEN_AT_ONCE}
      };
      let arm = false;
      const e = document.createElement('div');
      const fill = (where) => {
        if (!arm) return;
        arm = false;
        const s = document.createElement('script');
        s.text = "window.openFrom('script')";
        try { e.append(${order}); } catch (er) { note('fill threw ' + er.name + ' ' + er.message); }
        note(where + ': filled e, connected ' + e.isConnected);
      };
      customElements.define('${tag}-x', class extends HTMLElement {
        disconnectedCallback() { ${trigger === 'disconnected' ? "fill('disconnected');" : ''} }
      });
      const box1 = document.createElement('div');
      document.body.append(box1);
      const box2 = document.createElement('div');
      document.body.append(box2);
      const d = document.createElement('div');
      const g = document.createElement('iframe');
      const x = document.createElement('${tag}-x');
      d.append(g, x);
      box1.append(d);
      ${trigger === 'pagehide' ? "g.contentWindow.addEventListener('pagehide', () => fill('pagehide'));" : ''}
      if (${early}) { arm = true; fill('before the click'); }
      document.getElementById('open').addEventListener('click', () => {
        arm = true;
        try { box2.append(d, e); } catch (er) { note('threw ' + er.name + ' ' + er.message); }
        arm = false;
        note('after: f connected ' + f.isConnected + ', frames ' + window.length);
        ${STATUS}
      });`;

const WAYS = {
  // Control: the same nodes, e filled BEFORE the call (surveyed, f and s held): no picker.
  holdscriptcontrol: holdScriptWay('x-hsc-thirtynine', 'f, s', 'none', true),
  // Script s BEFORE f in e: s runs before f has a window (no picker).
  holdscriptbefore: holdScriptWay('x-hsb-thirtynine', 's, f'),
  // Script s after f in e, filled at x's disconnectedCallback in the hold loop: s reads f's native showPicker.
  holdscriptafter: holdScriptWay('x-hsa-thirtynine', 'f, s'),
  // The same, filled at g's pagehide (g taken out by the hold loop).
  holdscriptpagehide: holdScriptWay('x-hsp-thirtynine', 'f, s', 'pagehide'),
  // Fill at x's disconnectedCallback as the hold loop takes x out (going empty), by the wrapped d.append(f).
  holddisconnected: holdWay('x-hd-thirtynine', 'disconnected'),
  // Fill at g's pagehide as the hold loop takes frame g out.
  holdpagehide: holdWay('x-hp-thirtynine', 'pagehide'),
  // The same at g's unload.
  holdunload: holdWay('x-hu-thirtynine', 'unload'),
  // Fill at the blur of a focused input in x as the hold loop takes x out.
  holdblur: holdWay('x-hbl-thirtynine', 'blur'),
  // holddisconnected as the page loads (no click): keep f's native showPicker, move f out (moveBefore) so the
  // after-look finds no frame; the picker at the person's click, with the kept showPicker.
  holddisconnectedgrab: holdWay('x-hdg-thirtynine', 'disconnected', 'd.append(f)', 'box2.append(d)', GRAB_AND_MOVE, false),
  // The same, filled at g's pagehide.
  holdpagehidegrab: holdWay('x-hpg-thirtynine', 'pagehide', 'd.append(f)', 'box2.append(d)', GRAB_AND_MOVE, false),
  // holddisconnected with the call replaceChildren.
  holddisconnectedreplacechildren: holdWay('x-hdr-thirtynine', 'disconnected', 'd.append(f)', 'box2.replaceChildren(d)'),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

const PROBES = {};
export const DETECTION_PROBES = Object.keys(PROBES);

export const attack39Page = attackPages(39, picker, PROBES);
