// The eighth attack on the upload guard (issue 15), aimed at what changed
// last in Silbato's page world: <object>/<embed> frames made at once,
// customized built-in frame definitions, the events walked before page
// listeners, document.write written in pieces; and what the walk cannot
// see (frames in shadow trees, handed over by a javascript: address) or
// is never told of (a frame the browser clones into a customizable
// select's <selectedcontent>, a call the wrapper hands over as it is).
// Each way leaves the page a
// first document's showPicker (taken before Silbato wraps that realm, if
// it ever does); the person then clicks "attach a photo" once and picks
// samples/sample.jpg in whatever picker opens. Each check judges the bytes
// the local server received. What Silbato withstands is asserted; what got
// through is skipped (`through`), unless ATTACK8_THROUGH=1, with what
// arrived said in a comment. Pages: attack8-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, localMachine } from './browser.mjs';
import { GRAB_WAIT, pickSample, sample, uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();
/** What got through: skipped, unless ATTACK8_THROUGH=1 (then run, to see it fail). */
const through = process.env.ATTACK8_THROUGH === '1' ? test : test.skip;

const { received, nothingMore, assertCleaned, said, grabbedPickerAttack } = uploadChecks(local);

describe('attack 8: objects, customized built-in frames, events and document.write, in Chromium', { concurrency: false, timeout: 900000 }, () => {
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
  const pickerAttack = (via, { mustGrab = true } = {}) => grabbedPickerAttack(() => browser, '/attack8-picker', via, { grab: { until: "!!window.grabbed || (window.how || '').includes('gave up')", wait: GRAB_WAIT, keys: ['outerFrames', 'prototypeReads', 'lcOpen', 'inShadow', 'manyMade', 'lateIndex', 'cloned', 'moved'] }, mustGrab });

  // Withstood (2026-12-05, Chromium 156, dist/extension from a55653b): in
  // each the page really held a realm (logged: window.grabbed true, and
  // where it took it), the person clicked "attach a photo" and picked
  // samples/sample.jpg, and the server received only a cleaned copy
  // ("photo.jpg", 12582 bytes):
  // - control: a frame appended, window[i] read right after;
  // - dsdload: the page's HTML: a frame, then a declarative (open) shadow
  //   root holding a frame with no address whose onload reads window[0] (a
  //   load in a shadow tree never reaches Silbato's capture listener on the
  //   document; the first frame is wrapped by then all the same);
  // - openshadowjsurl: setHTMLUnsafe of an OPEN declarative shadow root
  //   holding a frame whose javascript: address hands its window to the
  //   parent (Silbato's survey reads the open root and wraps the frame);
  // - jsurl: the same frame in the document (wrapped as it goes in);
  // - objectdata, embeddata: an <object>/<embed> appended with no data, its
  //   data set in a later task and a property looked up at once (the frame
  //   made at insertion was wrapped; the data only navigates it);
  // - deepchain: 60 frames nested one in another (so that Silbato's walk,
  //   which starts from its list of wrapped realms and stops at 1024
  //   windows, never reaches the top window's new frames), then a frame in
  //   the page's HTML read as window[i] by the next script (the isolated
  //   world's own observer has it wrapped directly).
  // Tried and proving nothing (the page reached no realm, so left out):
  // a capture `load` listener on the WINDOW, to run ahead of Silbato's on
  // the document (a frame with no address appended or parsed, an <object>
  // of about:blank appended or parsed): Chromium leaves the window out of
  // every `load` event's path, so the listener never hears it; an <object>
  // whose type no one handles, set to text/html later (no frame, even
  // after a lookup); an <object> in the fallback of an <object> whose
  // address answers 404 (no second frame within 10 s, its property looked
  // up on every turn); an <object> that the parser closes after a script
  // inside it ran (no frame at all); a frame of an open declarative shadow
  // root moved into the document with moveBefore (its realm kept, but a
  // frame made in a shadow tree stays out of window[i] even once moved).
  // Withstood too: a Document Picture-in-Picture window (below): Silbato
  // has it wrapped by the time requestWindow's promise hands it over; its
  // showPicker opened Silbato's own picker (for the small window's page),
  // and a cleaned copy arrived.
  for (const via of ['control', 'dsdload', 'openshadowjsurl', 'jsurl', 'objectdata', 'embeddata', 'deepchain']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }

  // Got through on 2026-12-05 (see THROUGH below for each), withstood
  // since, the page holding a realm each time:
  // - docwriteobj, docwriteslash, docwritesplit: document.write's text is
  //   taken as the browser takes it (read once), its frame tags found as
  //   the tokenizer finds them, across writes too;
  // - docwriteobject: the write is cut after </object> too, and the
  //   written objects' frames made once the parser has closed them;
  // - movebefore: moveBefore is wrapped, its objects' frames made as it
  //   returns;
  // - selfreplace, selfafter, selftext: a node among the nodes put beside
  //   itself is no longer taken for an insertion into itself;
  // - selectedcontent: the selection's setters and form.reset walk as they
  //   return;
  // - objectlateclose: an <object> the parser closes after a script in
  //   it now gets its frame (asked for once the parser has closed it;
  //   asking while it was open left it with none), wrapped.
  // - dsdjsurl, dsdopenjsurl, shadowjsurl, parsejsurl, cloneshadow,
  //   shadowexec (a frame in a shadow tree the walk cannot see, whose
  //   javascript: address hands its first document to the page): the
  //   isolated world now watches every shadow root (it can open closed
  //   ones) and hands each frame in one to the page world to wrap, as its
  //   window (a frame element would arrive retargeted to its host), before
  //   the address runs.
  for (const via of ['docwriteobj', 'docwriteslash', 'docwritesplit', 'docwriteobject', 'movebefore', 'selfreplace', 'selfafter', 'selftext', 'selectedcontent', 'objectlateclose', 'dsdjsurl', 'dsdopenjsurl', 'shadowjsurl', 'parsejsurl', 'cloneshadow', 'shadowexec']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }

  // Got through on 2026-12-05 (see THROUGH below), withstood since: a
  // definition that extends a frame is refused (NotSupportedError), so no
  // customized built-in frame exists to run its reactions; the page's
  // proxies, getters and non-configurable callbacks had undone the first
  // remedy (standing in for the callbacks while the browser read them).
  for (const via of ['ceproxyext', 'ceproxyctor', 'ceproxyproto', 'cenonconfig', 'cegetter', 'cedisconnect', 'ceupgrade']) {
    test(`a customized built-in frame's definition (${via}) is refused: the page gets nothing`, async () => {
      const r = await pickerAttack(via, { mustGrab: false });
      assert.match(r, /^no picker/);
    });
  }

  /** /attack8-pip: the person clicks "watch in a small window" (the page opens a Document Picture-in-Picture window and takes its showPicker), then "attach a photo" and picks the sample: cleaned, or nothing. */
  async function pipAttack() {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack8-pip`);
      await p.waitForFunction(() => window.ready === true, null, { timeout: 60000 });
      const popped = browser.context.waitForEvent('page', { timeout: 10000 }).catch(() => null);
      await p.click('#pip');
      const pipPage = await popped;
      await p.waitForFunction(() => !!window.grabbed || !!window.how, null, { timeout: 12000 }).catch(() => {});
      const state = await p.evaluate(() => ({ connectError: window.connectError ?? null, grabbed: !!window.grabbed, how: window.how ?? null }));
      console.log(`pip: page state ${JSON.stringify(state)}`);
      assert.ok(state.grabbed, `the page reached no realm (${state.how})`);
      await p.bringToFront();
      // The picker may be shown for the small window's page (Silbato's own picker opens there): either is taken.
      const onPip = pipPage ? pipPage.waitForEvent('filechooser', { timeout: 8000 }).catch(() => null) : null;
      let where = 'main page';
      const opened = await pickSample(p, async () => {
        await p.click('#open');
        if (onPip) {
          const c = await onPip;
          if (c) {
            where = 'small window\'s page';
            await c.setFiles(sample);
          }
        }
      }, 8000) || where !== 'main page';
      const status = await p.textContent('#status');
      console.log(`pip: picker on the ${where}`);
      await pipPage?.close().catch(() => {});
      if (!opened) {
        await nothingMore();
        console.log(`pip: no picker (${status})`);
        return;
      }
      assertCleaned(said('pip', (await received(1))[0]));
      await nothingMore();
      console.log(`pip: cleaned (${status})`);
    } finally {
      await p.close();
    }
  }
  test('a Document Picture-in-Picture window\'s showPicker: the page gets only a cleaned copy', pipAttack);

  // What got through (2026-12-05, Chromium 156.0.8078.114, dist/extension
  // from a55653b): in each, the page took a first document's NATIVE
  // showPicker (logged where), the person clicked "attach a photo" once and
  // picked samples/sample.jpg in the browser's own picker, and the server
  // received the ORIGINAL: "sample.jpg", 19458 bytes, byte for byte the
  // sample, GPS and all.
  const THROUGH = {
    // writeGuarded writes anything that is not a primitive string at once
    // (the browser turns it into the same markup): the frame and the
    // script after it are parsed in one write, and the script runs with
    // the frame's realm unwrapped (no microtask checkpoint inside a write).
    // docwriteobj: withstood since (above).
    // The cutting pattern wants whitespace between a frame's attributes;
    // the parser also takes "/": no cut is found, the markup goes at once.
    // docwriteslash: withstood since (above).
    // Neither write holds a frame's tag by itself; the tokenizer keeps
    // "<ifr" and makes the frame in the second, which also runs the script.
    // docwritesplit: withstood since (above).
    // writeGuarded walks after an <object>'s start tag but makes no
    // <object> frame: the script written after it looks up a property on
    // the element (Chromium makes the frame then) and reads window[i].
    // docwriteobject: withstood since (above).
    // customElements.define's options a Proxy: no own 'extends' to
    // Silbato's descriptor reading, 'iframe' to the browser's Get; the
    // page's own connectedCallback runs as the frame is put back.
    // ceproxyext: withstood since (above).
    // The constructor a Proxy whose first `prototype` read (Silbato's)
    // answers a decoy object and the second (the browser's) the real one.
    // ceproxyctor: withstood since (above).
    // The prototype a Proxy whose defineProperty trap says yes and keeps
    // nothing: the browser reads the page's own connectedCallback.
    // ceproxyproto: withstood since (above).
    // connectedCallback an own non-configurable (writable) property: the
    // stand-in (configurable) cannot be defined; the prototype is not frozen.
    // cenonconfig: withstood since (above).
    // Page code run by Silbato's own reading: a getter for
    // disconnectedCallback up the prototype chain, read after Silbato
    // stood in for connectedCallback, puts the page's own back.
    // cegetter: withstood since (above).
    // disconnectedCallback is not among the callbacks stood in for: a
    // connected customized built-in frame moved with append is taken out
    // and put in again (a new first document); its reactions run once it
    // is in, the disconnected one first, with the new realm unwrapped.
    // cedisconnect: withstood since (above).
    // An `<iframe is=x-up>` made in a template's content (no registry, not
    // upgraded) and appended: it is upgraded as it is connected, and its
    // class's constructor (not a wrapped callback) runs before the frame's
    // realm is reached.
    // ceupgrade: withstood since (above).
    // An <object> in a hidden container, moved with moveBefore (not
    // wrapped) into a shown one, a property looked up at once: its frame is
    // made by the page's lookup, before the MutationObserver's records
    // come. (A relative of the documented gap of an <object> shown by a
    // style change, here through a DOM call.)
    // movebefore: withstood since (above).
    // Frames in shadow trees are not in window.length / window[i], so
    // Silbato's walk never sees them; the insertions' survey sees open
    // roots and closed ones made by attachShadow, not closed DECLARATIVE
    // ones, and the parser's do not go through it at all. The frame's
    // javascript: address (evaluating to undefined: no new document) runs
    // in its first document's realm, unwrapped, and hands the parent that
    // window.
    // dsdjsurl: withstood since (above).
    // dsdopenjsurl: withstood since (above).
    // shadowjsurl: withstood since (above).
    // parsejsurl: withstood since (above).
    // The clone of a host whose closed shadow root is clonable: the
    // clone's root is made by the browser, never remembered by Silbato.
    // cloneshadow: withstood since (above).
    // execCommand('insertHTML') in a contenteditable inside an (open)
    // shadow root: nothing to survey (a string), and the walk after it
    // does not see into shadow trees.
    // shadowexec: withstood since (above).
    // insertGuarded hands the call to the browser as it is when an
    // inserted node holds the target (the browser would throw, changing
    // nothing); but replaceWith/before/after take the node they are called
    // on among their arguments without throwing: the frame and the script
    // go in together, and the script runs (inside the call, before the
    // walk) with the frame's realm unwrapped.
    // selfreplace: withstood since (above).
    // selfafter: withstood since (above).
    // selftext: withstood since (above).
    // A customizable <select> (a <button> holding <selectedcontent>): as
    // the selection changes (selectedIndex here; value, option.selected and
    // form.reset() do the same), the browser itself clones the selected
    // option's content, a frame in it too, into <selectedcontent>: a new
    // frame connected by no call Silbato wraps; read as window[i] at once.
    // selectedcontent: withstood since (above).
  };
  for (const [via, what] of Object.entries(THROUGH)) {
    through(`a first document's showPicker reached through ${what} (${via}): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
});
