// The twelfth attack on the upload guard (issue 15), aimed at what changed
// last in Silbato's page world (0b8f714): what slots take, changed by
// attribute calls given an Attr or a name that is not a string, by a
// NamedNodeMap taken through another realm's `attributes` getter, by a
// <slot> that replaces the very node the call was made on, by editing, by
// calls that take a <slot> out and are not wrapped for slots, by page code
// run inside a wrapped setter; and detection with no action of the person.
// Each picker way leaves the page a first document's showPicker (taken
// before Silbato wraps that realm, if it ever does); the person then clicks
// "attach a photo" once and picks samples/sample.jpg in whatever picker
// opens. Each check judges the bytes the local server received. What
// Silbato withstands is asserted; what got through is skipped (`through`),
// unless ATTACK12_THROUGH=1, with what arrived said in a comment. Pages:
// attack12-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { detectionProbes, launch, localMachine } from './browser.mjs';
import { uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();
/** What got through: skipped, unless ATTACK12_THROUGH=1 (then run, to see it fail). */
const through = process.env.ATTACK12_THROUGH === '1' ? test : test.skip;

const { grabbedPickerAttack } = uploadChecks(local);

describe('attack 12: slots changed past the new wrappers, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
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
  const pickerAttack = (via, { mustGrab = true } = {}) => grabbedPickerAttack(() => browser, '/attack12-picker', via, { grab: { keys: ['notes'] }, mustGrab });

  // Withstood (Chromium 156, dist/extension as built at 0b8f714): in each
  // the page really held a realm (logged: window.grabbed true, and where it
  // took it), the person clicked "attach a photo" and picked
  // samples/sample.jpg, and the server received only a cleaned copy
  // ("photo.jpg", 12582 bytes):
  // - control: a frame appended, window[i] read right after (the harness
  //   reaches a realm);
  // - slotcontrol: an unslotted <object>'s slot set with
  //   setAttribute('slot', 'b') (attack10's slotattr);
  // - slotremovecontrol: its slot attribute removed with
  //   removeAttribute('slot') (the root's default slot takes it);
  // - slotinsertcontrol: a <slot> put into the root with span.after(slot);
  // - hidecontrol: the hidden default slot taken out with remove() (the
  //   shown one takes the object).
  for (const via of ['control', 'slotcontrol', 'slotremovecontrol', 'slotinsertcontrol', 'hidecontrol']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }

  // No realm reached (Chromium 156): output.value = '' on a hidden <output>
  // holding the hidden slot left the slot in place (Chromium's <output>
  // replaces only its text), so no slot took the object and it got no
  // frame. Nothing reached the page either way.
  test('a hidden slot in an <output> emptied with output.value (slotoutputvalue): nothing reaches the page', async () => {
    await pickerAttack('slotoutputvalue', { mustGrab: false });
  });
  // No realm reached (Chromium 156): an <object> in an outer <object>'s
  // fallback content, the outer one's type changed to one nothing renders
  // (outer.type = 'application/x-silbato-nothing'): the page, polling for 3
  // s, saw no new realm (Chromium did not fall back to the content then).
  test('an <object> in the fallback of an outer <object> whose type is changed (fallbacktype): nothing reaches the page', async () => {
    await pickerAttack('fallbacktype', { mustGrab: false });
  });

  // What got through (Chromium 156, dist/extension as built at 0b8f714):
  // in each, the page took a first document's NATIVE showPicker (logged
  // where; "frames right after the call 0": Silbato made no frame inside
  // the call, and the frame came only from the page's own property lookup
  // on the object), the person clicked "attach a photo" once and picked
  // samples/sample.jpg in the browser's own picker, and the server received
  // the ORIGINAL: "sample.jpg", 19458 bytes, byte for byte the sample, GPS
  // and all.
  //
  // Common setup: an <object type="text/html" data="/px/never.gif">, a
  // light child of a shadow host (open root), that no slot of the root
  // takes (not rendered: no frame). 50 ms later a slot takes it in the
  // way's fashion, the page looks a property up on the object (Chromium
  // makes its frame then) and reads window[window.length - 1].
  const THROUGH = {
    // Named ways: the root holds only <slot name="b">, the object's slot is "a".
    // o.setAttributeNode(Attr slot="b"): realms.js's slotAttribute, given
    // an Attr instead of a name, answers inShadowTree(self) || isSlot(self),
    // and the object is in the LIGHT tree (its root is the document): no
    // reslot, and Element's setAttributeNode otherwise only walks for options.
    slotsetattrnode: 'an <object> slotted by a slot Attr set with setAttributeNode',
    // The same with setAttributeNodeNS(createAttributeNS(null, 'slot')).
    slotsetattrnodens: 'an <object> slotted by a slot Attr set with setAttributeNodeNS',
    // o.setAttribute({ toString: () => 'slot' }, 'b'): the name is not a
    // string, so slotAttribute takes the same Attr branch (the browser
    // converts it to "slot" itself).
    slotattrnameobj: 'an <object> slotted by setAttribute with a name that turns into "slot"',
    // The object's NamedNodeMap taken with a same-origin (wrapped) helper
    // frame's Element.prototype.attributes getter: that realm's hook()
    // remembers map -> element in ITS OWN mapOwners; this realm's
    // NamedNodeMap.prototype.setNamedItem (called on the map) looks in this
    // realm's mapOwners, finds no owner, and only walks.
    slotcrossmap: 'an <object> slotted by this realm\'s setNamedItem on a NamedNodeMap taken with another realm\'s attributes getter',
    // The root holds only a default slot, the object's slot is "a": its slot
    // Attr removed with this realm's removeNamedItem on a map taken the same
    // way (the default slot takes it).
    slotcrossmapremove: 'an <object> slotted by this realm\'s removeNamedItem on a NamedNodeMap taken with another realm\'s attributes getter',
    // The same root; o.removeAttributeNode(o.getAttributeNode('slot')): an
    // Attr again, the object in the light tree (slotAttribute's Attr branch).
    slotremoveattrnode: 'an <object> slotted by its slot Attr removed with removeAttributeNode',
    // The root holds only <span id=x>x</span> (no slot): x.replaceWith(a
    // new <slot>). insertGuarded's survey finds the slot and calls
    // tools.slotted(self) AFTER the call, with self = the span, which has
    // just left the tree (its root is now itself): makeSlottedObjectFrames
    // sees no shadow root and frames nothing; slotsLeaving('replaceWith')
    // looks only for a slot in what leaves.
    slotreplacewith: 'an <object> slotted by a <slot> put in with replaceWith on the node it replaces',
    // The same called on the span's text node (CharacterData.replaceWith).
    slottextreplacewith: 'an <object> slotted by a <slot> put in with a text node\'s replaceWith',
    // The root holds a contenteditable div; the caret put in it and
    // document.execCommand('insertHTML', false, '<slot></slot>'): the
    // wrapper sees string arguments (no node to survey), only walks.
    slotexecinsert: 'an <object> slotted by a <slot> inserted with execCommand(\'insertHTML\')',
    // Hidden-slot ways: the root holds the hidden default slot in a
    // display:none container (a <title> where said: never rendered), then a
    // shown default slot; the hidden one takes the object (no frame). Then
    // the hidden slot goes by a call not wrapped for slots, and the shown
    // one takes the object:
    // - getSelection().setBaseAndExtent(hide, 0, hide, 1) and
    //   Selection.deleteFromDocument() (not wrapped);
    slotselectiondelete: 'an <object> slotted by Selection.deleteFromDocument of a hidden slot',
    // - title.text = '' (HTMLTitleElement's text setter, not wrapped);
    slottitletext: 'an <object> slotted by emptying a <title> holding a slot with title.text',
    // - a.text = '' (HTMLAnchorElement's text setter, not wrapped);
    slotanchortext: 'an <object> slotted by emptying a hidden <a> holding a slot with a.text',
    // - table.deleteCaption() (a hidden caption holding the slot);
    slotdeletecaption: 'an <object> slotted by table.deleteCaption() of a caption holding a hidden slot',
    // - table.caption = null (the setter is wrapped, but through
    //   insertGuarded only: no node given, nothing looked at for slots);
    slotcaptionnull: 'an <object> slotted by table.caption = null of a caption holding a hidden slot',
    // - table.deleteRow(0) (a hidden row whose cell holds the slot);
    slotdeleterow: 'an <object> slotted by table.deleteRow() of a row holding a hidden slot',
    // - other.textContent = { toString() { other.append(hidden); return ''; } }:
    //   the textSetter looks for slots in `other` (none yet: a plain native
    //   call) BEFORE the browser converts the value; the page's toString,
    //   run by the browser inside the setter, moves the hidden slot into
    //   `other` (display:none too; a wrapped move, which frames nothing new:
    //   still hidden), and the setter then empties `other`, taking the slot
    //   out with nobody looking;
    slotreentrant: 'an <object> slotted by a textContent setter whose value\'s toString moves a hidden slot into the element emptied',
    // - the same with other.innerHTML (slotsEmptied is read before the
    //   markup is converted).
    slotreentrantinner: 'an <object> slotted by an innerHTML setter whose value\'s toString moves a hidden slot into the element emptied',
    // Not a slot: an <object> in a closed <details> (its content not
    // rendered: no frame), then details.open = true (no wrapped call: the
    // same class as the documented "shown by a style change" gap), a
    // property looked up, window[i] read.
    detailsopen: 'an <object> in a closed <details> shown by details.open = true',
    // Not a slot, and no call of the page at all at the moment it happens:
    // an <object type="text/html"> inside an outer <object type="text/html"
    // data="/px/never.gif">'s fallback content (not rendered: no frame,
    // inner.contentWindow null). Then outer.data = '/attack12-nothing-here'
    // (a 404; HTMLObjectElement's data setter is not wrapped, and would only
    // start a load anyway): ~40-120 ms later, in a task of Chromium's own,
    // the outer one falls back, its content is rendered, and the inner one
    // gets its frame, with no DOM change (no MutationObserver record, no
    // wrapped call, no walk). The page, polling window[i] on every turn of a
    // MessageChannel, takes the new realm (about:blank, the inner object's
    // contentWindow, checked after the grab) unwrapped. The same would
    // happen with an outer object whose address fails by itself, in the
    // page's own HTML.
    fallback404: 'an <object> in an outer <object>\'s fallback, rendered as the outer one\'s load fails (polled)',
  };
  // Not asserted (racy): /attack12-picker?via=fallbackparser, the same
  // with no call at all, the page's own HTML holding <object id=outer
  // type="text/html" data="/attack12-nothing-here"><object id=inner
  // type="text/html" data="/px/never.gif"></object></object> and the page
  // only polling: the inner object's first document appeared 15-50 ms
  // after the first script with no DOM change. Once (a scratch run) the
  // poll took its NATIVE showPicker; in the test run the realm was already
  // wrapped when taken (a walk at the document's load or readystatechange
  // came first) and the server received only the cleaned copy. Whether it
  // gets through depends on whether the fallback comes before or after the
  // document's load; fallback404 makes it come after.
  // Of those, withstood since (how); the rest are open (docs/threat-model.md).
  const SINCE = {
    slotsetattrnode: 'an Attr set or removed on an element: its name read natively, a slot frames what it takes',
    slotsetattrnodens: 'the same',
    slotremoveattrnode: 'the same',
    slotattrnameobj: 'a name the browser converts (not a string) may be `slot`: what slots take is framed',
    slotcrossmap: 'the NamedNodeMaps the page takes are remembered in one table for every realm',
    slotcrossmapremove: 'the same',
    slotreplacewith: 'a <slot> put beside a node frames what the slots of its parent as it was take',
    slottextreplacewith: 'the same',
    slotexecinsert: 'execCommand frames what the slots of every shadow tree of the document take',
    slotselectiondelete: 'a Selection\'s deleteFromDocument does the same',
    slottitletext: 'the text setters that replace an element\'s children (title, a, script, option; textarea and output defaults) frame what the slots left take',
    slotanchortext: 'the same',
    slotdeletecaption: 'a table\'s parts taken out (deleteCaption, deleteTHead, deleteTFoot, deleteRow, deleteCell) do the same',
    slotcaptionnull: 'the caption and section setters do the same',
    slotdeleterow: 'as slotdeletecaption',
    slotreentrant: 'a value the browser converts (page code inside the call): the tree looked at again as the call returns',
    slotreentrantinner: 'the same',
  };
  for (const [via, what] of Object.entries(THROUGH)) {
    (SINCE[via] ? test : through)(`a first document's showPicker reached through ${what} (${via}): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
});

describe('attack 12: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack12-detect');

  // Withstood: the page finds the same with and without Silbato.
  // - flushslot: an <object>'s slot changed (property, setAttribute, Attr
  //   value) between two opacities of a transitioning div: a transition
  //   starts either way ({"slotprop":1,"setattr":1,"attrvalue":1,"none":0});
  // - attrsthis: the wrapped attributes getter and setNamedItem with wrong
  //   `this`/arguments: the same errors, name "get attributes", length 0
  //   (the getter is no longer wrapped).
  // (parseropen, equal at 0b8f714, is detected since: below.)
  for (const probe of ['flushslot', 'attrsthis']) {
    test(`the page cannot tell Silbato is there by ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  // Detection with no action of the person (Chromium 156):
  const DETECTED = {
    // A script inside a still-open <object> in the page's HTML reads its
    // contentWindow (which, in Chromium, leaves an open object frameless
    // for good), and one right after it reads window.length: without
    // Silbato {"inside":{"frames":0,"win":false},"afterClose":0,"later":0};
    // with Silbato (since dfdda6f) afterClose 1 and later 1: an object seen
    // open is asked again once closed, its children changed if it has no
    // frame (insertions.js's askAgain), which Silbato needs for objects its
    // own asking left frameless (attack10's objectnest). The same class as
    // attack9's objectnow: a frame made at once.
    parseropen: 'an <object> read while open, then looked at again once closed',
    // A wrapped setter called with NO argument
    // (Reflect.apply(Object.getOwnPropertyDescriptor(Element.prototype,
    // 'slot').set, div, [])): without Silbato Blink throws "TypeError: Failed
    // to set the 'slot' property on 'Element': 1 argument required, but only
    // 0 present." (also HTMLSlotElement's name, HTMLOptionElement's
    // defaultSelected); with Silbato nothing is thrown and the attribute
    // becomes "undefined" (realms.js's walkAfterSet always calls the native
    // setter with [value]). The other setters probed (textContent,
    // innerText, nodeValue, Attr.value, innerHTML, outerText, the select's,
    // the caption, ShadowRoot.innerHTML) take no argument without a throw
    // in Chromium either.
    setternoargs: 'a wrapped setter called with no argument',
  };
  // Withstood since: the setters are called as the page called them (no argument, the browser's TypeError).
  const EQUAL_SINCE = { setternoargs: true };
  for (const [probe, what] of Object.entries(DETECTED)) {
    (EQUAL_SINCE[probe] ? test : through)(`the page cannot tell Silbato is there by ${what} (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
