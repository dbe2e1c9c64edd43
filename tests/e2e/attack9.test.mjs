// The ninth attack on the upload guard (issue 15), aimed at what changed
// last in Silbato's page world: customized built-in frame definitions
// refused, document.write cut by a hand tokenizer, frames in shadow trees
// handed over by the isolated world, moveBefore and the customizable
// <select>; and detection with no action of the person. Each picker way
// leaves the page a first document's showPicker (taken before Silbato
// wraps that realm, if it ever does); the person then clicks "attach a
// photo" once and picks samples/sample.jpg in whatever picker opens. Each
// check judges the bytes the local server received. What Silbato
// withstands is asserted; what got through is skipped (`through`), unless
// ATTACK9_THROUGH=1, with what arrived said in a comment. Pages:
// attack9-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { detectionProbes, launch, localMachine } from './browser.mjs';
import { PICKER_WAIT, pickSample, uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();
/** What got through: skipped, unless ATTACK9_THROUGH=1 (then run, to see it fail). */
const through = process.env.ATTACK9_THROUGH === '1' ? test : test.skip;

const { received, nothingMore, assertCleaned, said, grabbedPickerAttack } = uploadChecks(local);

describe('attack 9: selects, document.write, shadow trees of first documents, definitions, in Chromium', { concurrency: false, timeout: 1200000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  /**
   * `path`?via=`via`: the page reaches a first document its way, then the
   * person clicks "attach a photo" and picks the sample: cleaned, or
   * nothing (uploads.mjs's grabbedPickerAttack).
   */
  const pickerAttack = (via, { mustGrab = true, path = '/attack9-picker' } = {}) => grabbedPickerAttack(() => browser, path, via, { grab: { keys: ['cloned', 'defined', 'bigMade', 'lcOpen', 'lateIndex', 'notes'] }, mustGrab });

  /**
   * /attack9-click?via=`via`: once the page has built its frame's file
   * input ("attach a photo", over the top of the page), the person clicks
   * it (a real click at its place) and picks the sample if a picker opens:
   * cleaned, or nothing.
   */
  async function clickAttack(via) {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack9-click?via=${via}`);
      await p.waitForFunction(() => window.ready === true, null, { timeout: 20000 });
      await p.waitForTimeout(300);
      const opened = await pickSample(p, () => p.mouse.click(200, 60), PICKER_WAIT);
      console.log(`${via}: picker ${opened ? 'opened' : 'not opened'}`);
      if (!opened) {
        await nothingMore();
        return 'no picker';
      }
      const file = said(via, (await received(1))[0]);
      assertCleaned(file);
      await nothingMore();
      return 'cleaned';
    } finally {
      await p.close();
    }
  }

  // Withstood (2026-12-05, Chromium 156.0.8078.114, dist/extension as
  // found in this worktree at a423a19): in each the page really held a realm
  // (logged: window.grabbed true, and where it took it), the person clicked
  // "attach a photo" and picked samples/sample.jpg, and the server received
  // only a cleaned copy ("photo.jpg", 12582 bytes):
  // - control: a frame appended, window[i] read right after;
  // - embedcontrol: an <embed> of an HTML address appended, read at once;
  // - parsercontrol: a frame in the page's HTML read by the next script;
  // - scindexce, scoptionce: a customizable select's selectedIndex / an
  //   option's selected set, the option holding a frame and a custom
  //   element (its constructor and connectedCallback, run on the clone in
  //   <selectedcontent>, come after Silbato's walk);
  // - dwunquoted: document.write of a frame tag with an unquoted value
  //   inside a comment, then a real frame and script (the cut still falls
  //   after the real frame's tag);
  // - movebeforeshadow: a frame of a closed shadow root (setHTMLUnsafe)
  //   moved into the document with moveBefore, its javascript: address
  //   handing its window over.
  for (const via of ['control', 'embedcontrol', 'parsercontrol', 'scindexce', 'scoptionce', 'dwunquoted', 'movebeforeshadow']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
  // The control of objectlast: an element after the </object> brings the
  // MutationObserver's next records, and the <object>'s frame is made then.
  test('an <object> with a script inside, followed by an element: the page gets only a cleaned copy', async () => {
    await pickerAttack('objectlastcontrol', { path: '/attack9-objectlast' });
  });
  // The control of shadowclick: the same frame in the document itself (the
  // page world reaches it first and asks the guard to listen there): the
  // person's click opened Silbato's picker, a cleaned copy arrived.
  test('a click on a file input in a first document of a frame in the document: the page gets only a cleaned copy', async () => {
    assert.equal(await clickAttack('lightclick'), 'cleaned');
  });

  // Tried and reaching no realm (proving nothing about the wrapping, but
  // nothing reached the page either; asserted so):
  // - scremove, scremovechild, scselectremove: the selected option removed
  //   (remove(), removeChild, select.remove(0)) with a frame in the next
  //   one: no clone in <selectedcontent> by the time the call returned
  //   (scremovece, below, got one through a custom element);
  // - scresetce: form.reset() back to a default option holding a frame and
  //   a custom element: no frame made;
  // - fdexec: execCommand('insertHTML') of a javascript: frame into a
  //   contenteditable in a closed shadow root of a stopped frame's first
  //   document: nothing inserted;
  // - dsdobjectjs: an <object> whose data is a javascript: address in a
  //   closed declarative shadow root: Chromium runs no javascript: there;
  // - ceupper: customElements.define(…, { extends: 'IFRAME' }): Chromium
  //   itself refuses it (an HTMLUnknownElement);
  // - cescoped, ceshadowreg: the definition in a scoped registry (new
  //   CustomElementRegistry(), and given to attachShadow): Silbato's
  //   refusal holds there too (the same prototype's define).
  for (const via of ['scremove', 'scremovechild', 'scselectremove', 'scresetce', 'fdexec', 'dsdobjectjs', 'ceupper', 'cescoped', 'ceshadowreg']) {
    test(`${via} reaches no realm: the page gets nothing`, async () => {
      const r = await pickerAttack(via, { mustGrab: false });
      assert.match(r, /^no picker/);
    });
  }

  // What got through (2026-12-05, Chromium 156.0.8078.114, dist/extension
  // as found in this worktree at a423a19): in each, the page took a first
  // document's NATIVE showPicker (logged where), the person clicked
  // "attach a photo" once and picked samples/sample.jpg in the browser's
  // own picker, and the server received the ORIGINAL: "sample.jpg", 19458
  // bytes, byte for byte the sample, GPS and all.
  const THROUGH = {
    // A customizable <select>: the second option (holding a frame) made
    // selected through its selected ATTRIBUTE (setAttribute, the
    // defaultSelected setter, toggleAttribute: none wrapped); the browser
    // clones it, frame and all, into <selectedcontent> inside that call;
    // window[i] read at once.
    scattr: 'the selected attribute set on an option holding a frame',
    scdefault: 'defaultSelected set on an option holding a frame',
    sctoggle: 'toggleAttribute("selected") on an option holding a frame',
    // Still open (docs/threat-model.md): a custom element copied with the
    // frame runs its constructor inside the call, before any walk.
    // A select whose selected option holds a frame and a custom element,
    // with no <selectedcontent>: one is appended (no frame in that
    // insertion, so it is not held); the browser clones the option into
    // it, and the cloned custom element's constructor runs as the
    // appendChild ends, before Silbato's walk, and reads window[i].
    scinsert: 'a <selectedcontent> appended to a select whose option holds a frame and a custom element',
    // The selected option removed with remove() (not wrapped): the next
    // option, holding a frame and a custom element, is cloned into
    // <selectedcontent>; the clone's constructor reads window[i].
    scremovece: 'the selected option removed, the next holding a frame and a custom element',
    // document.write's hand tokenizer reads a frame tag wherever "<iframe"
    // stands, whatever the parser's state: one inside a comment / another
    // tag's quoted attribute / a <textarea>, with an attribute value whose
    // quote is never closed (comment, attribute: the tokenizer runs off the
    // end and gives up, no cut) or closed after the real markup
    // (textarea: its one "tag" spans the real frame and script). The real
    // frame and the script after it are written in one piece; the script
    // runs with the frame's realm unwrapped.
    dwcomment: 'document.write with an unclosed frame tag inside a comment before the real frame',
    dwattr: 'document.write with a frame tag inside another tag\'s attribute before the real frame',
    dwtextarea: 'document.write with a frame tag inside a <textarea> spanning the real frame',
    // The walk stops after 1024 windows, and starts from the most recently
    // wrapped realms: stopped frames X1 (in the page) and X2 (in X1), X2
    // given 600 frames with no address (Silbato's own scripts run in
    // them: never added to the wrapped list). The walk spends its budget in
    // X2, twice (X2 is seeded, then found again under X1) and never comes
    // back to the top window. What relies on the walk alone is then open:
    // a frame in the page's HTML (the MutationObserver only walks), read by
    // the next script; an <embed> appended (no window to reach it by);
    // the clone in a customizable select's <selectedcontent>.
    walkbudget: 'a frame in the page\'s HTML after 600 frames in a wrapped realm',
    walkembed: 'an <embed> appended after 600 frames in a wrapped realm',
    walkselect: 'a select\'s selectedIndex set after 600 frames in a wrapped realm',
    // insertGuarded's fallback: when taking the nodes apart throws, it puts
    // them back and makes the call as it came. A connected div holding a
    // frame and two custom elements is moved with append; the first custom
    // element's disconnectedCallback (run as Silbato takes it out) moves
    // the second into an XML document with no root element, where the
    // stand-in (a text node) cannot go: the take-out throws, the append is
    // made as it came, the frame gets a new first document, and the first
    // custom element's connectedCallback reads it before Silbato reaches it.
    catchpath: 'insertGuarded\'s fallback made by page code (a take-out that throws)',
    // document.write of an <object>'s start tag never closed (the page
    // ends inside it): Silbato waits for the parser to close it; Chromium
    // makes its frame in a later task, polled on every turn.
    dwobjectopen: 'a written <object> never closed',
    // An <object> child of a shadow host that no slot takes (not rendered,
    // no frame), then taken by a slot (slot.assign, or a slot appended to
    // the root: neither is an insertion with a frame), and a property
    // looked up on it: Chromium makes the frame then. (A relative of the
    // documented gap of an <object> shown by a style change.)
    slotassign: 'an <object> slotted with slot.assign',
    slotappend: 'an <object> slotted by a slot appended to its host\'s root',
  };
  // Of those, withstood since (how):
  const SINCE = {
    dwcomment: 'document.write is also cut after every ">" from the first place a frame tag could begin',
    dwattr: 'the same',
    dwtextarea: 'the same',
    // (Since attack10's parserobjectce fix, an empty <object> that is the
    // parser's last node is asked for its frame at once: written open, it
    // then gets none, and the page reaches nothing.)
    dwobjectopen: 'objects the parser had open get their frames made when it stops, or none',
    walkbudget: 'the walk visits each window once, the tab\'s own tree first, up to 4096 windows',
    walkembed: 'the same',
    walkselect: 'the same',
    catchpath: 'stand-ins are comments, which may stand where any node stood; a take-apart that still fails refuses the call',
    slotassign: 'slot.assign and insertions of <slot>s into a shadow tree make the frames of the objects the slots take',
    slotappend: 'the same',
    scattr: 'attribute changes on an option, defaultSelected, and options taken out walk as the call returns',
    scdefault: 'the same',
    sctoggle: 'the same',
  };
  for (const [via, what] of Object.entries(THROUGH)) {
    (SINCE[via] ? test : through)(`a first document's showPicker reached through ${what} (${via}): the page gets only a cleaned copy`, async () => {
      if (via === 'dwobjectopen') assert.match(await pickerAttack(via, { mustGrab: false }), /^(no picker|cleaned)/);
      else await pickerAttack(via);
    });
  }
  // Got through on 2026-12-05 (what the page did, and why, below), withstood since.
  const FIXED = {
    // A stopped frame's first document (wrapped by Silbato) given a frame
    // in a CLOSED shadow root: declarative (setHTMLUnsafe, parseHTMLUnsafe
    // adopted, document.write after open) or a clone of a clonable closed
    // root. The isolated world watches shadow roots of the top document
    // only; the page world's survey cannot open such roots and its walk
    // does not see frames in shadow trees. The frame's javascript: address
    // (void) runs in its first document and hands that window to the top.
    fdsdsetunsafe: 'a closed declarative shadow root put in a first document with setHTMLUnsafe',
    fdsdparse: 'a closed declarative shadow root from Document.parseHTMLUnsafe adopted into a first document',
    fdclone: 'a clone of a clonable closed shadow root\'s host put in a first document',
    fdsdwrite: 'a closed declarative shadow root written into a first document after document.open',
    // Since: the isolated world watches the shadow trees of every first
    // document its guard listens in (shadow-frames.js, watchDocument).
  };
  for (const [via, what] of Object.entries(FIXED)) {
    test(`a first document's showPicker reached through ${what} (${via}): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
  // An <object> of an HTML address is the page's last markup, with a
  // script inside it: Silbato's MutationObserver sees it while the parser
  // still has it open and waits for its next records, which never come (no
  // node follows); Chromium makes the frame in a later task of its own, and
  // the page, polling window.length on every turn, takes its first
  // document. Got through twice in a row.
  // Withstood since: objects the parser had open get their frames made
  // when it stops (realms.js, readystatechange).
  test('an <object> the parser closes last (objectlast): the page gets only a cleaned copy', async () => {
    await pickerAttack('objectlast', { path: '/attack9-objectlast' });
  });
  // No grabbed function at all: the person's own click on a file input in
  // a frame's first document. The frame is in a CLOSED declarative shadow
  // root (the page's HTML: shadowclick; setHTMLUnsafe: shadowclickset), so
  // the isolated world is the first to hand it to the page world, and it
  // does so as "sure" (as for a sandboxed frame, which has its own
  // isolated world): the page world wraps it but never sends guard-realm,
  // so Silbato's guard never listens in that window. The frame's
  // javascript: address hands it to the page, which puts a big file input
  // in it, shown over the page; the person clicks it, the browser's own
  // picker opens, and the page's change listener sends the ORIGINAL
  // ("sample.jpg", 19458 bytes).
  // Got through on 2026-12-05; withstood since: a frame the isolated world
  // hands over from a shadow tree is armed as 'shadow', and the guard listens
  // in its first document (page-world.js, arm-shadow-realm).
  for (const via of ['shadowclick', 'shadowclickset']) {
    test(`a click on a file input in a first document of a frame in a closed shadow root (${via}): the page gets only a cleaned copy`, async () => {
      await clickAttack(via);
    });
  }
});

describe('attack 9: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack9-detect');

  // Withstood: the page finds the same with and without Silbato.
  // - printed: every wrapper tried (define, moveBefore, reset, the select
  //   setters, write, setHTMLUnsafe, innerHTML, attachShadow, open,
  //   toString) prints as native from this realm's and a frame's toString,
  //   with the native name, length, own keys and no prototype;
  // - adjacentbad: insertAdjacentHTML with a bad position and a frame: the
  //   same SyntaxError and message;
  // - stackdepth: the RangeError of a deep recursion through appendChild;
  // - owngetter: a frame with own getters for nodeType, parentNode… is
  //   appended: none is read;
  // - selectedcontentnow: a customizable select's selectedIndex set to an
  //   option holding an <object>: no frame at once either way;
  // - defineproxy: define with a Proxy for its options and an object for
  //   its name: the same traps called, the name converted once.
  for (const probe of ['printed', 'adjacentbad', 'stackdepth', 'owngetter', 'selectedcontentnow', 'defineproxy']) {
    test(`the page cannot tell Silbato is there by ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }

  // Detection with no action of the person (2026-12-05, Chromium 156):
  const DETECTED = {
    // An <object> (objectnow) / <embed> (embednow) of an HTML address
    // appended, or an <object> written with document.write (writeobject):
    // window.length right after is 1 with Silbato (makeObjectFrame makes
    // the frame at once), 0 without (Chromium makes it in a later task).
    objectnow: 'an <object> has its frame at once',
    embednow: 'an <embed> has its frame at once',
    writeobject: 'a written <object> has its frame at once',
    // customElements.define(Symbol(), class…, {}): without Silbato,
    // TypeError "Failed to execute 'define' on 'CustomElementRegistry':
    // Cannot convert a Symbol value to a string"; with it, "Cannot convert
    // a Symbol value to a string" (defineGuarded's own `${}`), and a stack
    // naming chrome-extension://…/content/page-world.js (6 lines, not 4).
    definesymbol: 'define\'s error for a Symbol name',
    // define whose options' `extends` getter throws: the page's own
    // error's stack has "at get (<anonymous>)", "at defineGuarded
    // (chrome-extension://…/content/page-world.js)" and "at
    // CustomElementRegistry.define (chrome-extension://…)" between the
    // getter and the page's caller.
    defineext: 'the stack of an error thrown by define\'s options',
    // Documented already (docs/threat-model.md): the refusal of a
    // customized built-in frame (NotSupportedError; defined without
    // Silbato), and the stand-ins in mutation records (innerHTML of a
    // frame: ["1+0","1+1"] with Silbato, ["1+0"] without).
    definerefused: 'the refusal of a customized built-in frame (documented)',
    records: 'the stand-ins among mutation records (documented)',
  };
  // Of those, equal since: the browser converts define's name and reads its
  // options itself, through a getter that reads the page's `extends` once.
  const EQUAL_SINCE = { __proto__: null, definesymbol: true, defineext: true };
  for (const [probe, what] of Object.entries(DETECTED)) {
    (EQUAL_SINCE[probe] ? test : through)(`the page cannot tell Silbato is there by ${what} (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
