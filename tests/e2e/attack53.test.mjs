// The fifty-third attack: the guard's look at an undo/redo's own input event
// (guard.js onHistory), which now takes the unknown files of the file inputs
// in every same-origin document of the tab (sameOriginDocuments) and every
// shadow root met. Chromium's own picker is opened as in attacks 44-52's
// labeldeep and fills a file input i taken out by execCommand('delete'); undo
// puts it back into its old parent, which the page has moved into a document
// that walk does not reach. Pages: attack53-pages.mjs.
import { describe, test } from 'node:test';

import { assertNothingLeaked, attackSwitches, leakAttacks, localMachine } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(53);

describe('attack 53: a filled file input put back by undo into a same-origin document the guard does not walk, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const leakAttack = leakAttacks(local, 53);

  // Were THROUGH (2026-12-07, Chromium of /usr/bin/chromium, 1-2 runs each): the page's server received a text note
  // "leak-sample.jpg.txt" holding "leaked: sample.jpg": the ORIGINAL's NAME (not its bytes). As in attack 52's
  // moveparent, the label holding i is taken out of span p (in contenteditable ce) by execCommand('delete'), and p
  // is moved (no file input in it, so the survey sees nothing) into an editable body of ANOTHER same-origin
  // document; undo in the top document puts the label back into p there (Chromium only asks p to be editable), and
  // its input event (historyUndo at ce) reaches guard.js onFileEvent -> onHistory, which looks in
  // sameOriginDocuments(doc, roots) (guard.js:84-110). That walk misses:
  // - popup: p moved, in the person's click (after t.click() asked for the picker), into the editable body of a
  //   same-origin window.open('') popup: sameOriginDocuments only climbs w.parent (guard.js:87) and walks frame
  //   elements (guard.js:106-107); an OPENED window (or the opener) is no frame of the tab. "sample.jpg" read by
  //   the popup's own find and selection.
  // - embedframe: p moved into the editable body of a same-origin page shown by an <embed type=text/html src=/drawing>
  //   (reached by window.frames[0]): the walk's selector is 'iframe, frame, object' (guard.js:106, :107), no
  //   `embed` (HTMLEmbedElement has no contentDocument either: only getSVGDocument()). "sample.jpg" read.
  // Fixed: onHistory's walk (guard.js sameOriginDocuments) takes each document's window frames (`w[i]`, an <embed>'s
  // too) as well as its frame elements, and the windows of the popups the page opened (realms.js `popup`, told by
  // the page world) and of the first documents the guard listens in.
  for (const via of ['popup', 'embedframe']) {
    test(`the original's name is not read from a file input put back by undo into a document the guard does not walk: ${via}`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  // Withstood (2026-12-07, 1 run each):
  // - popupfiles: the bytes: popup, then the POPUP realm's own HTMLInputElement files getter on i: empty (that realm
  //   is wrapped; the barrier held it), then the cleaned "photo.jpg".
  // - popupbutton: the bytes: popup with p in a multipart form in the popup, native click on its submit button:
  //   only the cleaned "photo.jpg".
  // - closedframe: p moved into a frame inside a closed root made by attachShadow (met): "photo.jpg".
  // - nestedframe: p moved into a frame G inside a closed root in a same-origin frame F (/drawing, its own content
  //   scripts): "photo.jpg".
  // - detachfocus: the step's root ce taken out of the document and the caret put in a second editable before undo
  //   (so the input event would go to a detached ce): execCommand('undo') returned false, i stayed out.
  // - detachframe: the same, with undo run from a same-origin frame's document: false, nothing.
  // - findsel: attack 48's findsel, for reference (held by the survey): "photo.jpg", the cleaned copy.
  for (const via of ['popupfiles', 'popupbutton', 'closedframe', 'nestedframe', 'detachfocus', 'detachframe', 'findsel']) {
    test(`withstood: ${via}: neither the original nor its name`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  for (const via of explore) {
    test(`explore ${via}`, async () => {
      await leakAttack(via);
    });
  }
});
