// The content scripts' one entry (the isolated world, every frame, at
// document_start, before any page script): the upload guard, the typing
// guard with the watch on typed text leaving the page, and, in the top
// frame, the page scan the popup asks for. The build
// bundles this file and what it imports into one classic script.
import { api } from '../../js/ext.js';
import { startBeforeTyping } from './before-typing.js';
import { startGuard } from './guard.js';
import { ensureListening, keepListening } from './listeners.js';
import { isolatedEnd } from './page-channel.js';
import { startScan } from './scan.js';
import { startTyping } from './typing.js';

// Without the extension's API (a context where it is not given), do nothing.
if (api && api.runtime && api.runtime.id) {
  const channel = isolatedEnd();
  keepListening();
  // The page world says when this document is being replaced, before anything written runs.
  channel.on('document-opened', (_, doc) => {
    if (doc === document) ensureListening(true);
  });
  startGuard(channel);
  const watch = startBeforeTyping(channel);
  startTyping(watch);
  if (window.top === window) startScan(channel, watch);
}
