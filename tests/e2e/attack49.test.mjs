// The forty-ninth attack: the survey of wrapped insertions (insertions.js
// framesIn/survey/insertGuarded, file-barrier.js withholdInserted), which
// holds back the files of a file input before it is connected and drawn.
// Chromium's own picker is opened as in attacks 44-48's labeldeep (a span 70
// deep inside a DETACHED label holding a file input i, clicked in the
// person's click) and fills i, which no guard listener hears; the page then
// connects i some way the survey misses and reads the name Chromium draws.
// Pages: attack49-pages.mjs.
import { describe, test } from 'node:test';

import { assertNothingLeaked, attackSwitches, leakAttacks, localMachine } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(49);

describe('attack 49: a file input connected past the survey of wrapped insertions, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const leakAttack = leakAttacks(local, 49);

  // Were THROUGH (2026-12-07, Chromium 156, 1 run each): the page's server received a text note "leak-sample.jpg.txt"
  // holding "sample.jpg": the ORIGINAL's NAME (not its bytes). The label, i and the deep span are made by the PARSER
  // inside a CLOSED shadow root that attachShadow never made, of a detached host h; the page reaches inside through an
  // inline onerror of an <img> there (`this.parentNode` is the closed root). The pick (deep span clicked in the
  // person's click) fills i, unheard; then document.body.append(h), a wrapped insertion, is surveyed: insertions.js
  // framesIn looks at h, its open roots and the closed roots in closedRoots, which only documents.js's attachShadow
  // wrapper fills (rememberShadowRoot); the browser-made root is not among them, so i is not found and not withheld
  // (insertGuarded: `found.inputs` empty), and Chromium draws "sample.jpg" in i; attack 48's findsel reads it.
  // (documents.js does send 'shadow-scan' for such roots to the isolated world, which watches them for frames and
  // submissions, but the page world's survey never learns of them.)
  // - dsdclosed: h.setHTMLUnsafe('<div><template shadowrootmode="closed">…'), h in sight: "sample.jpg".
  // - dsdquiet: the same, h fixed, 1px high, opacity 0.01, removed after: "sample.jpg", nothing shown.
  // - dsdclone: the root a cloneNode of an attachShadow({ mode: 'closed', clonable: true }) host gets: "sample.jpg".
  // Fixed: the isolated world, which opens every root it meets (the scan documents.js asks for, the document's
  // observer), tells the page world of each closed root's host (content.js tellClosed; insertions.js
  // closedHostTold); an insertion holding such a host asks the guard to look inside (file-barrier.js
  // withholdInserted: 'files-found' with the host). A host in a shadow tree reaches the page world as the outermost
  // host: a node taken out of a tree within a known host is asked about too (insertions.js withinUnseen):
  // - dsdnested: the closed declarative root nested in another, its host taken out of the outer root and connected
  //   alone (before withinUnseen: "sample.jpg"); dsdnestedouter: the outer host connected whole.
  // Each now finds nothing at the first change, and the cleaned copy's name ("photo.jpg") at the next.
  for (const via of ['dsdclosed', 'dsdquiet', 'dsdclone', 'dsdnested', 'dsdnestedouter']) {
    test(`the original's name is not read from a file input connected inside a closed root the survey does not know: ${via}`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  // Withstood (2026-12-07, 1 run each):
  // - dsdopen: dsdclosed with an OPEN declarative root: the survey reads it from the host; find reads nothing first,
  //   then, at the next change, the cleaned copy's name "photo.jpg" (uploaded as a note: not the original's).
  // - dsdpost: the bytes: label and i in a multipart form in the closed declarative root, h connected (i keeps the
  //   original) and the form posted natively: the guard listens in that root (shadow-scan, guard.js listenInRoot):
  //   "photo.jpg", 12582 bytes, cleaned.
  // - dsdpoststop: the same with the page's capture listeners on the form stopping submit and formdata: cleaned.
  // - findsel: attack 48's findsel, for reference (held by the survey).
  for (const via of ['dsdopen', 'dsdpost', 'dsdpoststop', 'findsel']) {
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
