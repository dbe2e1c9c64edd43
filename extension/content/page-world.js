// The content scripts' entry in the page's own (MAIN) world, every frame,
// at document_start, before any page script: the fingerprinting watch and
// the hold on detached file inputs. The build bundles this file and what it
// imports into one classic script. Nothing here can reach the extension's
// API; it talks to the isolated world only through the DOM.
import { attachDetachedInputs } from './detached-inputs.js';
import { watchFingerprinting } from './fingerprint.js';

watchFingerprinting();
attachDetachedInputs();
