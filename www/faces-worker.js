// The offline page's faces worker: finds and covers faces off the page's
// main thread (js/faces.js has the protocol; js/messages.js, channel
// `worker`, the messages). Nothing here touches the network but the page's
// own files.
import { serveInWorker } from '../js/faces.js';

serveInWorker((name) => new URL(`./core/${name}`, import.meta.url));
