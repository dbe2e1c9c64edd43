// The fifty-fifth attack: the survey of inserted nodes (insertions.js
// framesIn/survey, file-barrier.js withholdInserted) after attack 54's fix
// (documents.js CLONES wraps the Sanitizer API's setHTML/parseHTML). As in
// attack 54, Chromium's own picker (attack 44's labeldeep) fills a file input
// i that sits, detached, in a CLOSED shadow root the browser made from
// declarative markup, which the page opens through its own custom element's
// ElementInternals.shadowRoot; the host is then connected. Here the markup is
// parsed by ANOTHER document's parser (a same-origin frame's: srcdoc, blob:,
// document.open() + write()), and the host is adopted into this document.
// Pages: attack55-pages.mjs.
import { describe, test } from 'node:test';

import { assertNothingLeaked, attackSwitches, leakAttacks, localMachine } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(55);

describe('attack 55: a filled file input in a closed shadow root declared in another document, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const leakAttack = leakAttacks(local, 55);

  // Were THROUGH (2026-12-07, Chromium of /usr/bin/chromium, 1-3 runs each). The host x-h55
  // ('<x-h55 id=h55><template shadowrootmode=closed>…</template></x-h55>') is parsed in a hidden same-origin
  // frame's document, then document.adoptNode(host) into this document (detached) and customElements.upgrade: its
  // constructor's attachInternals().shadowRoot opens the DECLARATIVE closed root. The label (i + a 70-deep span)
  // goes into that root, the deep span is clicked in the person's click: Chromium's own picker fills i, unheard.
  // In i's change listener the host is appended to the body: the survey (insertions.js framesIn) could not see into
  // the root (not in closedRoots, not in this copy's unseenClosed), so nothing was withheld.
  // - openwrite: in the click, the (about:blank) frame's document is d.open()ed then d.write(markup): after open()
  //   readyState is 'loading', so documents.js's write wrapper sent no 'shadow-scan'. findsel read the name: the
  //   server got "leak-sample.jpg.txt" ("leaked: sample.jpg"): the ORIGINAL's NAME.
  // - srcdoc (through in 1 of 8 runs): the markup is the frame's srcdoc; the root reached this page world only by way
  //   of the frame's isolated world, racing the load; document.adoptNode scanned nothing: the ORIGINAL's NAME.
  // - openwritepostgone: openwrite with i in a multipart form in the root, the written frame REMOVED in the click
  //   right after the adoption; a constructed (not composed) click on the form's button: the native submission's
  //   events reached no guard listener (guard.js listens in roots met only). "sample.jpg", 19458 bytes: the ORIGINAL.
  // - openwriteimplicit (added while fixing): openwrite with no adoptNode: the element defined and upgraded in the
  //   FRAME's realm, the host taken out there and put into this document by the wrapped append, which adopts it as
  //   it inserts: "leak-sample.jpg.txt" once the adoptNode scan was in and before the insertion's own.
  // Fixed: write() sends 'shadow-scan' on a document a script opened too (documents.js scriptOpened), adoptNode is
  // scanned like the clones (documents.js CLONES), and an insertion of a node of another document asks the
  // isolated world to look through it first (insertions.js scanForeign; the answer, closedHostTold, comes back
  // within the call): the survey knows the root, the guard empties i and listens in the root. Each way now ends with
  // "find .jpg false", then the cleaned copy ("photo.jpg").
  for (const via of ['openwrite', 'srcdoc', 'openwritepostgone', 'openwriteimplicit']) {
    test(`the original (or its name) does not get out of a closed root declared in another document: ${via}`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  // Withstood (2026-12-07, 1 run each):
  // - openwritepost, srcdocpost: as above, the form posted, the frame left in place: "photo.jpg", 12582 bytes, cleaned
  //   (openwritepost: the frame's own guard, told of the root by its observer, listened in the root).
  // - srcdocpostgone: srcdocpost with the frame removed in the click: still "photo.jpg", cleaned (cause not pinned:
  //   something listens in the root the srcdoc frame declared at load; yet srcdoc's name leak goes through).
  // - blob, blobpost: the markup as a blob: frame: the survey held i ("find .jpg false"), then the cleaned copy.
  // - domparser: DOMParser keeps no declarative roots (the template stays a template): no root, nothing.
  // - implwrite: open()+write() on createHTMLDocument's document: parsed, but no declarative root.
  // - popupwrite: window.open('') in the click, its document written: the picker never opened (no pick).
  // - srcdocimplicit: openwriteimplicit's way with srcdoc's markup: held even without the insertion's scan (the frame's
  //   own worlds had told of the root before the click).
  // - srcdocimplicitpostgone: srcdocimplicit posted, the frame removed in the click: the picker never opened.
  for (const via of ['openwritepost', 'srcdocpost', 'srcdocpostgone', 'blob', 'blobpost', 'domparser', 'implwrite', 'popupwrite', 'srcdocimplicit', 'srcdocimplicitpostgone']) {
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
