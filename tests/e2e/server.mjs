// Local pages for the end-to-end tests, served on 127.0.0.1 only: uploaders
// of every kind a site uses, and the endpoint that receives what the page
// sent. Also a recording proxy: the browser is told to send everything that
// is not for 127.0.0.1 through it, so any request that would leave the
// machine is seen (and refused).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import Busboy from 'busboy';

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
};
const benchScript = `document.getElementById('file').addEventListener('change', (e) => {
  const f = e.target.files[0];
  window.__arrived = { at: performance.now(), size: f ? f.size : 0 };
});`;
const cspScript = `${upload}
  document.getElementById('file').addEventListener('change', (e) => send([...e.target.files]));`;

export function startServer() {
  const received = [];
  const posted = [];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
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
        stream.on('end', () => files.push({ name: info.filename, type: info.mimeType, bytes: Buffer.concat(chunks) }));
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
    const page = pages[path];
    if (!page) {
      res.writeHead(404);
      res.end();
      return;
    }
    const headers = { 'content-type': 'text/html; charset=utf-8' };
    if (path === '/csp' || path === '/bench') headers['content-security-policy'] = "script-src 'self'";
    res.writeHead(200, headers);
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${path}</title></head><body>${page}</body></html>`);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const base = `http://127.0.0.1:${server.address().port}`;
      resolve({ base, received, posted, close: () => new Promise((r) => server.close(r)) });
    });
  });
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
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ address: `127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export { net };
