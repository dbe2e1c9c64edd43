// The faces worker of the extension's video editor (editor/video.js): finds
// faces in a video's frames off the editor's thread, one worker per core
// (js/faces.js has the protocol; js/messages.js, channel `worker`, the
// messages). It reads only the extension's own files.
import { serveInWorker } from '../../js/faces.js';

serveInWorker((name) => new URL(`../core/${name}`, import.meta.url));
