// Hostile pages for the thirty-fifth attack on the upload guard: what
// attack 34's fix (insertions.js `going` / placesOf / inGoing / filledGoing:
// a wrapped call made inside another's native call that fills a node still
// to go in locks down at once; `reachedAt`: a frame a nested wrapped call put
// back and reached is known to the after-look) misses. As in attacks 33 and
// 34, page code runs INSIDE the native call (a focused element's `blur` as
// the call takes it out) and a frame is connected with nothing holding it; a
// custom element in the frame's fallback keeps the new first document's
// native showPicker (A). Served by server.mjs at /attack35-…; tests:
// attack35.test.mjs.

import { attackPages, focusedBoxHelpers, grabHelpers, openInCallback, pickerWaysPage } from './uploads.mjs';

// (A) As attack34's: `setup(tag)` makes a detached frame `f` holding custom
// element `tag`, whose connectedCallback (while `armed`) tries to grab the
// frame's first document and then runs `window.onGrab(f)` if set; a
// connected `box` holding a focused <input> `inp`. `fill(d)`: the blur
// listener's wrapped `d.append(f)`.
const helpers = focusedBoxHelpers("'blur: frame in d ' + d.contains(f) + ', d parent ' + (d.parentNode ? d.parentNode.nodeName : null)");

/** Box's focused input taken out by `call` (blur) after the call converted its nodes into a fragment of its own; `escape` run once the callback grabbed. */
const way = (tag, call, escape, extra = '') => `
      ${helpers}
      const { box, inp, f, fill } = setup('${tag}');
      const d = document.createElement('div');
      ${extra}
      ${escape ? `window.onGrab = ${escape};` : ''}
      inp.addEventListener('blur', () => fill(d), { once: true });
      attempt(() => ${call});
      after(f);`;

const WAYS = {
  // box.replaceChildren(d, x): two nodes, d detached. The hope: the browser converts them into a fragment of its own
  // first (d's parent that fragment, not null as placesOf saw it) before it removes box's children (the focused
  // input: blur), so the listener's d.append(f) is not "in going". Chromium 156 does not ("d parent null" at the
  // blur): caught. No escape: the after-look (unheldFrames) would see f anyway.
  convert: way('x-conv-thirtyfive', 'box.replaceChildren(d, document.createTextNode(""))', null),
  // The same; the callback then moves f out of d (moveBefore: same document) so the after-look finds no frame.
  convertmoveout: way('x-convmo-thirtyfive', 'box.replaceChildren(d, document.createTextNode(""))', 'moveOut'),
  // The same; the callback removes f (the kept showPicker is a detached realm's).
  convertremoveout: way('x-convro-thirtyfive', 'box.replaceChildren(d, document.createTextNode(""))', 'removeOut'),
  // reachedAt: the callback appends f into d again (a wrapped call inside: f held, put back, a new document reached,
  // reachedAt(f) = that window), so the after-look counts f "known"; the kept showPicker is the first document's.
  convertreappend: way('x-convra-thirtyfive', 'box.replaceChildren(d, document.createTextNode(""))', 'reappend'),
  // inp.replaceWith(d, x): the same conversion before the input goes (blur).
  replacewithconvert: way('x-rwconv-thirtyfive', 'inp.replaceWith(d, document.createTextNode(""))', 'moveOut'),
  // other.append(d, inp), d detached: the call takes the focused input from box (blur); d stays parentless: caught.
  appendconvert: way('x-apconv-thirtyfive', 'other.append(d, inp)', 'moveOut', `const other = document.createElement('div'); document.body.append(other);`),
  // other.append(d, inp), d connected in `home`: the browser takes d out of home first (its parent now null, not
  // home as placesOf saw it), then the focused input out of box (blur): the listener's fill is not "in going".
  appendhome: way('x-aphome-thirtyfive', 'other.append(d, inp)', 'moveOut', `const other = document.createElement('div'); document.body.append(other); const home = document.createElement('div'); document.body.append(home); home.append(d);`),
  // The same, d in a detached holder `c`.
  appendheld: way('x-apheld-thirtyfive', 'other.append(d, inp)', 'moveOut', `const other = document.createElement('div'); document.body.append(other); const c = document.createElement('div'); c.append(d);`),
  // The same with no escape (the after-look alone).
  appendheldplain: way('x-apheldp-thirtyfive', 'other.append(d, inp)', null, `const other = document.createElement('div'); document.body.append(other); const c = document.createElement('div'); c.append(d);`),
  // reachedAt: appendheld, the callback appending f into d again (wrapped: held, put back, its new document reached,
  // reachedAt(f) = that window): the after-look counts f known; the kept showPicker is the first (now detached) one's.
  appendheldreappend: way('x-apheldra-thirtyfive', 'other.append(d, inp)', 'reappend', `const other = document.createElement('div'); document.body.append(other); const c = document.createElement('div'); c.append(d);`),
  // The same, the callback moving f into a connected `park` with append (not moveBefore): a new document, reached.
  appendheldpark: way('x-apheldpk-thirtyfive', 'other.append(d, inp)', '(fr) => { park.append(fr); note("parked: b: " + says(fr.contentWindow)); }', `const other = document.createElement('div'); document.body.append(other); const c = document.createElement('div'); c.append(d);`),
  // box.replaceChildren(d, x), d connected in home.
  replacehome: way('x-rphome-thirtyfive', 'box.replaceChildren(d, document.createTextNode(""))', 'moveOut', `const home = document.createElement('div'); document.body.append(home); home.append(d);`),
  // attack33's blurreplacechildren (box.replaceChildren(d), d detached), the listener hiding d while it fills it: it
  // appends d to a detached `tmp` (wrapped: d holds nothing yet), fills d (filledGoing: d's parent is tmp, not null
  // as recorded: not "in going"), then takes d out again with remove() (not wrapped): d is back "where it was".
  hidefill: way('x-hide-thirtyfive', 'box.replaceChildren(d)', 'moveOut', `const tmp = document.createElement('div');`).replace('fill(d)', '(tmp.append(d), fill(d), d.remove())'),
  // The same with no escape (the after-look alone).
  hidefillplain: way('x-hidep-thirtyfive', 'box.replaceChildren(d)', null, `const tmp = document.createElement('div');`).replace('fill(d)', '(tmp.append(d), fill(d), d.remove())'),
  // The same, the after-look escaped through reachedAt (f appended into d again in the callback).
  hidefillreappend: way('x-hidera-thirtyfive', 'box.replaceChildren(d)', 'reappend', `const tmp = document.createElement('div');`).replace('fill(d)', '(tmp.append(d), fill(d), d.remove())'),
  // d connected in home before a sibling `s`: the listener takes s out (remove(), not wrapped: d's next sibling is
  // no longer the one recorded), fills d, and puts s back after d (wrapped, s holds no frame).
  nextfill: way('x-next-thirtyfive', 'box.replaceChildren(d)', 'moveOut', `const home = document.createElement('div'); document.body.append(home); const s = document.createElement('span'); home.append(d, s);`).replace('fill(d)', '(s.remove(), fill(d), home.append(s))'),
  // attack33's blurmoved shape with no wrapped insertion at all in the listener: d connected in `home`, f connected
  // (reached) in a `shelf`; box.replaceChildren(d) takes box's focused input out (blur, d still in home: "in
  // going"), and the listener MOVES f into d with moveBefore (wrapped, but it runs no filledGoing: the frame keeps its
  // reached document). The browser then moves d from home into box: f disconnected and connected again, a new first
  // document, unheld.
  movebeforefill: way('x-mbf-thirtyfive', 'box.replaceChildren(d)', 'moveOut', `const home = document.createElement('div'); document.body.append(home); home.append(d); const shelf = document.createElement('div'); document.body.append(shelf); shelf.append(f);`).replace('fill(d)', '(d.moveBefore(f, null), armed = true, note("blur: moved f into d " + d.contains(f)))'),
  // The same with no escape (the after-look alone).
  movebeforefillplain: way('x-mbfp-thirtyfive', 'box.replaceChildren(d)', null, `const home = document.createElement('div'); document.body.append(home); home.append(d); const shelf = document.createElement('div'); document.body.append(shelf); shelf.append(f);`).replace('fill(d)', '(d.moveBefore(f, null), armed = true, note("blur: moved f into d " + d.contains(f)))'),
  // inGoing walks at most MAX_DEPTH (4096) parents: f put 5000 levels deep in d (single-node replaceChildren, d
  // where it was) is not found "in" d; the callback moves f out for the after-look.
  deepmoveout: way('x-deep-thirtyfive', 'box.replaceChildren(d)', 'moveOut', `let deep = d; for (let i = 0; i < 5000; i++) { const c = document.createElement('i'); deep.appendChild(c); deep = c; }`).replace('fill(d)', '(deep.append(f), armed = true, note("blur: deep " + d.contains(f)))'),
  // The deep way with no escape: the after-look alone.
  deep: way('x-deep0-thirtyfive', 'box.replaceChildren(d)', null, `let deep = d; for (let i = 0; i < 5000; i++) { const c = document.createElement('i'); deep.appendChild(c); deep = c; }`).replace('fill(d)', '(deep.append(f), armed = true, note("blur: deep " + d.contains(f)))'),
  // attack33's blurinclickopen with the conversion: inside the person's click, box.replaceChildren(d, x); the blur
  // fills d (missed by filledGoing, so the activation is not spent), and the callback opens the first document's
  // native showPicker on a detached file input at once, before any after-look.
  convertclickopen: `
      ${grabHelpers}
      const box = document.createElement('div');
      document.body.append(box);
      const inp = document.createElement('input');
      box.append(inp);
      const f = frame();
${openInCallback('x-cco-thirtyfive')}      f.append(document.createElement('x-cco-thirtyfive'));
      const d = document.createElement('div');
      document.getElementById('open').addEventListener('click', () => {
        inp.focus();
        inp.addEventListener('blur', () => { d.append(f); go = true; }, { once: true });
        try { box.replaceChildren(d, document.createTextNode('')); } catch (e) { note('threw ' + e.name); }
      });`,
  // appendheld inside the person's click, the picker opened in the callback (attack33's blurinclickopen): the fill
  // missed by filledGoing, the activation is not spent there.
  heldclickopen: `
      ${grabHelpers}
      const other = document.createElement('div');
      document.body.append(other);
      const box = document.createElement('div');
      document.body.append(box);
      const inp = document.createElement('input');
      box.append(inp);
      const f = frame();
${openInCallback('x-hco-thirtyfive')}      f.append(document.createElement('x-hco-thirtyfive'));
      const c = document.createElement('div');
      const d = document.createElement('div');
      c.append(d);
      document.getElementById('open').addEventListener('click', () => {
        inp.focus();
        inp.addEventListener('blur', () => { d.append(f); go = true; }, { once: true });
        try { other.append(d, inp); } catch (e) { note('threw ' + e.name); }
      });`,
  // The blur listener writes d's markup with setHTMLUnsafe: a closed declarative shadow root holding a frame and a
  // custom element after it (d detached: markupGuarded's plain call; framesIn reads closed roots only from
  // attachShadow, closedRoots). No escape.
  dsdclosed: `
      ${helpers}
      const { box, inp } = setup('x-dsdunused-thirtyfive');
      customElements.define('x-dsd-thirtyfive', class extends HTMLElement { connectedCallback() { if (armed) { armed = false; tryGrab('connectedCallback in the closed root'); } } });
      const d = document.createElement('div');
      inp.addEventListener('blur', () => { d.setHTMLUnsafe('<div><template shadowrootmode="closed"><iframe src="/px/never.gif" style="display:none"></iframe><x-dsd-thirtyfive></x-dsd-thirtyfive></template></div>'); armed = true; note('blur: written, frames ' + window.length); }, { once: true });
      attempt(() => box.replaceChildren(d));
      note('after: frames ' + window.length + ', grabbed ' + !!window.grabbed);`,
  // The blur listener fills d through a same-origin child frame's own wrapped append (its realm's Element.prototype
  // .append, wrapped by that frame's own copy of Silbato or by the top's?): a second `going` would be empty.
  childfill: `
      ${helpers}
      const { box, inp, f } = setup('x-child-thirtyfive');
      window.onGrab = moveOut;
      const kid = document.createElement('iframe');
      kid.srcdoc = '<p>child</p>';
      kid.onload = () => {
        const cw = kid.contentWindow;
        note('child loaded: append ' + (wrapped(cw.Element.prototype.append) ? 'wrapped' : 'NATIVE'));
        inp.focus();
        const d = document.createElement('div');
        inp.addEventListener('blur', () => { cw.Element.prototype.append.call(d, f); armed = true; note('blur: child append, in d ' + d.contains(f)); }, { once: true });
        attempt(() => box.replaceChildren(d));
        after(f);
      };
      document.body.append(kid);`,
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(WAYS);
export { PICKER_WAYS };

const PROBES = {};

export const DETECTION_PROBES = Object.keys(PROBES);

export const attack35Page = attackPages(35, picker, PROBES);
