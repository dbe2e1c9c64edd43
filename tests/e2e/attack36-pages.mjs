// Hostile pages for the thirty-sixth attack on the upload guard: what
// attack 35's fix (insertions.js stillGoing: a going node counts as still to
// go in unless it is now a child of `into`, the place the call puts it, and
// "moved" since the call came in, read as a parent OR next sibling unlike
// the ones recorded) misses. As in attacks 33-35, page code runs INSIDE the
// native call (a focused element's `blur` as the call takes it out) and a
// frame is connected with nothing holding it; a custom element in the
// frame's fallback keeps the new first document's native showPicker.
// Served by server.mjs at /attack36-…; tests: attack36.test.mjs.

import { attackPages, focusedBoxHelpers, grabHelpers, openInCallback, pickerWaysPage } from './uploads.mjs';

// As attack35's helpers: `setup(tag)` makes a detached frame `f` holding
// custom element `tag`, whose connectedCallback (while `armed`) tries to
// grab the frame's first document and then runs `window.onGrab(f)`; a
// connected `box` holding a focused <input> `inp` (and `extra` children
// after it, made by `kids(box)`); `fill(d)`: the blur listener's wrapped
// `d.append(f)`.
const helpers = focusedBoxHelpers("'blur: frame in d ' + d.contains(f) + ', d parent ' + (d.parentNode ? (d.parentNode === box ? 'box' : d.parentNode.nodeName) : null) + ', next ' + (d.nextSibling ? d.nextSibling.nodeName : null) + ', f connected ' + f.isConnected");

/**
 * d already a child of box (after the focused input, before a span `s`);
 * `call` puts d where it is (box); the blur listener runs `listen` (which
 * fills d) and the callback runs `escape` once it grabbed.
 */
const inPlace = (tag, call, listen, escape, extra = '') => `
      ${helpers}
      let d, s;
      const { box, inp, f, fill } = setup('${tag}', (b) => { d = document.createElement('div'); s = document.createElement('span'); b.append(d, s); });
      ${extra}
      ${escape ? `window.onGrab = ${escape};` : ''}
      inp.addEventListener('blur', () => { ${listen} }, { once: true });
      attempt(() => ${call});
      after(f);`;

const WAYS = {
  // box = [inp, d, s]; box.replaceChildren(d): at the blur (inp taken out) d is still box's child (Chromium takes a
  // single node given from its parent only as it inserts it). The listener takes d's next sibling s out with remove()
  // (not an insertion: not wrapped as one, no movingGoing): d now is a child of `into` (box) with a next sibling
  // unlike the one recorded, so stillGoing takes it as "moved there already" and the listener's fill is not "in
  // going". The browser then takes d out and puts it in again: f gets a new first document, unheld.
  nextgone: inPlace('x-nextgone-thirtysix', 'box.replaceChildren(d)', 's.remove(); fill(d);', 'moveOut'),
  // The same with no escape: the after-look alone.
  nextgoneplain: inPlace('x-nextgonep-thirtysix', 'box.replaceChildren(d)', 's.remove(); fill(d);', null),
  // The same, the after-look escaped through reachedAt (f appended into d again in the callback).
  nextgonereappend: inPlace('x-nextgonera-thirtysix', 'box.replaceChildren(d)', 's.remove(); fill(d);', 'reappend'),
  // The same, the callback removing f.
  nextgoneremove: inPlace('x-nextgonerm-thirtysix', 'box.replaceChildren(d)', 's.remove(); fill(d);', 'removeOut'),
  // d's next sibling changed by an insertion that is not d's (a wrapped box.append(t), t holding no frame): movingGoing
  // marks only the nodes moved (t), not d.
  nextadded: inPlace('x-nextadd-thirtysix', 'box.replaceChildren(d)', 's.before(document.createElement("b")); fill(d);', 'moveOut'),
  // s taken out with a Range's deleteContents (no insertion).
  nextrange: inPlace('x-nextrng-thirtysix', 'box.replaceChildren(d)', 'const r = document.createRange(); r.selectNode(s); r.deleteContents(); fill(d);', 'moveOut'),
  // inp.replaceWith(d): `into` box (beside inp).
  replacewithnext: inPlace('x-rwnext-thirtysix', 'inp.replaceWith(d)', 's.remove(); fill(d);', 'moveOut'),
  // box.replaceChildren(d, x): two nodes (converted first?).
  twonext: inPlace('x-twonext-thirtysix', 'box.replaceChildren(d, document.createTextNode(""))', 's.remove(); fill(d);', 'moveOut'),
  // nextgone, the fill made by moving an already connected (reached) f into d with moveBefore. Not a test: Chromium 156's
  // renderer crashes on this page ("page.goto: Page crashed"; moveBefore of a frame into a node inside a removal).
  nextgonemovebefore: inPlace('x-nextmb-thirtysix', 'box.replaceChildren(d)', 's.remove(); d.moveBefore(f, null); armed = true; note("blur: moved f into d " + d.contains(f) + ", f connected " + f.isConnected);', 'moveOut', 'park.append(f);'),
  // execCommand('outdent'): d in a <blockquote> in a contenteditable box; the listener outdents it (an editing
  // command moves d up into box, no wrapped insertion moves it): d a child of `into` with a parent unlike the one
  // recorded: "moved there already".
  outdent: `
      ${helpers}
      let d, q;
      const { box, inp, f, fill } = setup('x-outdent-thirtysix', (b) => { b.contentEditable = 'true'; q = document.createElement('blockquote'); d = document.createElement('div'); d.textContent = 'x'; q.append(d); b.append(q); });
      window.onGrab = moveOut;
      inp.addEventListener('blur', () => {
        getSelection().selectAllChildren(d);
        let ok; try { ok = document.execCommand('outdent'); } catch (e) { ok = e.name; }
        note('outdent ' + ok + ': d parent ' + (d.parentNode === box ? 'box' : d.parentNode && d.parentNode.nodeName) + ', d connected ' + d.isConnected);
        fill(d);
      }, { once: true });
      attempt(() => box.replaceChildren(d));
      after(f);`,
  // nextgone inside the person's click, the picker opened in the callback at once (attack33's blurinclickopen).
  nextclickopen: `
      ${grabHelpers}
      const box = document.createElement('div');
      document.body.append(box);
      const inp = document.createElement('input');
      const d = document.createElement('div');
      const s = document.createElement('span');
      box.append(inp, d, s);
      const f = frame();
${openInCallback('x-nco-thirtysix')}      f.append(document.createElement('x-nco-thirtysix'));
      document.getElementById('open').addEventListener('click', () => {
        inp.focus();
        inp.addEventListener('blur', () => { s.remove(); d.append(f); go = true; note('blur: d parent box ' + (d.parentNode === box)); }, { once: true });
        try { box.replaceChildren(d); } catch (e) { note('threw ' + e.name); }
      });`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

const PROBES = {};

export const DETECTION_PROBES = Object.keys(PROBES);

export const attack36Page = attackPages(36, picker, PROBES);
