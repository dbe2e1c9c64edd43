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
const { explore, through } = attackSwitches(55);

describe('attack 55: a filled file input in a closed shadow root declared in another document, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const leakAttack = leakAttacks(local, 55);

  // THROUGH (2026-12-07, Chromium of /usr/bin/chromium, 1-2 runs each). The host x-h55
  // ('<x-h55 id=h55><template shadowrootmode=closed>…</template></x-h55>') is parsed in a hidden same-origin
  // frame's document, then document.adoptNode(host) into this document (detached) and customElements.upgrade: its
  // constructor's attachInternals().shadowRoot opens the DECLARATIVE closed root. The label (i + a 70-deep span)
  // goes into that root, the deep span is clicked in the person's click: Chromium's own picker fills i, unheard.
  // In i's change listener the host is appended to the body: the survey (insertions.js framesIn) cannot see into
  // the root (not in closedRoots, not in this copy's unseenClosed), so nothing is withheld.
  // - openwrite: in the click, the (about:blank) frame's document is d.open()ed then d.write(markup): after open()
  //   readyState is 'loading', so documents.js's write wrapper (:66 `loaded` false, :77) sends no 'shadow-scan'; the
  //   root is never told before the host is connected. findsel read the name: the server got "leak-sample.jpg.txt"
  //   ("leaked: sample.jpg"): the ORIGINAL's NAME.
  // - srcdoc (INTERMITTENT: through in 1 of 8 runs, the first run of the day; the other 7 held i, "find .jpg false",
  //   then the cleaned "photo.jpg"): the markup is the frame's srcdoc (parsed at load by the frame's navigation
  //   parser). The closed root is told to the top page world only by way of its isolated world's watch of the frame
  //   (content.js ARM / tellClosed), apparently racing the load; document.adoptNode (realms.js:980, slotLeaving only)
  //   scans nothing. When through, findsel: "leak-sample.jpg.txt": the ORIGINAL's NAME.
  // - openwritepostgone: openwrite with i in a multipart form (POST /upload, target a hidden frame) in the root, and
  //   the written frame REMOVED in the click right after the adoption (its realm, and any guard listener it would
  //   have put in the root, gone); after the host is connected, the submit button gets a constructed (not composed)
  //   click: the native submission's submit/formdata events reach no guard listener (guard.js onSubmit/onFormData
  //   listen only in roots met). The server received "sample.jpg", 19458 bytes: the ORIGINAL.
  // Fix to consider: have document.adoptNode/importNode (and write() after an explicit open(), i.e. every write)
  // send 'shadow-scan' for what they bring in, so the top's isolated world (which can open any root) tells this
  // page world of the closed hosts before the page can connect them.
  for (const via of ['openwrite', 'srcdoc', 'openwritepostgone']) {
    through(`the original (or its name) does not get out of a closed root declared in another document: ${via}`, async () => {
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
  for (const via of ['openwritepost', 'srcdocpost', 'srcdocpostgone', 'blob', 'blobpost', 'domparser', 'implwrite', 'popupwrite']) {
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
