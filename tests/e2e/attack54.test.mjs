// The fifty-fourth attack: the survey of inserted nodes (insertions.js
// framesIn/survey, file-barrier.js withholdInserted), which can look into a
// CLOSED shadow root only if the page world remembers it (attachShadow) or the
// isolated world told it of the host (content.js tellClosed, from
// documents.js's wrappers of the browser's own root makers, and its
// MutationObserver). Chromium's own picker is opened as in attack 44's
// labeldeep and fills a file input i that sits, detached, in a closed root the
// browser made from declarative markup by a parser Silbato does not wrap (the
// Sanitizer API's setHTML / Document.parseHTML); the page reaches that root
// through its own custom element's ElementInternals.shadowRoot. The host is
// then connected (a wrapped insertion that sees nothing inside). Pages:
// attack54-pages.mjs.
import { describe, test } from 'node:test';

import { assertNothingLeaked, attackSwitches, leakAttacks, localMachine } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(54);

describe('attack 54: a filled file input in a closed shadow root made by an unwrapped parser (Sanitizer API), in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const leakAttack = leakAttacks(local, 54);

  // Were THROUGH (2026-12-07, Chromium 156 of /usr/bin/chromium, 1 run each): the host x-h54 is made, detached, by
  // markup '<x-h54><template shadowrootmode=closed>…</template></x-h54>' parsed by the Sanitizer API: Element.prototype
  // .setHTML (sethtml: sanitizer { removeElements: ['script'] }; sethtmlkeep: a Sanitizer keeping x-h54/template) or
  // the static Document.parseHTML (parsehtml; the host adopted, not cloned). Neither is among documents.js's wrapped
  // root makers (CLONES, extension/content/documents.js:93-101 lists setHTMLUnsafe/parseHTMLUnsafe only; also
  // ShadowRoot.prototype.setHTML is missing), so no 'shadow-scan' and no 'closed-host': the page world never learns
  // the closed root (insertions.js closedRoots/closedHostTold, :110-126). x-h54's constructor keeps
  // attachInternals(); internals.shadowRoot opens the DECLARATIVE closed root to the page. In the person's click the
  // label (i + a 70-deep span) is appended into that root (i empty: nothing held) and the deep span clicked:
  // Chromium's own picker fills i (detached, unheard). In i's change listener the host is appended to the body: the
  // survey (insertions.js:241/:865, shadowRootOf or closedRoots) cannot see into the root, nothing is withheld.
  // - sethtml, sethtmlkeep, parsehtml: findsel (window.find('.jpg') + Selection.modify over the line) reads the name
  //   Chromium draws in i: the server got "leak-sample.jpg.txt" holding "leaked: sample.jpg", the ORIGINAL's NAME.
  // - sethtmlpost, parsehtmlpost: i in a multipart form (POST /upload, target a hidden frame) in that root; after the
  //   host is connected, the submit button gets a CONSTRUCTED click (dispatchEvent(new MouseEvent('click', {bubbles}))):
  //   not composed, so it never leaves the shadow tree (the guard's window onClick/firstTarget never watches the
  //   root), and the native submission's submit/formdata events (not composed) reach no guard listener (guard.js
  //   onSubmit/onFormData :456/:479 listen only in roots met, listenInRoot; the isolated world's MutationObserver
  //   would meet the root only a microtask later). The server received "sample.jpg", 19458 bytes: the ORIGINAL.
  // Fixed: documents.js wraps setHTML (Element and ShadowRoot) and Document.parseHTML as it did setHTMLUnsafe and
  // parseHTMLUnsafe: each tells the isolated world at once (shadow-scan), which tells the page world of the closed
  // root's host (closed-host) and has the guard listen in the root (listenInRoot). The page then reads nothing at the
  // first change, and the posts carry the cleaned copy ("photo.jpg", 12582 bytes).
  // Still a class: any parser that makes declarative roots and is not wrapped (ElementInternals.shadowRoot hands
  // the page a closed root it got from markup).
  for (const via of ['sethtml', 'sethtmlkeep', 'parsehtml', 'sethtmlpost', 'parsehtmlpost']) {
    test(`the original (or its name) does not get out of a closed root made by the Sanitizer API's parser: ${via}`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  // Withstood (2026-12-07, 1 run each):
  // - sethtmlunsafe: the same with setHTMLUnsafe (wrapped: shadow-scan, closed-host told): the survey held i's files
  //   as the host went in ("" found), then the cleaned "photo.jpg".
  // - attachpost: sethtmlpost with the root made by attachShadow({ mode: 'closed' }) (remembered): "photo.jpg",
  //   12582 bytes, cleaned.
  // - sethtmlclick: sethtmlpost with b.click() (a composed click: the guard's window onClick meets the closed host,
  //   firstTarget -> watchRoot listens in the root): "photo.jpg", cleaned.
  // - contextual: Range.createContextualFragment does not make declarative roots (no root): nothing.
  // - shadowsethtml: ShadowRoot.prototype.setHTML (unwrapped too) into an OPEN root made by attachShadow: the
  //   isolated world's MutationObserver on that root met the nested closed root before the pick (closed-host-within):
  //   held ("" found), then "photo.jpg". (The holes above need the host detached in a tree nothing observes.)
  // - movebefore: document.body.moveBefore(i, null) on the detached, filled i (moveBefore does not survey):
  //   HierarchyRequestError (Chromium moves only within one root): i stays out, nothing.
  for (const via of ['sethtmlunsafe', 'attachpost', 'sethtmlclick', 'contextual', 'shadowsethtml', 'movebefore']) {
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
