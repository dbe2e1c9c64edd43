// The face editor as an extension page: the upload guard shows it full-screen
// in a frame inside a closed shadow root when someone chooses "Cover faces".
// It gets the original photo and the faces found over a MessagePort handed
// over with the token in our URL (port.js), lets the person check and edit
// the boxes (js/face-editor.js), and answers with the regions to cover; the
// cleaner frame, which already holds the faces package, covers them. The
// page sees nothing of this; it only gets the new file.
//
// The messages are in js/messages.js (channels `editor`, `editorAnswer`).
import { editFaces, editorWords } from '../../js/face-editor.js';
import { lang, plural, t } from '../../js/ext.js';
import { serveEditor } from './port.js';

document.documentElement.lang = lang;
const words = editorWords(t, plural, 'editorSave');

serveEditor(async (data) => {
  if (data.type !== 'edit') return { type: 'cancelled' };
  try {
    const answer = await editFaces({ file: data.file, found: data.found, t: words });
    // Nothing left to cover (every box removed): the attached file stays as it is.
    if (!answer || !answer.regions.length) return { type: 'cancelled' };
    return { type: 'regions', regions: answer.regions, style: answer.style };
  } catch {
    // The photo could not be shown (the browser cannot decode it).
    return { type: 'cancelled' };
  }
});
