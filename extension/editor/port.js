// How the editor pages (editor.html for a photo, video.html for a video) get
// their work: the upload guard opens the page in a frame inside a closed
// shadow root, with a random token in its URL, and hands it a MessagePort
// with that token. Only a message from the frame's parent carrying the token
// is taken; each request on the port (channel `editor`, js/messages.js) is
// answered once with what `handle` resolves to.
import { isMessage } from '../../js/messages.js';

export function serveEditor(handle) {
  const token = location.hash.slice(1);
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || !event.data || event.data.silbato !== token || !token || !event.ports[0]) return;
    const port = event.ports[0];
    port.onmessage = async ({ data }) => {
      if (!isMessage('editor', data)) return;
      port.postMessage(await handle(data));
    };
    port.postMessage({ type: 'hello' });
  });
}
