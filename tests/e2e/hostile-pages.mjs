// Pages that try to get an original past the upload guard, or to tell that
// Silbato is there (issue 15's list, one page per way): served by server.mjs
// at their paths. Every page uploads whatever file reaches it to /upload, so
// the tests judge the bytes the server received.

import { js, sendScript } from './uploads.mjs';

const send = `${sendScript}
  // Read the input by polling, as a hostile page would: whatever is there is sent.
  function poll(input) {
    let last = null;
    setInterval(() => {
      const f = input.files && input.files[0];
      if (f && f !== last) { last = f; send([f], 'polled'); }
    }, 20);
  }`;

const uploaderHtml = (extra = '') =>
  `<input type="file" id="file"><p id="status"></p><script>${send}
  const input = document.getElementById('file');
  window.addEventListener('change', (e) => { if (e.target === input) send([...input.files]); }, true);
  ${extra}</script>`;

export const hostilePages = {
  // 2. The page removes Silbato's notice (and with it the cleaner frame) as soon as it appears, and polls the input.
  '/remove-notice': `<input type="file" id="file"><p id="status"></p><script>${send}
    const input = document.getElementById('file');
    poll(input);
    new MutationObserver(() => { for (const n of document.querySelectorAll('silbato-notice')) { window.removed = (window.removed || 0) + 1; n.remove(); } })
      .observe(document.documentElement, { childList: true });
  </script>`,
  // 2. The page navigates every frame it can reach away, and polls the input.
  '/navigate-frames': `<input type="file" id="file"><p id="status"></p><script>${send}
    const input = document.getElementById('file');
    poll(input);
    setInterval(() => { for (let i = 0; i < window.length; i++) { try { window.frames[i].location = 'about:blank'; window.navigated = (window.navigated || 0) + 1; } catch {} } }, 50);
  </script>`,
  // 3. The document is rewritten after load by document.open/write; the written page listens first.
  '/reopen': `<p>loading…</p><script>
    addEventListener('load', () => setTimeout(() => {
      document.open();
      document.write(${js(`<!doctype html><html><body>${uploaderHtml('window.rewritten = true;')}</body></html>`)});
      document.close();
    }, 50));
  </script>`,
  // 3. An editor frame written through contentDocument.write, with a file input and a drop zone.
  '/frame-written': `<p id="status"></p><iframe id="editor" style="width:500px;height:300px"></iframe><script>${send}
    window.parentSend = send;
    const doc = document.getElementById('editor').contentDocument;
    doc.open();
    doc.write(${js(`<!doctype html><html><body><input type="file" id="file"><div id="zone" style="width:300px;height:150px;border:2px dashed #888">drop</div><script>
      document.getElementById('file').addEventListener('change', (e) => parent.parentSend([...e.target.files], 'frame'));
      const zone = document.getElementById('zone');
      zone.addEventListener('dragover', (e) => e.preventDefault());
      zone.addEventListener('drop', (e) => { e.preventDefault(); parent.parentSend([...e.dataTransfer.files], 'frame-drop'); });
    </script></body></html>`)});
    doc.close();
  </script>`,
  // 3. A popup from window.open('') written with document.write.
  '/popup-written': `<button id="open">Open the uploader</button><p id="status"></p><script>${send}
    window.parentSend = send;
    document.getElementById('open').addEventListener('click', () => {
      const w = window.open('', 'uploader', 'width=500,height=400');
      w.document.write(${js(`<!doctype html><html><body><input type="file" id="file"><script>
        document.getElementById('file').addEventListener('change', (e) => opener.parentSend([...e.target.files], 'popup'));
      </script></body></html>`)});
      w.document.close();
    });
  </script>`,
  // 4. An uploader inside a blob: frame and inside a data: frame; each hands its file to the page.
  '/blob-frame': `<p id="status"></p><script>${send}
    addEventListener('message', (e) => { if (e.data && e.data.file) send([e.data.file], 'from-frame'); });
    const html = ${js(`<!doctype html><html><body><input type="file" id="file"><script>
      document.getElementById('file').addEventListener('change', (e) => parent.postMessage({ file: e.target.files[0] }, '*'));
    </script></body></html>`)};
    const f = document.createElement('iframe');
    f.id = 'frame';
    f.src = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    document.body.append(f);
  </script>`,
  '/data-frame': `<p id="status"></p><script>${send}
    addEventListener('message', (e) => { if (e.data && e.data.file) send([e.data.file], 'from-frame'); });
    const html = ${js(`<!doctype html><html><body><input type="file" id="file"><script>
      document.getElementById('file').addEventListener('change', (e) => parent.postMessage({ file: e.target.files[0] }, '*'));
    </script></body></html>`)};
    const f = document.createElement('iframe');
    f.id = 'frame';
    f.src = 'data:text/html;base64,' + btoa(html);
    document.body.append(f);
  </script>`,
  // 5. Detached inputs opened without input.click(): through HTMLElement's click, a dispatched click, showPicker.
  '/detached-ways': `<button id="proto">proto</button><button id="dispatch">dispatch</button><button id="picker">picker</button><p id="status"></p><script>${send}
    const make = () => { const i = document.createElement('input'); i.type = 'file'; i.onchange = () => send([...i.files]); return i; };
    document.getElementById('proto').onclick = () => HTMLElement.prototype.click.call(make());
    document.getElementById('dispatch').onclick = () => make().dispatchEvent(new MouseEvent('click'));
    document.getElementById('picker').onclick = () => make().showPicker();
  </script>`,
  // 6. A file input inside a closed shadow root, listened to from inside.
  '/closed-root': `<upload-box id="box"></upload-box><p id="status"></p><script>${send}
    customElements.define('upload-box', class extends HTMLElement {
      constructor() {
        super();
        const root = this.attachShadow({ mode: 'closed' });
        root.innerHTML = '<label style="display:block;width:300px;height:60px;border:1px solid #888">Add a photo <input type="file" id="inner"></label>';
        const input = root.getElementById('inner');
        input.addEventListener('change', () => send([...input.files], 'shadow'));
        window.shadowInput = input;
      }
    });
  </script>`,
  // 7 and 8. An uploader beside a caption box.
  '/caption-upload': `<textarea id="caption" rows="3" cols="40"></textarea>${uploaderHtml()}`,
  // 9. A hidden box the page types names into itself, to see whether the marker reacts.
  '/probe': `<textarea id="box" style="position:absolute;left:-9999px"></textarea><p id="status"></p><script>
    window.probe = (text) => {
      const box = document.getElementById('box');
      box.focus();
      box.value = text;
      box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    };
  </script>`,
  // 10. A page with a file input that looks for Silbato without any action of the person.
  '/detect': `<input type="file" id="file"><pre id="result"></pre><script>
    window.detect = async () => {
      const out = {};
      out.ownClick = Object.prototype.hasOwnProperty.call(HTMLInputElement.prototype, 'click');
      const printed = {
        click: HTMLElement.prototype.click,
        dispatchEvent: EventTarget.prototype.dispatchEvent,
        showPicker: HTMLInputElement.prototype.showPicker,
        open: Document.prototype.open,
        write: Document.prototype.write,
        attachShadow: Element.prototype.attachShadow,
        fillText: CanvasRenderingContext2D.prototype.fillText,
        toDataURL: HTMLCanvasElement.prototype.toDataURL,
        toString: Function.prototype.toString,
        userAgent: Object.getOwnPropertyDescriptor(Navigator.prototype, 'userAgent').get,
        // Wrapped by the watch on typed text (issue 18), some by two watchers.
        addEventListener: EventTarget.prototype.addEventListener,
        fetch: window.fetch,
        send: XMLHttpRequest.prototype.send,
        sendBeacon: Navigator.prototype.sendBeacon,
        observe: MutationObserver.prototype.observe,
        setAttribute: Element.prototype.setAttribute,
        requestSubmit: HTMLFormElement.prototype.requestSubmit,
        src: Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src').set,
      };
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const otherToString = frame.contentWindow.Function.prototype.toString;
      out.notNative = [];
      // How this browser prints a native function (V8 and SpiderMonkey differ), from one nobody wraps.
      const pristine = (name) => otherToString.call(frame.contentWindow.Math.max).replace('max', name);
      const pristineGetter = (name) => otherToString.call(Object.getOwnPropertyDescriptor(frame.contentWindow.Document.prototype, 'title').get).replace('title', name);
      const pristineSetter = (name) => otherToString.call(Object.getOwnPropertyDescriptor(frame.contentWindow.Document.prototype, 'title').set).replace('title', name);
      for (const [name, fn] of Object.entries(printed)) {
        const expected = name === 'userAgent' ? pristineGetter('userAgent') : name === 'src' ? pristineSetter('src') : pristine(name);
        for (const text of [fn.toString(), Function.prototype.toString.call(fn), otherToString.call(fn)]) {
          if (text !== expected) out.notNative.push(name + ': ' + text.slice(0, 60));
        }
        if ('prototype' in fn) out.notNative.push(name + ' has a prototype');
      }
      frame.remove();
      // Events Silbato's content scripts used to answer.
      let answered = false;
      addEventListener('silbato:fp', () => { answered = true; });
      dispatchEvent(new Event('silbato:fp?'));
      document.dispatchEvent(new Event('silbato-channel-ask'));
      out.answered = answered;
      out.elements = [...document.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.includes('-'));
      out.frames = window.length;
      out.showOpenFilePicker = 'showOpenFilePicker' in window;
      document.getElementById('result').textContent = JSON.stringify(out);
      return out;
    };
  </script>`,
};
