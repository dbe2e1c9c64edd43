// What the upload-guard tests share: the sample photo, the pages' `send`
// (every hostile page uploads whatever file reaches it to /upload), and the
// checks on what the local server received, judged by its bytes, never by
// the page's word. (Pages import it too, through server.mjs: it imports
// nothing of browser.mjs.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { content, leaks } from './checks.mjs';

/** The photo the tests pick (it has a GPS position). */
export const sample = fileURLToPath(new URL('../../samples/sample.jpg', import.meta.url));

/** A page's script: `send(files, why)` uploads files to /upload and says so in #status. */
export const sendScript = `
  window.sent = 0;
  async function send(files, why) {
    const body = new FormData();
    for (const f of files) body.append('photo', f, f.name);
    window.sent += files.length;
    const r = await fetch('/upload', { method: 'POST', body });
    document.getElementById('status').textContent = (why || 'sent') + ' ' + files.length + ' ' + (await r.text());
  }`;

/**
 * A hostile page's script: `grab(w)` keeps the first document `w` (stopped
 * before its address loads) and its native showPicker and click; `last()`
 * is the newest frame's window; `frame()` a hidden frame whose address
 * keeps it at its first document for a while.
 */
export const grabScript = `
  window.grab = (w) => {
    if (!w || window.grabbed) return;
    try { w.stop(); } catch {}
    window.grabbed = w;
    window.grabbedPicker = w.HTMLInputElement.prototype.showPicker;
    window.grabbedClick = w.HTMLElement.prototype.click;
  };
  const last = () => window[window.length - 1];
  const frame = () => { const f = document.createElement('iframe'); f.src = '/px/never.gif'; f.style.display = 'none'; return f; };`;

/**
 * A hostile page's script for attacks on <object> #o (attacks 15 to 17):
 * grabScript's `grab(w, how)` noting where the realm was taken
 * (`window.how`), `note(s)` into `window.notes`, `lookupGrab(what)` (#o
 * looked up, which makes its frame if Chromium can, and its window read as
 * window[i]), `grabClass(what)` (a custom element class whose first
 * constructor does that), and `connect(via)`'s `control` way (a frame
 * appended and taken at once); `connectMore` is the rest of connect's body.
 */
export const objectGrabScript = (connectMore = '') => `
  ${grabScript}
  const grab0 = window.grab;
  window.grab = (w, how) => { if (w && !window.grabbed) { window.how = how || '?'; grab0(w); } };
  window.notes = [];
  const note = (s) => window.notes.push(String(s));
  // The window of object #o among window[i] (its frameElement), or null.
  function objectWindow(o) {
    for (let i = 0; i < window.length; i++) { try { if (window[i].frameElement === o) return window[i]; } catch {} }
    return null;
  }
  // The object #o looked up (Chromium makes its frame if it can), then its window read as window[i].
  function lookupGrab(what) {
    const o = document.getElementById('o');
    const had = window.length;
    o.anything;
    note(what + ': frames before ' + had + ', after a lookup ' + window.length);
    const w = objectWindow(o);
    if (w) grab(w, 'lookup at ' + what + (window.length > had ? ' (made by the lookup)' : ' (there before)'));
    else window.how = 'no frame at ' + what;
  }
  function grabClass(what) {
    return class extends HTMLElement { constructor() { super(); if (!window.ceSeen) { window.ceSeen = 1; lookupGrab(what); } } };
  }
  function connect(via) {
    if (via === 'control') {
      document.body.append(frame());
      grab(last(), 'after append');
      return;
    }${connectMore}
    note(via + ': frames at the connect script ' + window.length + (window.grabbed ? ', grabbed' : ''));
  }`;

/**
 * A picker way's helpers (page code): `wrapped(f)` (V8's "is not a
 * constructor" message writes a wrapper's own source text), `says(w)` (is
 * window `w`'s showPicker, appendChild wrapped?) and `tryGrab(where)` (keep
 * the newest frame's native showPicker, if it is).
 */
export const grabHelpers = `
      const wrapped = (f) => { try { Reflect.construct(f, []); return 'constructs'; } catch (e) { return !/native code/.test(String(e.message)); } };
      const says = (w) => w ? 'showPicker ' + (wrapped(w.HTMLInputElement.prototype.showPicker) ? 'wrapped' : 'NATIVE') + ', appendChild ' + (wrapped(w.Node.prototype.appendChild) ? 'wrapped' : 'NATIVE') : 'no window';
      const tryGrab = (where) => {
        const b = last();
        note(where + ', frames ' + window.length + ', b: ' + says(b));
        if (b && !wrapped(b.HTMLInputElement.prototype.showPicker)) grab(b, where);
      };`;

/**
 * The set-up of attacks 34-37's ways (page code, after grabHelpers):
 * `setup(tag, kids)` makes a connected `box` holding a focused <input>
 * `inp` (and what `kids(box)` adds after it), and a detached frame `f`
 * whose child, a custom element `tag`, keeps its new first document's
 * native showPicker when connected while `armed`, then runs
 * `window.onGrab(f)` if set; it returns `fill(d)`: the wrapped `d.append(f)`,
 * arming, noted with `fillNote` (page code: an expression of d, f, box).
 * Then `attempt(call)`, `after(f)`, and the escapes: a connected `park`,
 * `moveOut(fr)` (moveBefore into it), `removeOut(fr)`, `reappend(fr)`.
 */
export const focusedBoxHelpers = (fillNote) => `${grabHelpers}
      let armed = false;
      const setup = (tag, kids) => {
        const box = document.createElement('div');
        document.body.append(box);
        const inp = document.createElement('input');
        box.append(inp);
        if (kids) kids(box);
        inp.focus();
        note('focused ' + (document.activeElement === inp) + ', hasFocus ' + document.hasFocus());
        const f = frame();
        customElements.define(tag, class extends HTMLElement {
          connectedCallback() {
            if (!armed) return;
            armed = false;
            tryGrab('connectedCallback of the frame\\'s child (' + tag + ')');
            if (window.onGrab) { try { window.onGrab(f); } catch (e) { note('onGrab threw ' + e.name + ' ' + e.message); } }
          }
        });
        f.append(document.createElement(tag));
        const fill = (d) => { d.append(f); armed = true; note(${fillNote}); };
        return { box, inp, f, fill };
      };
      const attempt = (call) => {
        try { call(); } catch (e) { note('threw ' + e.name + ' ' + e.message); }
        armed = false;
      };
      const after = (f) => {
        note('after: frame connected ' + f.isConnected + ', frames ' + window.length + ', grabbed ' + !!window.grabbed);
        if (!window.grabbed && f.isConnected) tryGrab('after the call');
      };
      const park = document.createElement('div');
      document.body.append(park);
      const moveOut = (fr) => { const w = fr.contentWindow; park.moveBefore(fr, null); note('moved out: same window ' + (fr.contentWindow === w)); };
      const removeOut = (fr) => { fr.remove(); note('removed: connected ' + fr.isConnected); };
      const reappend = (fr) => { const w = fr.contentWindow; const d = fr.parentNode; d.append(fr); note('appended again: connected ' + fr.isConnected + ', new window ' + (fr.contentWindow !== w) + ', b: ' + says(fr.contentWindow)); };`;

/**
 * Page code (after grabHelpers): `go`, and custom element `tag` whose
 * connectedCallback, while `go`, opens a picker at once with its new first
 * document's showPicker if that is native (inside the call that connected
 * it, in the person's click), and sends what it gets.
 */
export const openInCallback = (tag) => `      let go = false;
      customElements.define('${tag}', class extends HTMLElement {
        connectedCallback() {
          if (!go) return;
          go = false;
          const b = last();
          note('callback: b ' + says(b));
          if (!b || wrapped(b.HTMLInputElement.prototype.showPicker)) return;
          const input = document.createElement('input');
          input.type = 'file';
          input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
          try { b.HTMLInputElement.prototype.showPicker.call(input); note('opened in the callback'); } catch (e) { note('callback: ' + e.name); }
        }
      });
`;

/** A probe's `norm(s)`: stack text with the extension's id (and the server's port) made the same everywhere. */
export const normStack = `
      const norm = (s) => String(s).replace(/chrome-extension:\\/\\/[a-z]+/g, 'chrome-extension://ID').replace(/127\\.0\\.0\\.1:\\d+/g, 'HOST');`;

/**
 * The picker page of an attack's ways (`ways`: each way's name → the body
 * of `connect`'s branch for it, after which the frames are noted): the
 * ways' names, and the page for a query's `via` (`control` otherwise).
 */
export function pickerWaysPage(ways) {
  const connectMore = Object.entries(ways)
    .map(([via, body]) => `
    if (via === ${JSON.stringify(via)}) {${body}
      note(via + ': frames ' + window.length + (window.grabbed ? ', grabbed' : ''));
      return;
    }`)
    .join('');
  const names = Object.keys(ways);
  const page = (query) => {
    const via = ['control', ...names].includes(query.get('via')) ? query.get('via') : 'control';
    return grabbedPickerPage({ grabbing: objectGrabScript(connectMore), via });
  };
  return { names, page };
}

/**
 * The pages of attack `n`: `/attack<n>-picker` (`picker(query)`) and
 * `/attack<n>-detect?probe=…` (the probe's script from `probes`, run by
 * detectionProbes); undefined for any other path.
 */
export function attackPages(n, picker, probes) {
  return (path, query) => {
    if (path === `/attack${n}-picker`) return picker(query);
    if (path === `/attack${n}-detect`) return `<p id="status"></p>${probeScript(probes[query.get('probe')] ?? 'return null;')}`;
    return undefined;
  };
}

/**
 * The end of a child frame's page for attacks 15 and 16: its `lookupGrab`
 * (object #o looked up, and its first document handed to the tab's page
 * `tab` with `label`), x-grab defined with `define` (the start of a call,
 * up to the name), and then an <object> (attributes `object`) whose last
 * node is an inline script's text, closed, and x-grab, whose constructor
 * looks #o up.
 */
export const childObjectScript = (tab, label, define, object) => `
    function lookupGrab(what) {
      const o = document.getElementById('o');
      const had = window.length;
      o.anything;
      note(what + ': frames before ' + had + ', after a lookup ' + window.length);
      for (let i = 0; i < window.length; i++) { try { if (window[i].frameElement === o) { ${tab}.grab(window[i], '${label} ' + what); return; } } catch {} }
      ${tab}.how = 'no frame in the child at ' + what;
    }
    ${define}'x-grab', class extends HTMLElement { constructor() { super(); if (!window.ceSeen) { window.ceSeen = 1; lookupGrab('x-grab'); } } });
  </script><object id="o" ${object} onerror="note('object error')">x<script>note('inside: frames ' + window.length)</script></object><x-grab></x-grab>`;

/**
 * A hostile page's script: on a click of #open, a file input never put in
 * any document is opened with `window.grabbedPicker` (a first document's
 * showPicker the page took), and what it gets is sent.
 */
export const openGrabbedScript = `
  document.getElementById('open').onclick = () => {
    if (!window.grabbed) { document.getElementById('status').textContent = 'no realm'; return; }
    const input = document.createElement('input');
    input.type = 'file';
    input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
    try {
      window.grabbedPicker.call(input);
      document.getElementById('status').textContent = 'asked';
    } catch (e) {
      document.getElementById('status').textContent = 'threw ' + e.name;
    }
  };`;

/**
 * A hostile page's body: "attach a photo", a status line, the page's
 * `grabbing` script, `early` markup (the page's own HTML), then
 * `connect(via)` (awaited when `awaited`; what it throws kept in
 * window.connectError: the page goes on without its frame), the statement
 * `after`, window.ready, and openGrabbedScript.
 */
export function grabbedPickerPage({ grabbing, via, early = '', after = '', awaited = false }) {
  return `<button id="open">attach a photo</button><p id="status"></p><script>${grabbing}</script>${early}<script>${sendScript}
  (${awaited ? 'async ' : ''}() => {
    try {
      ${awaited ? 'await ' : ''}connect(${js(via)});
    } catch (e) {
      window.connectError = String(e);
    }
    ${after}
    window.ready = true;
    ${openGrabbedScript}
  })();
</script>`;
}

/** A string as a JavaScript literal that can sit inside a <script> (no "</" in it). */
export const js = (text) => JSON.stringify(text).replace(/<\//g, '<\\/');

/**
 * A detection probe's script: runs `probe` (the body of an async function,
 * page code) and leaves what it returns in window.result (or the error it
 * threw, named), then window.ready (browser.mjs's detectionProbes reads both).
 */
export const probeScript = (probe) => `<script>
  (async () => {
    try {
      window.result = await (async () => { ${probe} })();
    } catch (e) {
      window.result = 'threw ' + e.name + ': ' + e.message;
    }
    window.ready = true;
  })();
</script>`;

/** The checks on the uploads the server of `local` (browser.mjs's localMachine) received. */
export function uploadChecks(local) {
  /** The next `n` uploads, once they have arrived. */
  async function received(n, timeout = 15000) {
    const until = Date.now() + timeout;
    while (local.server.received.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.equal(local.server.received.length, n, `expected ${n} uploads, got ${local.server.received.length}`);
    return local.server.received.splice(0, n);
  }

  /** Nothing more arrives in `ms`. */
  async function nothingMore(ms = 1500) {
    await new Promise((r) => setTimeout(r, ms));
    assert.deepEqual(
      local.server.received.splice(0).map((f) => f.name),
      [],
      'the page received something it should not have',
    );
  }

  /** The page got a cleaned copy of the sample: nothing identifying, same pixels, other bytes, a neutral name. */
  function assertCleaned(file) {
    const original = readFileSync(sample);
    assert.notDeepEqual(file.bytes, original, 'the page received the original');
    assert.deepEqual(leaks(file.bytes, 'x.jpg'), [], 'exiftool still finds something');
    assert.equal(content(file.bytes, 'x.jpg'), content(original, 'x.jpg'), 'pixels changed');
    assert.match(file.name, /^photo(-\d+)?\.jpg$/, `the page received the name ${file.name}`);
  }

  /** `file` as it arrived, said before it is judged (what a skipped test's comment reports was read here). */
  function said(what, file) {
    const original = readFileSync(sample);
    console.log(`${what}: received ${JSON.stringify(file.name)}, ${file.bytes.length} bytes, ${Buffer.compare(file.bytes, original) === 0 ? 'the ORIGINAL' : 'not the original'}`);
    return file;
  }

  /**
   * The person clicks #open on hostile page `path` (opened in `browser()`'s
   * context with `?via=`), and picks the sample if a picker opens: the page
   * must get only a cleaned copy, or nothing. `ready` is awaited first;
   * `connected`: the page must have put its frame in (no window.connectError).
   * `grab`: the page takes a first document's showPicker its way (the
   * attacks from 8 on); it is given `grab.wait` ms more to reach the realm
   * (until `grab.until`), what it got and where is logged (`window.how`,
   * `window.length`, and the page's own `grab.keys`), and with `mustGrab`
   * a way that reached no realm fails (it would prove nothing).
   */
  async function grabbedPickerAttack(browser, path, via, { ready = 'window.ready === true', connected = false, grab = null, mustGrab = true } = {}) {
    local.server.received.splice(0);
    const p = await browser().context.newPage();
    try {
      await p.goto(`${local.server.base}${path}?via=${via}`, { timeout: 120000 });
      await p.waitForFunction(ready, null, { timeout: 60000 });
      if (connected) assert.equal(await p.evaluate(() => window.connectError ?? null), null, 'the page could not connect its frame');
      if (grab) {
        // Ways that reach the realm later (a poll, a timer) are given a few seconds.
        const waited = Date.now();
        await p.waitForFunction(grab.until ?? '!!window.grabbed', null, { timeout: grab.wait ?? GRAB_WAIT }).catch(() => {});
        const state = await p.evaluate((keys) => {
          const s = { connectError: window.connectError ?? null, grabbed: !!window.grabbed, how: window.how ?? null, frames: window.length };
          for (const k of keys) s[k] = window[k];
          return s;
        }, grab.keys ?? []);
        console.log(`${via}: page state ${JSON.stringify(state)} after ${Date.now() - waited} ms`);
        if (mustGrab) assert.ok(state.grabbed, `the page reached no realm (${state.how})`);
      }
      const opened = await pickSample(p, () => p.click('#open'), PICKER_WAIT);
      const status = await p.textContent('#status');
      if (!opened) {
        // No picker at all is safe too, if nothing reaches the page (PICKER_WAIT has passed since the click already).
        await nothingMore(NO_PICKER_MORE);
        if (grab) console.log(`${via}: no picker (${status})`);
        return `no picker (${status})`;
      }
      assertCleaned(said(via, (await received(1))[0]));
      await nothingMore();
      if (grab) console.log(`${via}: cleaned (${status})`);
      return 'cleaned';
    } finally {
      await p.close();
    }
  }

  return { received, nothingMore, assertCleaned, said, grabbedPickerAttack };
}

/**
 * How long a hostile page is given to reach a first document's realm its
 * way (a poll, a timer) after it says it is ready. Every way that reached
 * one in CI's run of 2026-12-06 (311 ways) had done so within 95 ms (the
 * time is logged); the 60 ways that reach none wait all of it, so at 5 s
 * it cost 3 minutes of CI.
 */
export const GRAB_WAIT = 2000;

/**
 * How long a hostile page's picker is waited for after the person's click.
 * Pages open it inside the click (transient activation); measured under
 * 0.6 s with a second test process on the machine. None by then is taken
 * as none (what reaches the server is still checked). 88 ways open none:
 * each waits all of it.
 */
export const PICKER_WAIT = 2000;

/**
 * How much longer, after PICKER_WAIT, the server is watched when no picker
 * opened: whatever the click set off (a file the page kept, sent at once)
 * has had PICKER_WAIT already; a local upload takes milliseconds. About 150
 * ways open none.
 */
const NO_PICKER_MORE = 500;

/** The file chooser `click` opens on page `p` gets the sample; false when none opened. */
export async function pickSample(p, click, timeout = 15000) {
  const chooser = p.waitForEvent('filechooser', { timeout }).catch(() => null);
  await click();
  const c = await chooser;
  if (!c) return false;
  await c.setFiles(sample);
  return true;
}

/**
 * Attacks 39 and 40's page code: a frame f whose fallback's custom element `tag`, connected while `go` is set,
 * runs `onConnect(b)` (b: the last frame's window, read as window[i], not through contentWindow, which Silbato
 * wraps). `&dry=1` in the address: only noted, nothing opened (to read the notes of a way that gets through).
 */
export const fallbackGrabber = (tag, onConnect) => `
      const dry = new URLSearchParams(location.search).has('dry');
      const f = frame();
      let go = false;
      customElements.define('${tag}', class extends HTMLElement {
        connectedCallback() {
          if (!go) return;
          go = false;
          const b = last();
          note('callback: frames ' + window.length + ', b: ' + says(b) + ', is f ' + (b && b.frameElement === f));
          if (!b || wrapped(b.HTMLInputElement.prototype.showPicker) || dry) return;
          ${onConnect}
        }
      });
      f.append(document.createElement('${tag}'));`;

/** Open a picker at once with b's native showPicker (inside the person's click). */
export const OPEN_AT_ONCE = `
          const input = document.createElement('input');
          input.type = 'file';
          input.addEventListener('change', () => { if (input.files.length) send([...input.files], 'change'); });
          try { b.HTMLInputElement.prototype.showPicker.call(input); note('opened in the callback'); } catch (e) { note('callback: ' + e.name); }`;

/** Keep b's native showPicker, then move f out (moveBefore keeps its window) so the after-look finds no frame. */
export const GRAB_AND_MOVE = `
          grab(b, 'callback');
          try { const w = f.contentWindow; park.moveBefore(f, null); note('moved out: same window ' + (f.contentWindow === w)); } catch (e) { note('moveBefore threw ' + e.name); }`;

/** The page's last notes, added to its status line once the click's work is done. */
export const NOTES_STATUS = "setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + (window.notes || []).slice(-6).join(' / '); }, 0);";

/**
 * Attack 44's hiddenswitch, the way attacks 45-58 have the browser's own
 * picker fill an input no guard listener hears: in the person's click on
 * #open, a click on a text input x inside a DETACHED label holding a file
 * input i (named "photo"), x made hidden by its own listener, so that
 * Chromium's label activation (decided after the listeners) clicks i. (Those
 * attacks were found with labeldeep, a span 70 deep in the label, which
 * opens Silbato's picker since pickers.js labelOf has no bound.) `onChange` runs in i's change listener (which reads nothing
 * itself), `setup` once i is made, `before` once as the page loads.
 */
export const browsersOwnPick = (onChange, { before = '', setup = '' } = {}) => {
  const status = `setTimeout(() => { const st = document.getElementById('status'); if (st) st.textContent += ' | ' + window.notes.slice(-4).join(' / '); }, 0);`;
  return `
      ${before}
      document.getElementById('open').addEventListener('click', () => {
        const l = document.createElement('label');
        const i = document.createElement('input');
        i.type = 'file';
        i.name = 'photo';
        ${setup}
        const x = document.createElement('input'); let t = x; x.addEventListener('click', () => { x.type = 'hidden'; });
        l.append(i, x);
        i.addEventListener('change', () => { note('change'); try { ${onChange} } catch (e) { note('threw ' + e.name + ' ' + e.message); } ${status} });
        try { t.click(); } catch (e) { note('threw ' + e.name); }
        ${status}
      });`;
};

/**
 * Page code for the attacks on the original's NAME (48-58): `leak(s, why)` uploads what was learnt as a text note
 * "leak-….txt" (once a page), which leakAttacks (browser.mjs) reads back.
 */
export const leakNote = "const leak = (s, why) => { note(why + ' leak: ' + s); if (!window.leakedOnce) { window.leakedOnce = 1; send([new File(['leaked: ' + s], 'leak-' + String(s).replace(/[^A-Za-z0-9._-]/g, '_') + '.txt', { type: 'text/plain' })], why); } };";

/**
 * Attack 48's findsel on whatever is connected now: window.find('.jpg'), the selection stretched over its line, read
 * back, and leaked if it names a .jpg (needs leakNote). `fresh`: the selection emptied first.
 */
export const findSelection = (why, { fresh = false } = {}) => `${fresh ? 'getSelection().removeAllRanges(); ' : ''}const hit = window.find('.jpg'); const sel = getSelection(); note('find .jpg ' + hit);
        try { sel.modify('move', 'backward', 'lineboundary'); sel.modify('extend', 'forward', 'lineboundary'); } catch (e) { note('modify threw ' + e.name); }
        const got = String(sel); note('${why} ' + JSON.stringify(got));
        if (/jpg/i.test(got)) leak(got, '${why}');`;
