// The thirty-ninth attack: what attack 38's fix (insertions.js putCodeBack:
// a held code element is taken out first, then put back guarded) misses.
// Pages: attack39-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(39);

describe('attack 39: fills while Silbato holds the nodes back, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 39);
  test('a first document\'s showPicker reached control: the page gets only a cleaned copy', async () => {
    await pickerAttack('control');
  });
  // Fail closed since the fix of the same day (insertions.js insertSurveyed: what goes in is `going` from before the
  // hold loop until the native call returns): all nine end with "no picker" (the callback still reads "b: showPicker
  // NATIVE, is f true", but the nested d.append(f) found d going, locked down and spent the activation: the picker
  // threw NotAllowedError; the grab ways' kept picker throws at the click), nothing received (1 run each).
  // Before, THROUGH (2026-12-07, 2 runs each): the page received "sample.jpg", 19458 bytes, the ORIGINAL.
  // Cause: insertions.js insertSurveyed's HOLD loop (line 1276, `apply(replaceChild, parent, [stand, node])`) takes
  // each held CONNECTED frame or code element out of what goes in with a native replaceChild, AFTER the survey
  // (line 946) and BEFORE `going` is pushed (line 1210, only inside callNative). The page code that removal runs
  // (a held custom element x's disconnectedCallback, the blur of a focused input inside x, a held frame g's window's
  // pagehide or unload) runs with `going` empty: the page's wrapped d.append(f) into d (already surveyed, about to
  // be moved by the native call) is held, reached and put back by that nested call, and filledGoing sees nothing
  // going. The native call then MOVES d (box2.append(d)): the browser takes f out and puts it in again, f gets a
  // NEW first document nobody reached (f has an address that never answers: no synchronous `load`, so realms.js's
  // load sweep does not run). A custom element in f's fallback (connectedCallback at the end of the call) reads
  // window[i] (not contentWindow): "b: showPicker NATIVE, appendChild NATIVE, is f true" (&dry=1 runs), and opens
  // the picker at once in the person's click (holddisconnected, holdpagehide, holdunload, holdblur,
  // holddisconnectedreplacechildren). Out of any click (holddisconnectedgrab, holdpagehidegrab: run at load), it keeps
  // the native showPicker and moves f out with moveBefore ("moved out: same window true"), so unheldFrames' after-look
  // finds no frame in d: no lockdown; the person's later click opens the kept native showPicker. holdscriptafter,
  // holdscriptpagehide: the same fill into a detached second argument e (f, then an inline script s) at the hold;
  // the native call connects e and s runs inside it, after f has its window, before any sweep.
  for (const via of ['holddisconnected', 'holdpagehide', 'holdunload', 'holdblur', 'holddisconnectedreplacechildren', 'holddisconnectedgrab', 'holdpagehidegrab', 'holdscriptafter', 'holdscriptpagehide']) {
    test(`a first document's showPicker reached ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  // Withstood (2026-12-07, 2 runs each), "no picker": holdscriptcontrol (e filled before the call: surveyed, f and s
  // held: "script: … b: showPicker wrapped"); holdscriptbefore (s before f in e: "script: … b: no window", s runs
  // before f is made).
  // Noted while trying: a frame with NO address fires a synchronous `load` as it is connected, and realms.js's
  // capture listener on the document (line 1137) sweeps then: a script after it finds it wrapped; and reading
  // f.contentWindow reaches the realm (the safety net), so these ways read window[i].
  for (const via of ['holdscriptcontrol', 'holdscriptbefore']) {
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
