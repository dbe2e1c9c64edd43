// The forty-eighth attack: the read barrier (file-barrier.js). Chromium's own
// picker is opened as in attacks 44-47's labeldeep (a span 70 deep inside a
// DETACHED label holding a file input i, clicked in the person's click) and
// fills i, which no guard listener hears; i's own change listener then tries
// to get the file, or only its name, out some way the barrier misses.
// Pages: attack48-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { assertNothingLeaked, attackSwitches, leakAttacks, localMachine } from './browser.mjs';

const local = localMachine();
const { explore } = attackSwitches(48);

describe('attack 48: reading files (or their names) past the read barrier, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const leakAttack = leakAttacks(local, 48);

  // Were THROUGH (2026-12-07, Chromium): the page's server received a text note "leak-sample.jpg.txt" holding
  // "sample.jpg": the ORIGINAL's NAME (not its bytes, size or time). i (filled by Chromium's own picker, its files never
  // read) is connected by the page in its change listener (document.body.replaceChildren(i)): Chromium draws the chosen
  // file's name in the input's user-agent shadow tree, and the page's text search and selection reach that text. No
  // read point the barrier wrapped was touched.
  // - find: window.find(s, caseSensitive) as an oracle, a character at a time (strings that are not part of the
  //   button's "Choose File" are the name's), grown right then left: "sample.jpg".
  // - findsel: window.find('.') leaves the selection inside i's shadow text; Selection.modify('move', 'backward',
  //   'lineboundary') then ('extend', 'forward', 'lineboundary') stretches it over the line, and String(getSelection())
  //   reads "sample.jpg" back in one go.
  // - findquiet: findsel with i out of sight (in a CLOSED shadow root of a fixed, 1px-high host at opacity 0.01, the
  //   rest of the page as it was; window.find('.jpg')), the host removed after: "sample.jpg", nothing shown.
  // Fixed: a wrapped insertion looks at the file inputs it would insert (insertions.js survey, through shadow roots),
  // and the barrier holds back their files before the call (file-barrier.js withholdInserted): the input is drawn
  // empty ("No file chosen" is all find reads), and the next change brings the cleaned copy, "photo.jpg".
  for (const via of ['find', 'findsel', 'findquiet']) {
    test(`the original's name is not read from the text Chromium draws in a connected file input: ${via}`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  // Withstood (2026-12-07, 1 run each): nothing of the original arrived (no upload at all).
  // - typetext: i.type = 'text' in its change listener (the barrier skips non-file inputs, withhold's first line):
  //   Chromium empties the value on the switch ("").
  // - typeback: type set to text by setAttribute, then back to file: i.files is empty ("back 0").
  // - oldlist: i.files (empty) taken before the pick: Chromium gives a new FileList on a pick; the old stays empty.
  // - fieldsizing: not the name, but a side channel: i with `field-sizing: content`, connected: its offsetWidth (169)
  //   differed from an empty file input's (190) ("No file chosen" vs the name drawn), telling the page a pick happened
  //   and the drawn width of the name. Since the find fix, i is drawn empty first (190 vs 190); the width the page
  //   measures at the next change is the cleaned copy's name's ("photo.jpg"). Checked below.
  // - framefirst: i adopted, never read, into a form in a new frame's first document (about:blank, synchronous) and
  //   posted natively to /upload: the frame's guard took it; "photo.jpg", 12582 bytes, cleaned.
  // - popupfirst: the same in window.open('')'s first document: cleaned ("photo.jpg", 12582 bytes).
  // - getname: i in a GET form submitted into a same-origin frame, its address read: "?photo=photo.jpg" (the cleaned
  //   copy's name; the guard's onSubmit took i first).
  for (const via of ['typetext', 'typeback', 'oldlist', 'fieldsizing', 'framefirst', 'popupfirst', 'getname']) {
    test(`withstood: ${via}: neither the original nor its name`, async () => {
      assertNothingLeaked(await leakAttack(via));
    });
  }

  test("fieldsizing: the width of a connected file input says nothing of the original's name", async () => {
    const { notes } = await leakAttack('fieldsizing');
    const first = notes.find((n) => n.startsWith('width '));
    assert.match(first ?? '', /^width (\d+) empty \1$/, `the first width measured: ${first}`);
  });

  for (const via of explore) {
    test(`explore ${via}`, async () => {
      await leakAttack(via);
    });
  }
});
