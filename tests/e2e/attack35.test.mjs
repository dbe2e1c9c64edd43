// The thirty-fifth attack: what attack 34's fix (insertions.js `going` /
// placesOf / inGoing / filledGoing, and `reachedAt` in the after-look)
// misses. As in attacks 33 and 34, page code runs inside the native call (a
// focused input's `blur` as the call takes it out) and a frame is connected
// with nothing holding it. Each picker way tries to keep a first document's
// native showPicker; the person then clicks "attach a photo" once and picks
// samples/sample.jpg. Nothing is still open (a way that were would be a
// skipped `through` test). Pages: attack35-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(35);

describe('attack 35: a fill of a node still to go in that filledGoing misses, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 35);
  test('a first document\'s showPicker reached control: the page gets only a cleaned copy', async () => {
    await pickerAttack('control');
  });
  // Withstood (2026-12-07, 1 run each): every one noted "blur: frame in d true, d parent null" and the callback
  // "b: showPicker NATIVE" (the frame IS connected unheld), but the page was locked down: "no picker (threw
  // NotAllowedError)" (convertclickopen: no picker opened in the click, "no picker (no realm)").
  // - convert, convertmoveout, convertremoveout, convertreappend, replacewithconvert, appendconvert, convertclickopen:
  //   several nodes given, d detached and parentless: Chromium 156 does not move them into a fragment before the call's
  //   removals (d's parent still null at the blur, as placesOf saw it), so filledGoing catches the fill.
  // - deep, appendheldplain, hidefillplain, movebeforefillplain: filledGoing missed the fill (see below), but with no
  //   escape the after-look (unheldFrames) found the frame: locked down after the grab.
  // - childfill: the fill made with a same-origin child frame's own wrapped Element.prototype.append: caught.
  // - dsdclosed: a closed declarative shadow root written by setHTMLUnsafe into d in the blur: no frame made ("frames 0").
  for (const via of ['convert', 'convertmoveout', 'convertremoveout', 'convertreappend', 'replacewithconvert', 'appendconvert', 'convertclickopen', 'deep', 'appendheldplain', 'hidefillplain', 'movebeforefillplain', 'childfill', 'dsdclosed']) {
    test(`a first document's showPicker reached ${via}: the page gets no original`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
  // Fail closed since the fix of the same day (insertions.js): a going node counts as still to go in unless it is
  // now in the place the call puts it (`into`) and moved there since the call came in (stillGoing), and stays so once
  // a wrapped call (moveBefore too) moved it while the native call ran (movingGoing); moveBefore runs filledGoing; a
  // tree deeper than MAX_DEPTH counts as going; a frame put back twice inside one outermost native call is not known
  // by reachedAt (null). Each now ends with no picker ("threw NotAllowedError"; heldclickopen "no realm": the
  // activation spent and the page locked down at the fill), nothing received (1 run each).
  // Before, through (2026-12-07, 1 run each): the page received "sample.jpg", 19458 bytes, the ORIGINAL; each noted "b:
  // showPicker NATIVE" in the callback of a custom element in the frame's fallback (end of the native call).
  // Why filledGoing (insertions.js 1025-) misses the fill:
  // - appendhome, appendheld, replacehome: inGoing (1000-1011) takes a going node as "still to go in" only while its
  //   parent and next sibling are those placesOf (981-) read as the call came in. But the browser takes each node
  //   given out of its old parent BEFORE it removes what it replaces: other.append(d, inp) takes d out of its holder
  //   (detached `c`, or connected `home`) and only then the focused inp out of box (blur); so does
  //   box.replaceChildren(d, x) with d in `home`. At the blur d's parent is null ("d parent null"), not the one
  //   recorded: the listener's wrapped d.append(f) is "not in going".
  // - hidefill, hidefillreappend: the page does that itself: its listener appends d to a detached tmp (wrapped, d holds
  //   no frame then), fills d (not "in going": d's parent is tmp), and takes d out again with remove() (not wrapped:
  //   no check), so d is where it was when the browser goes on.
  // - nextfill: the same through d's next sibling: s.remove() (not wrapped), fill d, home.append(s) (wrapped; s holds
  //   no frame).
  // - movebeforefill: the listener moves an already connected (reached) f into d with moveBefore: its wrapper
  //   (realms.js 658-679) runs no filledGoing at all; the browser then moves d, f reconnected with a new document.
  // - deepmoveout: inGoing walks at most MAX_DEPTH (1012: 4096) parents; f put 5000 levels deep in d is never found in d.
  // So nothing locks down or spends the activation at the fill. Then the after-look is escaped (attack34's gaps, still
  // open: unheldFrames 1063- looks only at where the frame is when the call returns, and counts a frame known by
  // reachedAt):
  // - appendhome, appendheld, replacehome, hidefill, nextfill, movebeforefill, deepmoveout: the callback, after keeping
  //   the showPicker, moves f out of d with moveBefore ("moved out: same window true").
  // - appendheldpark: the callback moves f into a connected `park` with plain append (a new document, reached).
  // - appendheldreappend, hidefillreappend: reachedAt abuse (insertions.js 1071): the callback appends f into d AGAIN
  //   (wrapped: held, put back, a new document reached, reachedAt(f) = that window: "appended again: new window true,
  //   b: showPicker wrapped"); the after-look finds f in d, connected, and counts it known; the kept showPicker is the
  //   FIRST (now detached) document's and still opens a picker.
  // - heldclickopen: appendheld inside the person's click, the picker opened at once in the callback (attack33's
  //   blurinclickopen): the missed fill spends no activation, and the after-look's lockdown comes too late.
  for (const via of ['appendhome', 'appendheld', 'replacehome', 'hidefill', 'nextfill', 'movebeforefill', 'deepmoveout', 'appendheldpark', 'appendheldreappend', 'hidefillreappend', 'heldclickopen']) {
    test(`a first document's showPicker reached ${via}: the page gets no picker (the page is locked down)`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  for (const via of explore.filter((p) => !p.startsWith('probe:'))) {
    test(`explore ${via}`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
});
