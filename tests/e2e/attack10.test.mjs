// The tenth attack on the upload guard (issue 15), aimed at what changed
// last in Silbato's page world: document.write cut after every ">" from a
// frame's tag, objects the parser had open made at readystatechange, the
// walk (each window once, the tab's own tree first), comment stand-ins,
// slots, the option/select attribute wrappers; and detection with no
// action of the person. Each picker way leaves the page a first document's
// showPicker (taken before Silbato wraps that realm, if it ever does); the
// person then clicks "attach a photo" once and picks samples/sample.jpg in
// whatever picker opens. Each check judges the bytes the local server
// received. What Silbato withstands is asserted; what got through is
// skipped (`through`), unless ATTACK10_THROUGH=1, with what arrived said in
// a comment. Pages: attack10-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { detectionProbes, launch, localMachine } from './browser.mjs';
import { uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();
/** What got through: skipped, unless ATTACK10_THROUGH=1 (then run, to see it fail). */
const through = process.env.ATTACK10_THROUGH === '1' ? test : test.skip;

const { grabbedPickerAttack } = uploadChecks(local);

describe('attack 10: document.write, open objects, the walk, slots, selects, in Chromium', { concurrency: false, timeout: 1200000 }, () => {
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
  const pickerAttack = (via, { mustGrab = true, path = '/attack10-picker' } = {}) => grabbedPickerAttack(() => browser, path, via, { grab: { keys: ['cloned', 'lcOpen', 'notes'] }, mustGrab });

  // Withstood (Chromium 156, dist/extension as found in this worktree at
  // e064e54): in each the page really held a realm (logged: window.grabbed
  // true, and where it took it), the person clicked "attach a photo" and
  // picked samples/sample.jpg, and the server received only a cleaned copy
  // ("photo.jpg", 12582 bytes):
  // - control: a frame appended, window[i] read right after;
  // - dwopenobject: a stopped (shown) frame's first document opened (its
  //   listeners erased), an <object> start tag written, never closed in the
  //   markup, then document.close(): the object's frame, polled, was
  //   wrapped; dwopenobjectclosed: the same with </object>;
  // - walkwrappedcontrol: walkwrapped (below) without the 300 realms;
  // - dwadoptioncontrol: dwadoption (below) writing "<i>" instead of
  //   "</b>": no adoption, the frame keeps its wrapped document; the poll
  //   then takes its next document (the address loaded, with Silbato's
  //   scripts);
  // - slotcontrol: an unslotted <object> taken by a <slot> appended;
  // - parseriframece: a frame in the page's HTML, then a custom element
  //   whose connectedCallback reads it (its creation makes a microtask
  //   checkpoint: the walk runs first);
  // - xhtmlframe, xhtmlobjectframe: an XHTML page (the XML parser) in a
  //   frame, a frame (an <object>) in its markup read by its next script
  //   and handed to the top window; xhtmllateframe: read a task later.
  //   (The same XHTML page at the top proved nothing: Playwright could not
  //   set files in the picker it opened, "Node is not an HTMLInputElement".)
  for (const via of ['control', 'dwopenobject', 'dwopenobjectclosed', 'walkwrappedcontrol', 'dwadoptioncontrol', 'slotcontrol', 'parseriframece', 'xhtmlframe', 'xhtmlobjectframe', 'xhtmllateframe']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
  // An <object> of an HTML address holding 70 nested <object>s and a
  // script, the page's last markup (Silbato keeps at most 64 open objects,
  // and empties the list when full): the outer object's frame, polled, was
  // wrapped all the same (objectnestcontrol: 3 nested).
  for (const via of ['objectnest', 'objectnestcontrol']) {
    test(`an <object> holding nested <object>s, the page's last markup (${via}): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via, { path: '/attack10-objectnest' });
    });
  }

  // Tried and reaching no realm (proving nothing about the wrapping, but
  // nothing reached the page either; asserted so):
  // - dwadoption, dwadoptiona: a frame in the page's HTML inside <p>
  //   inside an open <b> (<a>); a write with no frame tag (so no cut) of
  //   "</b>" (a new "<a>") and a script: the adoption agency algorithm
  //   moves the <p>, but the moved frame has no window at all afterwards
  //   (window.length 0, polled 10 s);
  // - scattrvalue: the value of an option's existing `selected` Attr
  //   changed (attr.value): Chromium does not select it again;
  // - sctext: the text of the selected option (holding a frame) changed
  //   with CharacterData's data setter: no new copy in <selectedcontent>.
  for (const via of ['dwadoption', 'dwadoptiona', 'scattrvalue', 'sctext']) {
    test(`${via} reaches no realm: the page gets nothing`, async () => {
      const r = await pickerAttack(via, { mustGrab: false });
      assert.match(r, /^no picker/);
    });
  }

  // What got through (Chromium 156.0.8078.114, dist/extension as found in
  // this worktree at e064e54): in each, the page took a first document's
  // NATIVE showPicker (logged where), the person clicked "attach a photo"
  // once and picked samples/sample.jpg in the browser's own picker, and
  // the server received the ORIGINAL: "sample.jpg", 19458 bytes, byte for
  // byte the sample, GPS and all.
  const THROUGH = {
    // A form-associated custom element (formAssociated, form="f") whose
    // form owner is form#f (appended to the body). The page's script runs
    // inside div#wrap and writes '<iframe id="f" src=…>' (one piece, cut
    // after its ">"): the frame goes in before form#f in tree order, so
    // the id "f" now names it, the element loses its form owner, and its
    // formAssociatedCallback(null) runs inside that piece's write
    // (document.write is [CEReactions]), before Silbato's walk after the
    // piece: it reads window[0], the frame's unwrapped first document.
    dwformid: 'a formAssociatedCallback run by a written frame\'s id',
    // The same with the frame in the page's own HTML: the parser runs the
    // callback as it inserts the frame, before the MutationObserver's
    // microtask (no microtask checkpoint: the frame is no custom element).
    parserformid: 'a formAssociatedCallback run by the id of a frame in the page\'s HTML',
    // The page's HTML: a closed <object> of an HTML address, then a custom
    // element (x-lookup). Its creation makes a microtask checkpoint, and
    // the MutationObserver sees the <object> as the last node added, which
    // it "contains", so it is kept as still open (no frame asked for). The
    // custom element's connectedCallback (run as the parser inserts it)
    // looks a property up on the <object>: Chromium makes its frame, and
    // the callback reads window[0], unwrapped.
    parserobjectce: 'a custom element after a closed <object> in the page\'s HTML',
    // A stopped frame S in a closed shadow root (wrapped; kept in the list
    // of wrapped realms, the only way the walk reaches S: window[i] leaves
    // out frames in shadow trees). 300 more frames appended (each wrapped
    // as it goes in) and removed: S falls out of that list (256 kept). The
    // page opens S's document and writes a frame into it: document.write
    // relies on the walk, which no longer visits S; the page reads S[0].
    walkwrapped: 'a frame written into a wrapped realm in a shadow tree after 300 more realms were wrapped',
    // An <object> of an HTML address put in (wrapped) as a child of a
    // shadow host whose root no slot of takes it (no frame); then a slot
    // takes it with no slot.assign and no <slot> inserted: its slot
    // attribute set with setAttribute (slotattr), the slot's name set
    // (slotname), a slot in a display:none div that took it removed with
    // remove() (slotremove), a slot assigned it in manual mode while
    // outside the root and moved in with moveBefore (slotmovebefore), an
    // element of the root replaced by outerHTML = '<slot></slot>'
    // (slotouter); then a property looked up on the object: Chromium makes
    // its frame, read as window[0].
    slotattr: 'an <object> slotted by its slot attribute',
    slotname: 'an <object> slotted by a slot\'s name',
    slotremove: 'an <object> slotted by removing the hidden slot that took it',
    slotmovebefore: 'an <object> slotted by a slot moved in with moveBefore',
    slotouter: 'an <object> slotted by a <slot> put in with outerHTML',
    // A customizable <select> whose second option holds a frame: a
    // `selected` Attr added with option.attributes.setNamedItem (NamedNodeMap,
    // not wrapped): the browser clones the option, frame and all, into
    // <selectedcontent> inside that call; window[1] read at once.
    scnameditem: 'the selected attribute added through NamedNodeMap.setNamedItem',
  };
  // Of those, withstood since (how); the rest are open (docs/threat-model.md).
  const SINCE = {
    parserobjectce: 'the parser\'s last node itself, with nothing in it, is taken as closed: its frame is made',
    walkwrapped: 'closed realms are dropped from the wrapped list as each walk starts, which keeps up to 4096',
    slotattr: 'an element\'s slot and a slot\'s name, set as attribute or property, frame what the slots take',
    slotname: 'the same',
    slotremove: 'a slot taken out of a shadow tree with remove or removeChild frames what the others take',
    slotmovebefore: 'a slot moved in with moveBefore frames what it takes',
    slotouter: 'a <slot> put in with outerHTML frames what it takes',
    scnameditem: 'NamedNodeMap changes walk as they return',
  };
  for (const [via, what] of Object.entries(THROUGH)) {
    (SINCE[via] ? test : through)(`a first document's showPicker reached through ${what} (${via}): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
});

describe('attack 10: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack10-detect');

  // Withstood: the page finds the same with and without Silbato.
  // - dwtextsplit: document.write of a frame and a <p> whose text has ">"
  //   in it: one text node either way;
  // - writecurrentscript: a written script's previous sibling (the frame);
  // - readystate: a page's readystatechange listener on the document;
  // - defineoptions: define's options' extends getter, read once, with the
  //   page's object as its receiver.
  for (const probe of ['dwtextsplit', 'writecurrentscript', 'readystate', 'defineoptions']) {
    test(`the page cannot tell Silbato is there by ${probe}`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
  // Detection with no action of the person (Chromium 156):
  const DETECTED = {
    // document.write('<iframe style="display:none"></iframe><p>a>b</p><i>c</i>')
    // observed (childList, characterData): with Silbato a "characterData"
    // record among the childList ones (the text "a>b" written in two
    // pieces, the second appended to the first's text node); without, none.
    dwrecords: 'a characterData record from document.write\'s pieces',
    // An iframe with an id appended, attributes observed: with Silbato
    // ["childList 1", "childList 1", "attributes id"] (the stand-in, and
    // the id taken off and put back), without ["childList 1"]. (The
    // stand-in is documented; the id record is not.)
    idrecords: 'an attribute record for the id of a frame appended',
  };
  for (const [probe, what] of Object.entries(DETECTED)) {
    through(`the page cannot tell Silbato is there by ${what} (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
