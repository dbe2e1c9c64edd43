// The thirty-seventh attack: what attack 36's fix (insertions.js stillGoing:
// a node already a child of `into` counts as put in until `removing` runs;
// realms.js listens for blur, focusout and pagehide on each window it
// wraps, before any page listener) misses. As in attacks 33-36, page code
// runs inside the native call box.replaceChildren(d) (d already box's
// child, so taken as "put in"), fills d with frame f (a wrapped append:
// filledGoing finds d not going), the browser takes d out and puts it in
// again, so f gets a NEW first document no one reached; a custom element in
// f's fallback grabs its native showPicker at the end of the call and
// moves f out with moveBefore (the after-look, unheldFrames, then finds no
// frame in d). The person then clicks "attach a photo" once and picks
// samples/sample.jpg. Pages: attack37-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(37);

describe('attack 37: page code inside an insertion that removing() does not hear, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 37);
  test('a first document\'s showPicker reached control: the page gets only a cleaned copy', async () => {
    await pickerAttack('control');
  });
  // Fail closed since the fix of the same day (insertions.js stillGoing: a node already where the call puts it stays
  // to go in until the call returns, heard events or not; only Silbato's own put-back of a held code element takes it
  // as put in; `removing` and its listeners were taken out): each now ends with no picker ("threw NotAllowedError";
  // changeclickopen "no realm": locked down and the activation spent at the fill), nothing received (1 run each).
  // Before, through (2026-12-07, 1 run each): the page received "sample.jpg", 19458 bytes, the ORIGINAL.
  // - changefirst: the focused input edited first (execCommand('insertText')); Chromium 156 fires its `change` as
  //   box.replaceChildren(d) takes it out, BEFORE blur (heard order: "change blur focusout DOMFocusOut").
  //   `change` is not one of realms.js's REMOVAL_EVENTS: the page's change listener runs inside the native call
  //   before `removing` marks anything; d (already box's child) counts as put in; the fill is not caught; the
  //   callback reads "b: showPicker NATIVE" and moves f out ("moved out: same window true").
  // - crosstoppagehide: a same-origin child frame with an address (/attack37-child) runs its OWN copy of Silbato
  //   (its own `going` and `removing`; the top's copy leaves that realm to it: reach/claim). The page calls the
  //   TOP's wrapped Element.prototype.replaceChildren on box (in the child's document) holding a frame g and d: the
  //   entry goes on the top's `going`; g's pagehide is heard only by the child's copy's `removing` (its stack is
  //   empty). The fill (the top's wrapped append) finds d not going; "callback: b: showPicker NATIVE, is f true".
  // - changeclickopen: changefirst inside the person's click, the picker opened at once in the callback (no
  //   escape, no lockdown before the picker): the ORIGINAL.
  // - pagehideotherarm: ALL nodes in the top's document, the top's own box.replaceChildren(d); box = [g, d], g an
  //   empty frame put in with the child copy's wrapped append (cw.Element.prototype.append.call(box, g, d)), so g's
  //   first document was wrapped, and is listened in, by the CHILD's copy only; g's pagehide (as the call takes g
  //   out) never reaches the top's `removing`. "b: showPicker NATIVE", "moved out: same window true".
  // Why the blur ways below fail and these do not: the top's copy seems to listen in the child's own document too
  // (it is a document with its own copy, a blur there is heard), but not in a first document another copy wrapped.
  for (const via of ['changefirst', 'changeclickopen', 'crosstoppagehide', 'pagehideotherarm']) {
    test(`a first document's showPicker reached ${via}: the page gets no picker (the page is locked down)`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  // Withstood (2026-12-07, 1 run each), each after the page DID grab a native showPicker:
  // - crosstop, crosstopchildfill (blur of a focused input in the child's document, the top's wrapped
  //   replaceChildren; the fill with the top's / the child's wrapped append) and crosschild (the child's wrapper
  //   on the top's nodes, the blur in the top's window): all noted "b: showPicker NATIVE, is f true" and "moved
  //   out", yet the click ended "no picker (threw NotAllowedError)": something locked down after the grab (not
  //   looked into: the pagehide variant is not, so the cross-copy gap is real).
  // - pagehideownchild: single realm: box = [g, d], g a frame at /attack37-child (its own copy), the top's
  //   box.replaceChildren(d); g's pagehide (heard by g's copy only) fills d: "b: showPicker NATIVE", "moved out",
  //   yet "threw NotAllowedError" at the click (locked down after the grab, by what was not looked into).
  // - domfocusout: DOMFocusOut comes after blur ("blur focusout DOMFocusOut"): removing already ran; caught, "threw
  //   NotAllowedError".
  // - domnoderemoved: no mutation events in Chromium 156 (never heard): nothing filled, "no picker (no realm)".
  for (const via of ['crosstop', 'crosstopchildfill', 'crosschild', 'pagehideownchild', 'domfocusout', 'domnoderemoved']) {
    test(`a first document's showPicker reached ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  for (const via of explore.filter((p) => !p.startsWith('probe:'))) {
    test(`explore ${via}`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
});
