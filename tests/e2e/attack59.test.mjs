// The fifty-ninth attack: where pickers.js labelOf (no depth bound since the
// last change: assignedSlot, parentNode, a shadow root's host) and
// Chromium's own label activation might disagree through slots (open and
// closed roots, a label inside the shadow tree, interactive content in the
// shadow tree a slotted node is shown in), and the browser's own chooser
// opened for a DETACHED file input by keyboard (Enter, Space, an access key)
// instead of a label. Pages: attack59-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { assertNothingLeaked, attackSwitches, leakAttacks, localMachine, pickerAttacks } from './browser.mjs';
import { pickSample } from './uploads.mjs';

const local = localMachine();
const { explore } = attackSwitches(59);

describe('attack 59: label activations through slots, and keys on a file input taken out, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const pickerAttack = pickerAttacks(local, 59);
  const leakAttack = leakAttacks(local, 59);
  /** The person, after clicking "#open" (which focuses a file input), presses `key`, and picks the sample if a chooser opens. */
  const presses = (key) => async (p) => {
    const opened = await pickSample(p, () => p.keyboard.press(key), 5000);
    console.log(`after ${key}: chooser ${opened ? 'opened' : 'not opened'}`);
  };
  const KEYED = { enterremove: 'Enter', entermove: 'Enter', enterdown: 'Enter', spaceup: ' ', accessfocus: 'Alt+KeyX', accesslabel: 'Alt+KeyX' };

  // Was A NEW OPENER of the browser's own chooser (not hiddenswitch), found 2026-12-08 (Chromium 156, 3 runs in all):
  // the person's "attach a photo" click focuses a CONNECTED file input f; the person presses Enter; f's own keypress
  // listener takes f out of the document (remove(), or append into a detached div). Chromium's keypress default
  // handler for a file input (KeyboardClickableInputTypeView::HandleKeypressEvent: Enter -> DispatchSimulatedClick)
  // runs after the listeners and clicked f, then DETACHED: the simulated click (trusted, not cancelled: the page's
  // notes said "file click: trusted true, prevented false, connected false") reached no window listener of the
  // guard's, no wrapper was called (no click(), dispatchEvent or label), and Chromium's own chooser filled f. The
  // read barrier saved the bytes and the name (the first change read f.files empty, a second brought the cleaned
  // copy, "photo.jpg", 12582 bytes), but it was an opener needing only a focused file input and the person's Enter.
  // Fixed: the guard's first listener takes a trusted Enter keypress (or Space keyup while :active) on a file input as
  // a pick, as it does a click (guard.js onKey): the key's default is cancelled and Silbato's own picker opens. The
  // detached input's own click never comes.
  for (const via of ['enterremove', 'entermove']) {
    test(`Enter on a file input taken out in its keypress listener: ${via}: the browser's own chooser does not fill it, nothing of the original arrives`, async () => {
      const r = await leakAttack(via, 4000, presses('Enter'));
      assertNothingLeaked(r);
      assert.ok(!r.notes.includes('file click: trusted true, prevented false, connected false'), `the detached input's own click went through: ${JSON.stringify(r.notes)}`);
    });
  }
  // Withstood (2026-12-08, 1 run each): enterdown: f taken out in keydown (it loses focus; the keypress goes to the
  // body): no chooser. spaceup: f taken out in Space's keyup: Chromium clicks only an :active input, and a removed one
  // is not; since onKey, the guard's listener (first) takes the keyup on the still :active f as a pick: Silbato's
  // chooser, the cleaned copy. Not judged: accessfocus, accesslabel (an access key "x" on f, or on a label holding it,
  // f taken out in its focus listener): Alt+KeyX and Alt+Shift+KeyX pressed by Playwright fired no access key action
  // at all (f's focus listener never ran), so the way never ran.
  for (const via of ['enterdown', 'spaceup']) {
    test(`withstood: ${via}: nothing of the original arrives`, async () => {
      const r = await leakAttack(via, 3000, presses(KEYED[via]));
      assertNothingLeaked(r);
      assert.ok(!r.notes.includes('file click: trusted true, prevented false, connected false'), `the detached input's own click went through: ${JSON.stringify(r.notes)}`);
    });
  }

  // Withstood (2026-12-08, 1 run each), in the person's click, a DETACHED tree, its element t clicked (click(), or a
  // dispatched MouseEvent for …dispatch):
  // - Silbato's picker, "photo.jpg", 12582 bytes, cleaned: closedslot, closedslotdispatch (t slotted into a <label>
  //   with i inside a CLOSED shadow root: the page world's assignedSlot is null there, yet Silbato's picker opens, the
  //   input's click cancelled); openslot (the same, open root: labelOf finds the label through the slot);
  //   slotbuttonclosed (label holding i and a host whose closed root holds <button><slot>: labelOf walks t -> host ->
  //   label).
  // - No picker: openslotbutton, closedslotbutton, openslotinput (a <button>/<input> slotted into the label in the
  //   shadow tree); slotbutton, slotbuttondispatch, slotanchor, slotselect (t slotted into a <button>, <a href>,
  //   <select> in an open root whose host is in the label: labelOf stops at the interactive element; Chromium's
  //   activation does nothing either).
  for (const via of ['closedslot', 'closedslotdispatch', 'openslot', 'slotbuttonclosed']) {
    test(`withstood: ${via}: a cleaned copy`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^cleaned/);
    });
  }
  for (const via of ['openslotbutton', 'closedslotbutton', 'openslotinput', 'slotbutton', 'slotbuttondispatch', 'slotanchor', 'slotselect']) {
    test(`withstood: ${via}: no picker`, async () => {
      assert.match(await pickerAttack(via, { mustGrab: false }), /^no picker/);
    });
  }

  for (const via of (process.env.ATTACK59_KEYS ?? '').split(',').filter(Boolean)) {
    test(`keys ${via}`, async () => {
      await leakAttack(via, 4000, presses(KEYED[via] ?? 'Enter'));
    });
  }
  for (const via of explore) {
    test(`explore ${via}`, async () => {
      console.log(`${via}: ${await pickerAttack(via, { mustGrab: false })}`);
    });
  }
});
