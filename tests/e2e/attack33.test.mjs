// The thirty-third attack: page code the browser runs inside a wrapped
// insertion's native call, after insertGuarded's survey and before the
// insertion (a focused element's blur, a removed frame's pagehide). Each
// picker way appends a hidden frame (never answering) and tries to keep a
// first document's native showPicker; the person then clicks "attach a
// photo" once and picks samples/sample.jpg. Nothing is still open (a way
// that were would be a skipped `through` test). Pages: attack33-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, detectionProbes, localMachine, pickerAttacks, unseenProbes } from './browser.mjs';
import { DETECTION_PROBES } from './attack33-pages.mjs';

const local = localMachine();
const { explore } = attackSwitches(33);

describe('attack 33: a first document\'s showPicker from inside a wrapped call, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 33);
  test('a first document\'s showPicker reached control: the page gets only a cleaned copy', async () => {
    await pickerAttack('control');
  });
  // Withstood (2026-12-07, 1 run each):
  // - noblur (control): box.replaceChildren(d) with nothing focused: no page code inside the call, f never put in
  //   ("blur ran false", "frames 0"); no picker, no realm.
  // - blurheld: d (connected elsewhere) holds the focused input and frame f, held back by insertSurveyed (a stand-in,
  //   "f was in null"); the blur listener puts f back into d, then box.appendChild(d) moves it: the custom element's
  //   connectedCallback saw "b: showPicker wrapped, appendChild wrapped"; a cleaned copy.
  // - blursurround: r.surroundContents(d), the range holding the focused input: the listener filled d ("frame in d
  //   true"), yet the frame ended up unconnected ("frames 0"); no picker, no realm.
  for (const via of ['noblur', 'blurheld', 'blursurround']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
  // Fails closed since the fix of the same day (insertions.js unheldFrames: after a wrapped insertion, a connected
  // frame in what it put in that was neither held nor there with the same window before the call came in while the
  // browser ran it; realms.js then locks the page down, tools.unheld → lockDown): each now ends with no picker at
  // the person's click ("no picker (threw NotAllowedError)"), nothing received. Done inside the person's own click
  // (a live activation): see blurinclick (closed: the activation is spent too) and blurinclickopen (closed since attack 34's fix) below. Before, through (2026-12-07, 1 run each): the page received "sample.jpg", 19458 bytes,
  // the ORIGINAL, every time noted
  // "connectedCallback of the frame's child (…), frames 1, b: showPicker NATIVE, appendChild NATIVE".
  // Page code the browser runs INSIDE the native call, after the survey and before it inserts, with no argument
  // converted (so convertedArgs changes nothing): an event a removal fires synchronously. Chromium's
  // ContainerNode::RemoveChild/RemoveChildren blur the focused element they take out (Document::
  // RemoveFocusedElementOfSubtree: `blur`, `focusout`) and detach a removed frame (its document's `pagehide`),
  // both before the new nodes go in. The page's listener puts the frame f (its custom element child in the
  // fallback) into d, a node already surveyed empty (or, connected, about to be moved), and the browser connects d,
  // f in it: a new first document, never held back nor reached; the custom element's connectedCallback runs at the
  // end of the native call (CEReactions), before the sweep. Cause: insertions.js insertGuarded (939: survey before
  // the call) → insertSurveyed (990-992: nothing found, the call made plain, sweep only after it returns); realms.js
  // listen's capture listeners for blur/focusout (1086) only walk, at a time the frame is not yet connected.
  // - blurreplacechildren: box.replaceChildren(d), box holding the focused <input>; d detached, empty.
  // - blurreplacewith: inp.replaceWith(d). blurreplacechild: box.replaceChild(d, inp) (Node's, realms.js after).
  // - blurcaption: t.caption = d (realms.js setters, insertGuarded(native, this, [value]) at 622), the old caption
  //   holding the focused input (Chromium deletes the old caption first).
  // - blurmoved: box.appendChild(d), d connected elsewhere holding the focused input: the listener puts f into d
  //   (connected: a guarded call, "d connected true"), and the browser's move disconnects and connects f again.
  // - pagehidereplace: box.replaceChildren(d), box holding a frame g (wrapped realm): g's window's `pagehide`
  //   listener (the top's function) fills d; no focus, no person. pagehidereplacechild: box.replaceChild(d, g).
  for (const via of ['blurreplacechildren', 'blurreplacewith', 'blurreplacechild', 'blurcaption', 'blurmoved', 'pagehidereplace', 'pagehidereplacechild']) {
    test(`a first document's showPicker reached ${via}: the page gets no picker (the page is locked down)`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  // In the person's click (added 2026-12-07 with the fix): blurinclick, the page's own click handler calling the
  // showPicker the callback kept: the activation is spent as the page locks down, and it throws NotAllowedError.
  test('a first document\'s showPicker reached blurinclick: the page gets no picker (the activation is spent)', async () => {
    assert.match(await pickerAttack('blurinclick', { mustGrab: false }), /^no picker/);
  });
  // Fails closed since insertions.js filledGoing (2026-12-07, attack 34's fix): blurinclickopen, the callback itself
  // opening that picker at once, inside the call made in the click: the blur listener's append of the frame into d
  // (a node the running call is still to put in) locks down and spends the activation before the browser connects
  // it ("no picker (no realm)": the callback never found it). Before, through: the original.
  test('a first document\'s showPicker reached blurinclickopen: the page gets no picker (the activation is spent)', async () => {
    assert.match(await pickerAttack('blurinclickopen', { mustGrab: false }), /^no picker/);
  });
  for (const via of explore.filter((p) => !p.startsWith('probe:'))) {
    test(`explore ${via}`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
});

describe('attack 33: telling Silbato is there, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const compare = detectionProbes(local, '/attack33-detect');
  // Equal (2026-12-07, 1 run): proxies: append/add/insertAdjacentElement given Proxies (of a node, of objects with
  // toString/valueOf): the traps run (keys, order) and the results as without; blurorder: a wrapped
  // replaceChildren taking a focused input out: its blur heard inside the call (d not yet connected) as without.
  unseenProbes(test, compare, ['proxies', 'blurorder']);
  // Equal since the fix of the same day (realms.js convertedArgs leaves a TrustedScript as it is, told by its native
  // toString). Before, told (2026-12-07, 1 run): trustedscript: a TrustedScript given to append (div, and a <script>), its prototype's
  // toString replaced by the page: with Silbato "div page, script page [toString,toString]", without "div t33,
  // script t33 []": the browser takes a TrustedScript as one (its text, no page code); Silbato converts it as text
  // (realms.js convertedArgs, 466-467: not a node → createTextNode(ts) → ToString, the page's toString), and hands
  // the browser a plain string (a <script>'s text then no longer a TrustedScript's).
  unseenProbes(test, compare, ['trustedscript']);
  for (const probe of explore.filter((p) => p.startsWith('probe:')).map((p) => p.slice(6))) {
    test(`explore probe ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.ok(DETECTION_PROBES.includes(probe));
      assert.deepEqual(a, b);
    });
  }
});
