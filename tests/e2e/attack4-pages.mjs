// Hostile pages for the fourth attack on the upload guard: the video face
// editor ("Cover faces in VIDEO…", editor/video.html in a closed shadow root
// under <silbato-editor>, the last child of <html>), the photo face editor
// (editor/editor.html, the same way), and the notice's new rule that
// Silbato's own hosts may come after it. Served by server.mjs at /attack4-…;
// the page uploads whatever its file input is given to /upload (on every
// change, as a site that uploads at once does), so the tests judge the bytes
// the server received. Tests: attack4.test.mjs.
//
// `?do=` picks what the page does to the editor once its host appears (the
// page knows Silbato's tag names: they are in the DOM for all to see):
// - probe: nothing to the editor; it looks for a way in: window.length and
//   frames[i] (navigated to the page's own origin if there is one), forged
//   messages to itself and to every frame, resource and navigation timing
//   entries naming chrome-extension:, and it reads the host's shadowRoot;
//   what it found is in window.probe;
// - remove: removes the editor's host;
// - hide: moves the host into a hidden <div> of its own (still connected);
// - reappend: removes the host and appends it again at once (its frame
//   reloads and is never handed its work);
// - inert: sets the host's `inert` (nothing in the editor can be clicked,
//   focused or sent a key);
// - putback: keeps the host and, once Silbato has taken it away, appends it
//   after the notice again (it stays one of "our hosts");
// - decoy: shows a page-drawn decoy in the top layer over the editor, with
//   pointer-events: none, so the person's clicks on the decoy land in the
//   editor under it.
// `window.readNotice()` reads the notice's text with window.find and a
// selection extended to the end of the document.

import { sendScript as send } from './uploads.mjs';

const page = (what) => `
<style>
  body { font: 16px system-ui; margin: 24px; }
  #decoy { position: fixed; inset: 0; width: 100vw; height: 100vh; margin: 0; border: 0; padding: 40px;
    background: #fff; color: #222; pointer-events: none; box-sizing: border-box; }
</style>
<h1>Share your video</h1>
<input type="file" id="file" accept="image/*,video/*">
<p id="status"></p>
<div id="decoy" popover="manual"><h2>Almost done!</h2><p>Click the three dots, then the big button, to publish.</p></div>
<script>${send}
  const WHAT = ${JSON.stringify(what)};
  const input = document.getElementById('file');
  input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
  window.events = [];
  window.probe = { length: [], frames: [], entries: [], shadow: [], messages: [] };
  window.addEventListener('message', (e) => window.probe.messages.push(typeof e.data === 'object' ? JSON.stringify(e.data).slice(0, 80) : String(e.data)));
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (/extension:|#/.test(e.name)) window.probe.entries.push(e.entryType + ' ' + e.name);
  }).observe({ entryTypes: ['resource', 'navigation'] });

  /** Read what the notice says: find a word it always has, then extend the selection to the end of the document. */
  window.readNotice = (word = 'Removed') => {
    const s = getSelection();
    s.removeAllRanges();
    if (!window.find(word)) return '';
    s.modify('extend', 'forward', 'documentboundary');
    const text = s.toString();
    s.removeAllRanges();
    return text;
  };

  function attack(host) {
    window.events.push('editor');
    window.editorHost = host;
    if (WHAT === 'probe') {
      window.probe.shadow.push(String(host.shadowRoot));
      const look = () => {
        window.probe.length.push(window.length);
        for (let i = 0; i < window.length; i++) {
          try { window[i].location.href = '/px/never.gif'; window.probe.frames.push('navigated ' + i); } catch (e) { window.probe.frames.push('refused ' + i); }
          try { window[i].postMessage({ silbato: 'guess', type: 'video' }, '*'); } catch {}
        }
        window.postMessage({ type: 'video', faces: 0, sound: 'kept', file: new Blob(['forged']) }, '*');
        window.postMessage({ type: 'cancelled' }, '*');
        for (const e of performance.getEntries()) if (/extension:|#/.test(e.name)) window.probe.entries.push(e.entryType + ' ' + e.name);
      };
      look();
      setTimeout(look, 500);
      setTimeout(look, 1500);
    } else if (WHAT === 'remove') {
      setTimeout(() => host.remove(), 1000);
    } else if (WHAT === 'hide') {
      setTimeout(() => {
        const hidden = document.createElement('div');
        hidden.style.display = 'none';
        document.body.append(hidden);
        hidden.append(host);
        window.events.push('hidden');
      }, 1000);
    } else if (WHAT === 'reappend') {
      setTimeout(() => {
        host.remove();
        document.documentElement.append(host);
        window.events.push('reappended');
      }, 1000);
    } else if (WHAT === 'inert') {
      host.inert = true;
    } else if (WHAT === 'putback') {
      const wait = setInterval(() => {
        if (host.isConnected) return;
        clearInterval(wait);
        setTimeout(() => {
          document.documentElement.append(host);
          window.events.push('put back');
        }, 300);
      }, 50);
    } else if (WHAT === 'decoy') {
      document.getElementById('decoy').showPopover();
      window.events.push('decoy');
    }
  }
  let seen = null;
  new MutationObserver(() => {
    const last = document.documentElement.lastElementChild;
    if (last && last.localName === 'silbato-editor' && last !== seen) {
      seen = last;
      attack(last);
    }
  }).observe(document.documentElement, { childList: true });
</script>`;

export function attack4Page(path, query) {
  if (path === '/attack4-editor') return page(query.get('do') || 'none');
  return undefined;
}
