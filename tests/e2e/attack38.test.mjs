// The thirty-eighth attack: what attack 37's fix (insertions.js stillGoing:
// a node already where a running insertion puts it stays going until the
// call returns, except in Silbato's own put-back of a held code element)
// misses. Pages: attack38-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { explore, through } = attackSwitches(38);

describe('attack 38: fills inside an insertion the going stack misses, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 38);
  test('a first document\'s showPicker reached control: the page gets only a cleaned copy', async () => {
    await pickerAttack('control');
  });
  // Fail closed since the fix of the same day (insertions.js putCodeBack: Silbato's own put-back of a held code
  // element takes it out of where it stayed first, so the page code its leaving runs (the blur) runs before the
  // put-back's survey, which then holds and reaches the frame the page put in; the `putBack` exemption of stillGoing
  // was taken out): putbackfill, putbackmovebefore, putbackfillclickopen now end with "no picker (no realm)" (the
  // callback reads "b: showPicker wrapped, is f true"), nothing received (1 run each).
  // Before, THROUGH (2026-12-07, 1 run each): the page received "sample.jpg", 19458 bytes, the ORIGINAL.
  // Cause (putbackfill, putbackmovebefore, putbackfillclickopen): the `putBack` exemption of stillGoing. box = [x],
  // x a defined custom element holding a focused <input> and a frame g (the survey holds code elements only when
  // what goes in holds a frame). box.append(x) (x already where it goes, as a framework re-appends): x is held in
  // place (an argument: a stand-in goes in instead), then Silbato's own put-back runs replaceChild(x, stand) with
  // putBack set; x, already box's child, counts as PUT IN during that native call. The browser takes x out first:
  // the input's blur runs (heard "blur (x in)"), the page fills x with frame f (the top's wrapped x.append(f), or
  // moveBefore of a connected f): filledGoing finds x not going, no lockdown. The browser then puts x in again: f
  // gets a NEW first document nobody reached; f's fallback custom element's connectedCallback (end of the call)
  // reads "b: showPicker NATIVE, is f true", keeps it and moves f out with moveBefore ("moved out: same window
  // true"), so the after-look finds no frame in x (putbackfill, putbackmovebefore); or it opens the picker at once
  // inside the person's click (putbackfillclickopen: no escape needed, the after-look comes too late).
  // False alarms looked for (attack25 ORDINARY, ATTACK25_EXPLORE=page:…, not kept): ceresort with the frame in the
  // component's closed shadow root, and a player whose connectedCallback fills its sibling "screen" re-appended
  // with it: both kept their chooser (cleaned copy), no lockdown.
  // selectindex: the indexed setter `select[0] = option`, the option holding f, in the click: f connected by an
  // unwrapped setter, its first document's native showPicker opened at once. Documented as not covered
  // (insertions.js header, docs/threat-model.md); noted here because it needs no race at all.
  for (const via of ['putbackfill', 'putbackmovebefore', 'putbackfillclickopen']) {
    test(`a first document's showPicker reached ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker|^cleaned/);
    });
  }
  // Still through (attack 5's selectindex, in the click): the ORIGINAL.
  through('a first document\'s showPicker reached selectindex: the page gets no original', async () => {
    assert.match(await pickerAttack('selectindex', { mustGrab: false }), /^no picker|^cleaned/);
  });
  // Withstood (2026-12-07, 1 run each), all "no picker":
  // - crossfillchange, crossfillblur: a same-origin child /attack38-child (its own copy, its own empty `going`);
  //   in the person's click, the top's wrapped replaceChildren(d) on top nodes box = [inp, d]; at the input's
  //   change / blur the page fills d with the CHILD copy's wrapped append (cw.Element.prototype.append.call(d, f)):
  //   the callback DID read "b: showPicker NATIVE, is f true", but showPicker threw NotAllowedError: the person's
  //   activation was already spent (a lockdown before the callback; which look of which copy was not looked into).
  // - crossfillgrab: crossfillchange out of the click, f's native showPicker kept and f moved out (moveBefore,
  //   "moved out: same window true"): "threw NotAllowedError" at the person's click (locked down).
  // - crossdocblur: box, inp, d in the child's document, the top's wrapper, the child's d.append(f): "b:
  //   showPicker wrapped, is f false" (f's document reached), no picker.
  // - closedreappend: a defined custom element x whose CLOSED shadow root holds frame f, already box's child,
  //   re-appended (box.append(x)); x's connectedCallback reads f.contentWindow: "b no window" (f was held: the
  //   survey sees attachShadow's closed roots), no realm.
  // Fail closed since the fix of the same day (insertions.js sharedGoing: the going stack is the same-origin
  // group's, so every copy of Silbato sees the native calls the others run): crossfreshchange, crossfreshblur,
  // crossfreshgrab, crossfreshdoc end with "no picker" (the callback's picker threw NotAllowedError: the child copy's
  // put-back into d, going in the top's call, locked down and spent the activation).
  // Before, THROUGH (2026-12-07, 1 run each; crossfreshdoc was withstood): the page received "sample.jpg", 19458
  // bytes, the ORIGINAL. Cause: each copy kept its own `going`. The child /attack38-child is navigated a second time,
  // so its window is a new one with natives of its own (the first navigation from a frame's first, empty document
  // keeps the window, and the child's copy had found the top's wrappers there as its natives: that, not the
  // design, is why crossfillchange and crossfillblur above were stopped). In the person's click, the top's
  // replaceChildren(d); at the input's change (blur) the page fills d with the child copy's wrapped append: the
  // child's copy holds f and puts it back into d with its own native replaceChild, and its empty `going` sees
  // nothing; the browser takes d out and puts it in: f gets a new first document; f's fallback custom element's
  // connectedCallback reads "b: showPicker NATIVE, is f true" and opens the picker at once (crossfreshgrab: keeps it
  // and moves f out, the picker at the click).
  for (const via of ['crossfreshchange', 'crossfreshblur', 'crossfreshgrab', 'crossfreshdoc']) {
    test(`a first document's showPicker reached ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  // Not kept: crossfillmovebefore (the fill by the child copy's wrapped moveBefore of f, parked in the top's body,
  // into d inside the change listener): the renderer CRASHED at the click ("Target crashed"), nothing received.
  for (const via of ['crossfillchange', 'crossfillgrab', 'crossfillblur', 'crossdocblur', 'closedreappend']) {
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
