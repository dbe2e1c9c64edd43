// The thirteenth attack on the upload guard (issue 15), aimed at what
// changed last in Silbato's page world (dfdda6f, 14cd355): the parser's
// <object>s seen open, remembered (stillOpen, askedOpen) and asked for their
// frames again once closed or as the parser stops (insertions.js's
// makeObjectFrames, askAgain; realms.js's parserStopped), and the slot
// wrappers (what a slot takes changed through nested shadow trees); and
// detection with no action of the person. Each picker way leaves the page a
// first document's showPicker (taken before Silbato wraps that realm, if it
// ever does); the person then clicks "attach a photo" once and picks
// samples/sample.jpg in whatever picker opens. Each check judges the bytes
// the local server received. What Silbato withstands is asserted; what got
// through is skipped (`through`), unless ATTACK13_THROUGH=1, with what
// arrived said in a comment. Pages: attack13-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { detectionProbes, launch, localMachine } from './browser.mjs';
import { uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();
/** What got through: skipped, unless ATTACK13_THROUGH=1 (then run, to see it fail). */
const through = process.env.ATTACK13_THROUGH === '1' ? test : test.skip;

const { grabbedPickerAttack } = uploadChecks(local);

describe('attack 13: objects the parser had open, and nested slots, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  /**
   * /attack13-picker?via=`via`: the page reaches a first document its way,
   * then the person clicks "attach a photo" and picks the sample: cleaned,
   * or nothing (uploads.mjs's grabbedPickerAttack).
   */
  const pickerAttack = (via, { mustGrab = true } = {}) => grabbedPickerAttack(() => browser, '/attack13-picker', via, { grab: { keys: ['notes'] }, mustGrab });

  // Withstood (Chromium 156, dist/extension as built at ebfc30a): in each
  // the page really held a realm (logged: window.grabbed true, and where it
  // took it), the person clicked "attach a photo" and picked
  // samples/sample.jpg, and the server received only a cleaned copy
  // ("photo.jpg", 12582 bytes):
  // - control: a frame appended, window[i] read right after (the harness
  //   reaches a realm);
  // - parsercontrol: <object> in the page's HTML with a script inside (seen
  //   open), then text, closed; the next script finds its frame already
  //   made (askAgain) and takes window[0]: wrapped;
  // - cefirstpoll: <object><x-ce></x-ce></object> in the page's HTML (see
  //   cefirst below), the page only polling every turn: a realm 15-25 ms
  //   after the first script (readyState interactive), already wrapped
  //   (Silbato's readystatechange listener, parserStopped, walks first);
  // - dwcefirst: cefirst's markup with document.write: the frame was made
  //   by the time the written script ran (writeGuarded's pieces);
  // - openmove: a script inside the open object moves it into a detached
  //   div (so the next observer call drops it from stillOpen, not
  //   connected); closed; put back with body.append (a wrapped insertion
  //   makes its frame) and looked up: wrapped;
  // - openload: as parsercontrol, with an <iframe> (no address) right after
  //   the </object>, whose onload looks the object up: the object's frame
  //   was there already (the iframe's load came after the observer);
  //   (in these, where the frame was there before the page's lookup, the
  //   page took window[i] all the same: the harness reaches the realm);
  // - objectlast: the page's last markup an <object> never closed
  //   (attack9's objectlast), the page polling: cleaned;
  // - rsstop: the same, with a capture listener on the WINDOW stopping every
  //   readystatechange (e.stopImmediatePropagation()) before it reaches
  //   Silbato's listener on the document (parserStopped never runs): the
  //   object was made at once by the observer at the end of the parse
  //   (the empty last object taken as closed), so it was wrapped (once, in
  //   a first run, objectlast's page had no frame at all 4 s later: not
  //   seen again in 6 runs with Silbato, 5 without);
  // - overflowcontrol: 3 nested objects with a script inside, closed, a
  //   script after: the outer one's frame was there (askAgain), wrapped;
  // - nestedslotcontrol: host1's light child the object; host1's root holds
  //   host2 whose light child is <slot id=inner slot="x">, host2's root only
  //   <slot name="y">; inner.slot = 'y' renders the object: Silbato frames
  //   it inside the call (the slot itself is reslotted);
  // - nestedslotattr: the same with inner.setAttribute('slot', 'y').
  for (const via of ['control', 'parsercontrol', 'cefirstpoll', 'dwcefirst', 'openmove', 'openload', 'objectlast', 'rsstop', 'overflowcontrol', 'nestedslotcontrol', 'nestedslotattr']) {
    test(`a first document's showPicker reached ${via}: the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }

  // What got through (Chromium 156, dist/extension as built at ebfc30a):
  // in each, the page took a first document's NATIVE showPicker (logged
  // where), the person clicked "attach a photo" once and picked
  // samples/sample.jpg in the browser's own picker, and the server received
  // the ORIGINAL: "sample.jpg", 19458 bytes, byte for byte the sample, GPS
  // and all.
  const THROUGH = {
    // The page's HTML: <script>customElements.define('x-ce', …)</script>
    // <object id=o type="text/html" data=…><x-ce></x-ce></object><script>…
    // The parser stops for the defined custom element (a microtask
    // checkpoint: Silbato's observer runs) BEFORE making it, so the
    // observer's last added node is the EMPTY, still-open object itself;
    // makeObjectFrames' isOpen(el) is false when lastAdded === el, so the
    // object is asked for its frame while open (Chromium makes none) and
    // is put in neither stillOpen nor askedOpen. At the next script's
    // observer call the object is neither waiting nor newly added (only
    // x-ce, text and the script are): never asked again. The script finds
    // frames 0, looks a property up on the object (Chromium's pending
    // plugin update makes the frame at once: frames 1) and takes window[0],
    // unwrapped. (The harness must not read o.contentWindow before the
    // grab: Silbato's getter wraps the realm it hands over.)
    cefirst: 'an <object> whose first content is a custom element, looked up by the next script',
    // The same markup, no lookup at all: the page's first script adds a
    // capture listener on the WINDOW, readystatechange ->
    // e.stopImmediatePropagation() (the event's path is window, document:
    // Silbato's capture listener on the document never runs, so neither
    // does parserStopped's askAgain nor its walk), and polls window[i] on
    // every turn of a MessageChannel. Chromium makes the object's frame in
    // a task of its own ~65 ms later (readyState interactive), with no DOM
    // change: the poll takes it unwrapped. (cefirstpoll, the same without
    // the listener, is withstood: the walk at readystatechange comes first.)
    cefirstrsstop: 'an <object> whose first content is a custom element, readystatechange stopped at the window, polled',
    // The page's HTML: <object id=o …><script>A</script><p>x</p></object>
    // <script>B</script>. Silbato's observer sees o open before A (A is in
    // it): stillOpen and askedOpen hold it. A dispatches
    // document.dispatchEvent(new Event('readystatechange')): Silbato's
    // parserStopped runs parsed([], document): makeObjectFrames with no
    // records has lastAdded null, so isOpen is false for every waiting
    // object and o gets askAgain NOW, while still open (taken out of
    // askedOpen, stillOpen emptied; a comment in and out; no frame, it is
    // open). The parser then closes o; at B's observer call o is neither
    // waiting nor added: never asked again. B looks a property up (frames
    // 0 -> 1) and takes window[0], unwrapped.
    fakers: 'an <object> seen open, a readystatechange of the page\'s own fired inside it, looked up once closed',
    // The page's HTML: <object id=o> holding 70 nested <object>s and a
    // script (the inner script: frames 0), all closed, then a script (the
    // parser still running). makeObjectFrames' `make` pushes every object
    // seen open into stillOpen and EMPTIES it once it holds MAX_OPEN (64):
    // the outer object is dropped. It was asked for its frame while open
    // (so Chromium leaves it frameless: the next script's lookup gives 0,
    // contentWindow null), it is in askedOpen, but askedOpen is only
    // looked at as the parser stops (readystatechange), after this script.
    // The script puts an empty text node into the object and takes it out
    // (appendChild/remove: wrapped, but a text node holds no frame and
    // nothing asks the object it went into), then looks a property up:
    // Chromium makes the frame at once (frames 1), and window[0] is the
    // first document, unwrapped (no walk in between).
    overflow: 'the outer of 70 nested <object>s in the page\'s HTML, dropped from stillOpen, revived by a child put in and out',
    // host1's light child the object; host1's root holds host2 whose light
    // child is <span id=span slot="x"><slot id=inner></slot></span>
    // (inner takes the object), host2's root only <slot name="y">: the
    // span is not rendered, nor the object (no frame). span.slot = 'y'
    // (Element's slot setter, wrapped: walkAfterSet -> reslotted(span)):
    // reslotted frames makeObjectFramesIn(span) (objects that are span's
    // DESCENDANTS: none; the object is only slotted through the <slot> in
    // it) and makeSlottedObjectFrames only if the span itself is a slot.
    // Frames right after the call 0; the page's lookup makes the frame;
    // window[0] unwrapped.
    nestedslot: 'an <object> rendered by setting the slot of a <span> (in a shadow tree) that holds the <slot> taking it',
    // The same with span.setAttribute('slot', 'y') (the onOptions wrapper's
    // slotAttribute -> reslotted(span), the same miss).
    nestedspanattr: 'the same with setAttribute(\'slot\') on the <span>',
    // The span's slot is "y" already, host2's root holds <slot id=z
    // name="z">: z.name = 'y' (HTMLSlotElement's name setter, wrapped:
    // reslotted(z) -> makeSlottedObjectFrames(z): every slot of host2's
    // root, assignedElements({flatten: true}) -> the span, then
    // makeObjectFramesIn(span): objects INSIDE the span, none). Frames
    // right after the call 0; lookup; unwrapped.
    nestedname: 'an <object> rendered by renaming the slot of a second shadow root that takes the <span> holding the <slot> taking it',
    // The same, host2's root holding no slot: root2.append(a new <slot
    // name="y">) (insertGuarded: tools.slotted(root2), the same flatten and
    // makeObjectFramesIn(span) miss).
    nestedinsert: 'an <object> rendered by a <slot> appended to a second shadow root that takes the <span> holding the <slot> taking it',
    // host2's root assigns by hand (slotAssignment 'manual') and holds
    // <slot id=y>; host2's light child is the <slot id=inner> that takes
    // the object. y.assign(inner): HTMLSlotElement.assign is wrapped
    // (walkAfterCall: makeObjectFramesIn of each argument, then a walk),
    // but the argument is a <slot>: makeObjectFramesIn(inner) looks for
    // objects INSIDE it, never at what it takes (assignedElements flatten).
    // Frames right after the call 0; the lookup makes it; unwrapped.
    assignslot: 'an <object> rendered by slot.assign() of a <slot> that takes it',
    // The same, the inner <slot> inside a <span>: y.assign(span).
    assignspan: 'an <object> rendered by slot.assign() of a <span> that holds the <slot> taking it',
  };
  // Of those, withstood since (how); the rest are open (docs/threat-model.md).
  const SINCE = {
    cefirst: 'an object that is the parser\'s last node itself may be open too: remembered, and asked again once closed',
    cefirstrsstop: 'readystatechange is heard on the window, capturing, before any page listener of the tab\'s realm',
    fakers: 'only the browser\'s readystatechange is heard (isTrusted)',
    overflow: 'a wrapped call that changes an <object>\'s children asks for its frame as it returns; the outermost open objects are kept when the list is full',
    nestedslot: 'framing what an element or slot takes follows the <slot>s in what it reaches',
    nestedspanattr: 'the same',
    nestedname: 'the same',
    nestedinsert: 'the same',
    assignslot: 'the same, for slot.assign',
    assignspan: 'the same',
  };
  for (const [via, what] of Object.entries(THROUGH)) {
    (SINCE[via] ? test : through)(`a first document's showPicker reached through ${what} (${via}): the page gets only a cleaned copy`, async () => {
      await pickerAttack(via);
    });
  }
});

describe('attack 13: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  const compare = detectionProbes(local, '/attack13-detect');

  // (cefirst, equal at ebfc30a, is detected since: below.)
  // Detection with no action of the person (Chromium 156):
  const DETECTED = {
    // <object><x-count></x-count></object> in the page's HTML, the custom
    // element's constructor and the next script counting frames: without
    // Silbato {"atCe":0,"afterClose":0,"later":1,"objectWindow":true}; with
    // it (since the object that is the parser's last node is remembered as
    // maybe open, and asked again once closed) "afterClose":1: the frame
    // made at once, the known class of attack9's objectnow. (fakers, below,
    // shows the same since: "afterClose" 1 with Silbato, 0 without.)
    cefirst: 'an <object> whose first content is a custom element, counted after it closes',
    // The page's MutationObserver on its document, an <object> of its HTML
    // holding a script (seen open by Silbato's observer), then fallback
    // text: with Silbato it sees ["added a comment in object","removed a
    // comment in object"] (askAgain's empty comment, put in and taken out
    // because the object had no frame when looked at again); without, [].
    // Frames 1 both. Any page with a script inside an <object> (or an
    // object spanning a parser yield) shows it. (Documented as visible in
    // docs/threat-model.md, kept here as a test.)
    openrecords: 'the empty comment askAgain puts into an <object> of the page\'s HTML',
    // The same records when the page fires a readystatechange of its own
    // inside the open object: {"inside":0,"afterClose":0,"later":1,"seen":[2
    // comment records]} with Silbato, "seen":[] without. Since the page's
    // own event is not heard, no records: "afterClose" 1 with Silbato, 0
    // without (the frame made at once, as cefirst above).
    fakers: 'a readystatechange of the page\'s own fired inside an open <object>',
    // <embed type="text/html" src=…> then a custom element whose
    // constructor counts frames (the parser stops for it): with Silbato
    // {"atCe":1}, without {"atCe":0} ("later" 1 both): the embed's frame
    // made at once by the observer (the known class of attack9's embednow).
    embedce: 'an <embed> in the page\'s HTML counted by a custom element after it',
    // readystatechange stopped at the window, the page's last markup an
    // <object> never closed, the probe's script before it reading
    // window.length a turn later: with Silbato {"atScript":1}, without
    // {"atScript":0} ("later" 1 both): the parser's last, EMPTY object is
    // taken as closed and made at once by the observer at the end of the
    // parser's chunk (attack9's objectnow class).
    rsstoplast: 'an <object> the parser had open as it stopped, counted a turn later',
    // Timing: 100,000 textContent sets on a div in an open shadow root
    // against 100,000 nodeValue sets on a text node. Scratch measurement
    // (2-core machine, another test run going on): textContent in a shadow
    // tree 372 ms with Silbato, 47 ms without (8x; realms.js's textSetter:
    // emptiedWith/slotsEmptied -> inShadowTree and holdsSlot's
    // querySelectorAll('slot') on every set); in the light tree 154 vs 62
    // ms; nodeValue 18 vs 10 ms; innerHTML (20,000) 54 vs 22 ms;
    // append+remove of a span (50,000) 339 vs 36 ms; setAttribute
    // (100,000) 50 vs 41 ms. The ratio text/nodeValue is ~20 with Silbato,
    // ~5 without: {"above10":true} against {"above10":false}.
    textcost: 'the cost of textContent in a shadow tree against nodeValue',
  };
  // Equal since: a text setter on an element holding no element skips the slot search. (openrecords:
  // objects holding a parser-inserted script are no longer asked, and the records were gone in one run
  // at 14cd355+; but where the parser yields inside such an object, it is asked then, and the records
  // come back: two pairs in another run. Still detected.)
  const EQUAL_SINCE = { textcost: true };
  for (const [probe, what] of Object.entries(DETECTED)) {
    (EQUAL_SINCE[probe] ? test : through)(`the page cannot tell Silbato is there by ${what} (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
});
