// The eleventh attack on the upload guard (issue 15), aimed at what changed
// last in Silbato's page world: slots (what a slot takes changed by calls
// other than the wrapped ones), the parser's last <object> taken as closed
// only when empty, customizable <select>s choosing again with no wrapped
// call; and detection with no action of the person. Each picker way leaves
// the page a first document's showPicker (taken before Silbato wraps that
// realm, if it ever does); the person then clicks "attach a photo" once and
// picks samples/sample.jpg in whatever picker opens. Each check judges the
// bytes the local server received. What Silbato withstands is asserted;
// what got through is skipped (`through`), unless ATTACK11_THROUGH=1, with
// what arrived said in a comment. Pages: attack11-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { detectionProbes, launch, localMachine } from './browser.mjs';
import { uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();
/** What got through: skipped, unless ATTACK11_THROUGH=1 (then run, to see it fail). */
const through = process.env.ATTACK11_THROUGH === '1' ? test : test.skip;

const { grabbedPickerAttack } = uploadChecks(local);

describe('attack 11: slots, the parser\'s last <object>, selects, in Chromium', { concurrency: false, timeout: 1200000 }, () => {
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
  const pickerAttack = (via, { mustGrab = true, path = '/attack11-picker' } = {}) => grabbedPickerAttack(() => browser, path, via, { grab: { keys: ['cloned', 'notes'] }, mustGrab });

  // Withstood (Chromium 156, dist/extension as found in this worktree at
  // 66ef610): in each the page really held a realm (logged: window.grabbed
  // true, and where it took it), the person clicked "attach a photo" and
  // picked samples/sample.jpg, and the server received only a cleaned copy
  // ("photo.jpg", 12582 bytes):
  // - control: a frame appended, window[i] read right after (the harness
  //   reaches a realm);
  // - parserobjectcontrol: attack10's parserobjectce (an EMPTY closed
  //   <object> in the page's HTML, then a custom element that looks a
  //   property up on it and reads window[0]);
  // - slotcontrol: an unslotted <object>'s `slot` property set to the
  //   slot's name.
  for (const via of ['control', 'parserobjectcontrol', 'slotcontrol']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }

  // A customizable <select> (appearance: base-select) whose second option
  // holds a frame, the first chosen; then the choice changes with no
  // wrapped call that walks. The browser made no copy of the frame inside
  // the call (window.length the same right after it, and after a forced
  // layout): the copy came later, and the page, polling on every turn, got
  // its realm already wrapped (the MutationObserver saw the copy first):
  // - scdivremove: the chosen option sat in a <div> in the select; the div
  //   taken out with remove() (Element.remove walks only on an option,
  //   optgroup or select);
  // - screset: a reset button's click() (the form reset by activation,
  //   after the click listeners, not by the wrapped form.reset());
  // - scindexnull: options[0] = null (the indexed setter);
  // - sccontrol: the chosen option itself removed with remove().
  for (const via of ['scdivremove', 'screset', 'scindexnull', 'sccontrol']) {
    test(`a first document's showPicker reached ${via} (polled): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }

  // What got through (Chromium 156, dist/extension as found in this
  // worktree at 66ef610): in each, the page took a first document's NATIVE
  // showPicker (logged where), the person clicked "attach a photo" once and
  // picked samples/sample.jpg in the browser's own picker, and the server
  // received the ORIGINAL: "sample.jpg", 19458 bytes, byte for byte the
  // sample, GPS and all.
  const THROUGH = {
    // The page's HTML: a closed <object> of an HTML address holding
    // fallback content (<span>fallback</span>), then a custom element
    // (x-lookup). The parser stops for the custom element (a microtask
    // checkpoint): the MutationObserver's last added node is the fallback
    // text, inside the <object>, so makeObjectFrames keeps the object as
    // still open (only an EMPTY last object is taken as closed); the
    // custom element's connectedCallback looks a property up on the
    // object (Chromium makes its frame, the object being closed) and reads
    // window[0], unwrapped.
    parserobjectfallback: 'a custom element after a closed <object> holding fallback content',
    // The same with only a space inside the object (<object …> </object>).
    parserobjectspace: 'a custom element after a closed <object> holding a space',
    // An <object> of an HTML address, child of a shadow host, that no slot
    // of its root takes (its slot "a", the root's only slot named "b": no
    // frame); then after 50 ms the object's slot Attr's value set
    // (o.getAttributeNode('slot').value = 'b': Attr's value setter, not
    // wrapped); a property looked up on the object (Chromium makes its
    // frame), window[0] read.
    slotattrvalue: 'an <object> slotted by its slot Attr\'s value',
    // The same with a new slot Attr set through o.attributes.setNamedItem:
    // NamedNodeMap's methods only walk as they return (no object framed).
    slotnameditem: 'an <object> slotted by a slot Attr set through NamedNodeMap.setNamedItem',
    // The same, the slot's name Attr's value set to "a".
    slotnamevalue: 'an <object> slotted by a slot\'s name Attr\'s value',
    // The root: <div style="display:none"><slot id=hidden></slot></div><slot
    // id=shown></slot>; the hidden default slot takes the object (no
    // frame). Then the hidden slot goes, and the shown one takes the object:
    // - slotreplacechildren: div.replaceChildren() (the wrapper looks for
    //   slots only in what is inserted);
    // - slotinnerhtml: div.innerHTML = '' (no <slot> in the markup);
    // - slotouterempty: hidden.outerHTML = '' (the same);
    // - slotreplacechild: div.replaceChild(<i>, hidden) (the node put in
    //   holds no slot; removeChild's slot check is on removeChild only);
    // - slotrangedelete: a Range around the hidden slot, deleteContents()
    //   (not wrapped);
    // - slotmoveout: document.body.moveBefore(hidden, null): the slot is
    //   moved OUT of the shadow tree; the wrapper frames what the slots of
    //   the destination's tree take (the body: none), not the root it left.
    slotreplacechildren: 'an <object> slotted by emptying a hidden slot\'s parent with replaceChildren()',
    slotinnerhtml: 'an <object> slotted by emptying a hidden slot\'s parent with innerHTML',
    slotouterempty: 'an <object> slotted by a hidden slot\'s outerHTML = \'\'',
    slotreplacechild: 'an <object> slotted by replaceChild of a hidden slot',
    slotrangedelete: 'an <object> slotted by Range.deleteContents of a hidden slot',
    slotmoveout: 'an <object> slotted by moving a hidden slot out of the shadow tree with moveBefore',
    // The root holds only a <span>; a <slot> put in with Range.insertNode
    // (a range at the root's start): insertion wrappers call slotted(this),
    // and `this` is the Range, whose getRootNode throws, so nothing is
    // framed.
    slotrangeinsert: 'an <object> slotted by a <slot> put in with Range.insertNode',
  };
  // Of those, withstood since (how); the rest are open (docs/threat-model.md).
  const SINCE = {
    parserobjectfallback: 'every <object> the parser put in has its frame asked for at once, open or not (Chromium makes none while it is open)',
    parserobjectspace: 'the same',
    slotattrvalue: 'an Attr\'s value set (value, nodeValue, textContent) frames what the slots take when it is a slot or a slot\'s name',
    slotnameditem: 'NamedNodeMap changes of a slot or a slot\'s name frame what the slots take (the map\'s element remembered as the page takes it)',
    slotnamevalue: 'as slotattrvalue',
    slotreplacechildren: 'every call that can take a <slot> out of a shadow tree (emptying, replacing, Range deletions, adoptNode, text setters) frames what the slots left take',
    slotinnerhtml: 'the same',
    slotouterempty: 'the same',
    slotreplacechild: 'the same',
    slotrangedelete: 'the same',
    slotmoveout: 'a slot moved out with moveBefore (or any insertion) frames what the slots of the tree it left take',
    slotrangeinsert: 'a slot inserted with a Range frames what the slots at the range\'s start take',
  };
  for (const [via, what] of Object.entries(THROUGH)) {
    (SINCE[via] ? test : through)(`a first document's showPicker reached through ${what} (${via}): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
});

describe('attack 11: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack11-detect');

  // Withstood: the page finds the same with and without Silbato.
  // - objectcefirst: an <object> in the page's HTML whose first content is
  //   a custom element (the parser stops for it with the empty object its
  //   last node, and Silbato asks for its frame while it is still open):
  //   it has its frame either way ({"frames":1,"objectWindow":true});
  // - namednoop: setNamedItem/removeNamedItem of a title on a div,
  //   observed: the same two attribute records.
  for (const probe of ['objectcefirst', 'namednoop']) {
    test(`the page cannot tell Silbato is there by ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  // Detection with no action of the person (Chromium 156):
  const DETECTED = {
    // An unslotted <object> of an HTML address (slot "a", the root's slot
    // "b"), then o.setAttribute('slot', 'b') and window.length read at
    // once: with Silbato {"atOnce":1} (reslotted makes its frame inside
    // the call), without {"atOnce":0} (Chromium makes it in a later task;
    // 1 either way 300 ms later). The same class as attack9's objectnow.
    slotnow: 'an <object>\'s frame made at once as a slot takes it',
  };
  for (const [probe, what] of Object.entries(DETECTED)) {
    through(`the page cannot tell Silbato is there by ${what} (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
