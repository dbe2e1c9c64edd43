// The fortieth attack: what the shared going stack (insertions.js
// sharedGoing, typed-watch.js's group) and the entry pushed before the hold
// loop miss. Pages: attack40-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { attackSwitches, localMachine, pickerAttacks } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(40);

describe('attack 40: fills through a copy outside the group, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 40);
  test('a first document\'s showPicker reached control: the page gets only a cleaned copy', async () => {
    await pickerAttack('control');
  });
  // Fail closed since the fix of the same day (realms.js unheld(doc): the lockdown spends the activation in every
  // document of the group and in the filled node's): all three end with "no picker" ("activation before the fill
  // true, after false"; the callback's picker threw NotAllowedError), nothing received (1 run each).
  // Before, THROUGH (2026-12-07, 2 runs of popupkept, 1 of popupkeptblur): the page received "sample.jpg", 19458 bytes, the
  // ORIGINAL. The page opens a same-origin POPUP at load (window.open; its opener kept, so its copy joins the top's
  // group: content.js walks parent, then opener) and navigates it a second time (natives of its own: "own append
  // true, opener true"). In the person's click: box = [inp, d], inp focused (typed into), the top's wrapped
  // box.replaceChildren(d); at inp's change (or blur) the page fills d through the POPUP's copy:
  // popup.Element.prototype.append.call(d, f). The shared stack works: the popup's copy sees the top's entry
  // (filledGoing) and calls its tools.unheld(), which locks the group down and SPENDS THE ACTIVATION OF ITS OWN
  // DOCUMENT (realms.js:186-189, `spendIn(ownDocument)`: ownDocument, realms.js:50, is the popup's document). A
  // popup is another frame tree: the top's activation from the person's click is untouched ("activation before the
  // fill true, after true" with &dry=1; an iframe child's spend would consume the whole tree's, which is why
  // attack38's crossfresh ways fail closed). The native call then moves d: f gets a new first document; f's fallback
  // custom element's connectedCallback (end of the call, before the top's after-look) reads "b: showPicker NATIVE,
  // is f true" and opens it at once on a detached file input, with the top's activation: a native picker, the
  // original delivered. (The lockdown does happen, group-wide, but too late and only for wrapped pickers.)
  // popupboth (1 run, ORIGINAL): the call too made through the popup's copy
  // (popup.Element.prototype.replaceChildren.call(box, d)): the same copy detects, the same spend misses. So the
  // cause is not the shared stack itself but where the detecting copy spends: any copy whose document is in another
  // frame tree than the click's (a popup of the group) detects and spends nothing that matters.
  for (const via of ['popupkept', 'popupkeptblur', 'popupboth']) {
    test(`a first document's showPicker reached ${via}: the page gets no original`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }
  // Withstood (2026-12-07, 1-2 runs each), "no picker":
  // popupkeptgrab (the same out of any click, the native showPicker kept and f moved out): the group is locked, so
  // the top's copy spends the activation at the person's press ("threw NotAllowedError").
  // popupcallonly (the call through the popup's copy, the fill through the top's own d.append(f)): the top's copy
  // detects and spends the top's activation ("activation … after false"), the picker throws NotAllowedError.
  // popupdisownedchange, popupdisownedblur, popupdisownedgrab (the popup's opener set to null before its document
  // loads, so its copy makes a group of its own: the top's entry is not in its stack): the callback still reads
  // "b: showPicker NATIVE, is f true", but the top's activation is gone during the fill through the popup's copy
  // ("activation before the fill true, after false"; not traced: the other group's copy claims and wraps the top's
  // realm, typed-watch.js claim, and fails closed there) and the picker throws NotAllowedError.
  for (const via of ['popupkeptgrab', 'popupcallonly', 'popupdisownedchange', 'popupdisownedblur', 'popupdisownedgrab']) {
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
