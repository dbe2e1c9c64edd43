// The twenty-first attack on the upload guard (issue 15), aimed at c369227:
// objects that may still be framed with no DOM change asked at every
// animation frame (insertions.js askWaiting, realms.js askEachFrame); any
// attribute of an object or embed set by a wrapped route asks it again;
// nodes wrapped calls put in are never where the parser is. Each picker way
// leaves the page a first document's showPicker (taken before Silbato
// wraps that realm, if it ever does); the person then clicks "attach a
// photo" once and picks samples/sample.jpg. What is still open is a
// skipped test (`through`, run with ATTACK21_THROUGH=1).
// Pages: attack21-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, detectionProbes, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { through, explore } = attackSwitches(21);

describe('attack 21: objects framed with no animation frame, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 21);

  for (const via of ['control']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
  // Withstood (3 runs in a row, a realm reached, only a cleaned copy sent):
  // - closedlayout: the typesethtml object in the page's HTML, the poll
  //   laying the page out (offsetWidth, no lookup of #o) at every turn once
  //   closed: no frame from Chromium's own task; Silbato's animation-frame
  //   ask made it (3 animation frames after the close), wrapped.
  // - embedsrc: an <embed> with neither src nor type (Chromium gives it no
  //   layout object), given a src through the property, looked up: framed
  //   inside Silbato's one ask (an embed's change is asked once), wrapped.
  // - chain3, chain9: an outer object (framed) holding 3 or 9 nested
  //   objects each with a classid (each shows its fallback), #o innermost;
  //   the outer one given a classid and #o looked up 30 times: #o was framed
  //   by Silbato's two passes already, wrapped.
  for (const via of ['closedlayout', 'embedsrc', 'chain3', 'chain9']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
  // Proving nothing: rblookup, rblayout (3 runs each; a realm reached,
  // only a cleaned copy): attack19's typesethtml object (image-typed, made
  // text/html by its own script while open, closed, 1,200,000 ignored end
  // tags) in a srcdoc child whose head holds a render-blocking async script
  // the server answers 4 s later: no animation frame at all in the child
  // (rafs 0), so Silbato's per-frame asks never run; the child's poll looks
  // #o up at every turn once closed (rblookup) or lays the child out at
  // every turn (rblayout). No lookup made a frame (window.length 0 at 6
  // turns after the close); the frame came only as the parser stopped, from
  // Silbato's askAgain. Inconclusive: the sleeping server also held #o's
  // address, and the same child with a data: address, blocked or not
  // (rblookupdata, rbcontroldata, 1 run each), made no frame for any lookup
  // either, Silbato's animation-frame asks included.
  // Proving nothing (no realm reached, no picker): dnlayout (the rblayout
  // child in a display:none iframe, not render-blocked: animation frames
  // run, but the object is never framed at all), paramname (an
  // <object> with no data and no type, its <param name=x
  // value=address> renamed src: Chromium never looks again, no frame).
  for (const via of ['rblookup', 'rblayout', 'dnlayout', 'paramname']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
  // Got the ORIGINAL through (the server received "sample.jpg", 19458
  // bytes, the sample byte for byte; 3 runs of 3): rafyield. The page
  // starts its own requestAnimationFrame loop (each callback registers the
  // next) BEFORE attack19's typesethtml object is parsed: <object id=o
  // type=image/gif data=/attack21-blank> holding "x" and an inline script
  // setting o.type = 'text/html'; </object>, <html data-closed>, 300,000
  // ignored end tags. Once it sees data-closed, its animation-frame
  // callback looks #o up (o.anything) every frame: 0 to 2 frames after the
  // close, the lookup makes #o's frame, and window[0] is its first
  // document, unwrapped. Silbato's per-frame ask (realms.js askEachFrame
  // / eachFrame, insertions.js askWaiting) is a requestAnimationFrame
  // callback registered at an observer call, i.e. after the page's, and
  // callbacks run in registration order: each frame the page's lookup comes
  // first, so the asks never win (attack19's typesethtmlyield with a
  // MessageChannel lookup wins only when no rendering update comes between;
  // the page's own animation frame removes that race). mcyield (the same
  // object, attack18's pollClosed MessageChannel lookup: the known
  // typesethtmlyield, through 1 run of 1 here) is the comparison.
  // Through 2 runs of 6 (4 with no frame at the lookup): typesetce, the
  // typesethtml object followed at once by <x-look>, a custom element whose
  // constructor (run by the parser as it makes it, no record since the
  // inline script, so no observer call first) looks #o up: when the
  // lookup comes late enough after the close (the object's answer in),
  // it makes the frame, unwrapped. The known class of attack17's mergeyce
  // (docs/threat-model.md): page code the parser runs with no observer
  // call before it.
  // rafyield was closed for a while (3 runs in a row) by wrapping every realm's
  // requestAnimationFrame so that Silbato's per-frame ask was asked for
  // first; open again since that wrapper was taken out: every callback
  // takes a number of the document's count, so any page could tell
  // Silbato was there (attack22's rafid), and a page that cancelled the
  // number below its own beat it all the same (attack22's rafcancel). The
  // object framed here is the class of attack22's imagepage…: an object
  // Chromium first takes for an image makes itself a page's frame once the
  // answer comes (a network task), and the page's next lookup frames it.
  // (mcyield passed 3 runs in a row on a busy machine once an open object
  // of an image's type was no longer asked at the observer call, and got
  // the original again on a quiet one: still open.)
  // Fail closed since 6007fd6 (realms.js's lockdown: a same-origin object frame Silbato did not
  // make is found at the latest at the person's press, whose activation is then spent first):
  // no picker (the page's showPicker threw NotAllowedError) or, when Silbato framed it first,
  // a cleaned copy; 3 runs of 3 each. Still the class above: the page holds the realm.
  for (const via of ['rafyield', 'mcyield', 'typesetce']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
  for (const via of explore) {
    test(`explore ${via}`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
});

describe('attack 21: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack21-detect');
  // Detected (1 run each), by signs already known: movebefore (#po open;
  // its inline script moves <p id=m> after it with moveBefore, a wrapped
  // call whose node putByCall did not mark then (it does since b01370d),
  // so the observer took #m as where the parser is and #po as closed): with Silbato events
  // ["error","load"], framed, two empty-comment pairs in #po's records;
  // without ["error"], frameless. appendmove (the same with a wrapped
  // append, putByCalls marking #m): with Silbato ["load"], framed, one
  // comment pair; without ["error"], frameless. Both are the known class of
  // Silbato framing an object Chromium leaves frameless, and the comment
  // records; moveBefore only adds the second comment pair and the error.
  for (const probe of ['movebefore', 'appendmove']) {
    through(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  for (const probe of explore.filter((p) => p.startsWith('probe:')).map((p) => p.slice(6))) {
    test(`explore probe ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
