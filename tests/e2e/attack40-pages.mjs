// Hostile pages for the fortieth attack on the upload guard: what attack
// 39's and the cross-copy fixes (insertions.js sharedGoing: the going stack
// shared by the copies of a tab's same-origin frames, typed-watch.js's
// group; the entry pushed before the hold loop) miss. As in attacks 33-39,
// page code runs INSIDE a native insertion call and puts a frame into a
// node the call is about to insert; a custom element in the frame's
// fallback reads the new first document's native showPicker.
// Served by server.mjs at /attack40-…; tests: attack40.test.mjs.

import { GRAB_AND_MOVE, NOTES_STATUS as STATUS, OPEN_AT_ONCE, attackPages, fallbackGrabber as grabber, grabHelpers, pickerWaysPage } from './uploads.mjs';

// A same-origin page with an address: its own copy of Silbato.
const CHILD = '<!doctype html><title>child</title><p>child</p>';

/**
 * Another realm `cw` with a copy of Silbato of its own (`open`: page code making it and calling `ready(cw)` once
 * its second document has loaded; a first navigation from an initial empty document keeps its window, whose
 * natives the top's copy wrapped). In the person's click (or at once): box = [inp, d] in the top document, inp
 * focused (typed into for 'change'); the top's wrapped replaceChildren(d) (`call`); at inp's `event` the page fills d with
 * f through cw's copy (`cw.Element.prototype.append.call(d, f)`); the native call then moves d: f gets a new first
 * document, whose native showPicker the fallback's callback reads (end of the call).
 */
const otherCopy = (tag, open, event, onConnect = OPEN_AT_ONCE, inClick = true, fillWith = 'cw.Element.prototype.append.call(d, f)', call = 'Element.prototype.replaceChildren.call(box, d)') => `
      ${grabHelpers}
      const park = document.createElement('div');
      document.body.append(park);
      ${grabber(tag, onConnect)}
      const twice = (getWin, navigate, go) => {
        let step = 0;
        const t = setInterval(() => {
          let w = null;
          try { w = getWin(); } catch {}
          let url = '', state = '';
          try { url = w.document.URL; state = w.document.readyState; } catch (e) { url = 'unreadable ' + e.name; }
          if (state !== 'complete') return;
          if (step === 0 && url.includes('/attack40-child') && !url.includes('again')) { step = 1; navigate(w, '/attack40-child?again'); return; }
          if (step === 1 && url.includes('again')) { clearInterval(t); go(w); }
        }, 50);
      };
      const ready = (cw) => {
        note('other copy ready: own append ' + (cw.Element.prototype.append !== Element.prototype.append) + ', opener ' + (cw.opener === window) + ', same origin ' + (cw.location.origin === location.origin));
        const box = document.createElement('div');
        document.body.append(box);
        const inp = document.createElement('input');
        const d = document.createElement('div');
        box.append(inp, d);
        const run = () => {
          inp.focus();
          ${event === 'change' ? "document.execCommand('insertText', false, 'typed');" : ''}
          inp.addEventListener('${event}', () => { const act0 = navigator.userActivation.isActive; try { ${fillWith}; } catch (e) { note('fill threw ' + e.name + ' ' + e.message); } go = true; note('${event}: frame in d ' + d.contains(f) + ', f connected ' + f.isConnected + ', activation before the fill ' + act0 + ', after ' + navigator.userActivation.isActive); }, { once: true });
          try { ${call}; } catch (e) { note('threw ' + e.name + ' ' + e.message); }
          go = false;
          note('after: frame connected ' + f.isConnected + ', grabbed ' + !!window.grabbed);
          ${STATUS}
        };
        ${inClick ? "document.getElementById('open').addEventListener('click', run);" : 'run();'}
      };
      ${open}`;

/** A popup of this origin, its opener taken away (`disown`) before its document loads, navigated a second time. */
const popup = (disown) => `
      const pw = window.open('/attack40-child', 'p' + Math.random().toString(36).slice(2), 'popup,width=200,height=200');
      note('popup ' + (pw ? 'opened' : 'blocked'));
      ${disown ? 'try { pw.opener = null; } catch (e) { note(\'disown threw \' + e.name); }' : ''}
      if (pw) twice(() => pw, (w, u) => { w.location.href = u; }, ready);`;

const WAYS = {
  // Control: the popup keeps its opener (its copy joins the top's group): the fill through its copy is seen.
  popupkept: otherCopy('x-pk-forty', popup(false), 'change'),
  // The same at the blur.
  popupkeptblur: otherCopy('x-pkb-forty', popup(false), 'blur'),
  // The same at load (no click): keep the native showPicker, move f out; the person's click opens it.
  popupkeptgrab: otherCopy('x-pkg-forty', popup(false), 'change', GRAB_AND_MOVE, false),
  // The call itself made through the popup's copy too (popup.Element.prototype.replaceChildren.call(box, d)).
  popupboth: otherCopy('x-pbo-forty', popup(false), 'change', OPEN_AT_ONCE, true, 'cw.Element.prototype.append.call(d, f)', 'cw.Element.prototype.replaceChildren.call(box, d)'),
  // The call through the popup's copy, the fill through the top's own (d.append(f)).
  popupcallonly: otherCopy('x-pco-forty', popup(false), 'change', OPEN_AT_ONCE, true, 'd.append(f)', 'cw.Element.prototype.replaceChildren.call(box, d)'),
  // The popup's opener set to null before its document loads: its copy finds no group up the chain (content.js
  // walks parent, then opener) and makes a group of its own, whose going stack is empty during the top's call.
  popupdisownedchange: otherCopy('x-pdc-forty', popup(true), 'change'),
  popupdisownedblur: otherCopy('x-pdb-forty', popup(true), 'blur'),
  // The same at load (no click): keep the native showPicker, move f out.
  popupdisownedgrab: otherCopy('x-pdg-forty', popup(true), 'change', GRAB_AND_MOVE, false),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

const PROBES = {};
export const DETECTION_PROBES = Object.keys(PROBES);

const pages = attackPages(40, picker, PROBES);
export const attack40Page = (path, query) => (path === '/attack40-child' ? CHILD : pages(path, query));
