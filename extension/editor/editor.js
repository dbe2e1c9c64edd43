// The face editor as an extension page: the upload guard shows it full-screen
// in a frame inside a closed shadow root when someone chooses "Cover faces".
// It gets the original photo and the faces found over a MessagePort handed
// over with the token in our URL, lets the person check and edit the boxes
// (js/face-editor.js), and answers with the regions to cover; the cleaner
// frame, which already holds the faces package, covers them. The page sees
// nothing of this; it only gets the new file.
//
// The messages are in js/messages.js (channels `editor`, `editorAnswer`).
import { editFaces, editorWords } from '../../js/face-editor.js';
import { lang, plural, t } from '../../js/ext.js';
import { isMessage } from '../../js/messages.js';

const token = location.hash.slice(1);
document.documentElement.lang = lang;
const words = editorWords(t, plural, 'editorSave');

async function edit(file, found) {
  const answer = await editFaces({ file, found, t: words });
  // Nothing left to cover (every box removed): the attached file stays as it is.
  if (!answer || !answer.regions.length) return { type: 'cancelled' };
  return { type: 'regions', regions: answer.regions, style: answer.style };
}

window.addEventListener('message', (event) => {
  if (event.source !== window.parent || !event.data || event.data.silbato !== token || !token || !event.ports[0]) return;
  const port = event.ports[0];
  port.onmessage = async ({ data }) => {
    if (!isMessage('editor', data)) return;
    let answer;
    try {
      answer = await edit(data.file, data.found);
    } catch {
      // The photo could not be shown (the browser cannot decode it).
      answer = { type: 'cancelled' };
    }
    port.postMessage(answer);
  };
  port.postMessage({ type: 'hello' });
});
