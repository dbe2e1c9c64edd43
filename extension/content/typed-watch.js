// Before you type (page world, every frame, document_start): does what the
// person types leave the page before they post it, and does a script record
// the session? It only records; every wrapped built-in does what it did,
// with the same arguments and result (natives.js keeps them printing as
// native). extension/popup/rules.js judges the records; the isolated world
// (before-typing.js) shows them.
//
// Key logging, in the sense of The Markup's Blacklight (form input sent
// before the form is submitted): the isolated world tells this world, over
// the private channel, which text field the person is typing in (trusted
// input events only); this world reads that field's text (the native value
// getters) and keeps it in memory, never stored and never sent; whenever the
// page sends something (fetch, XMLHttpRequest, sendBeacon, WebSocket.send,
// an image, script or frame address, a form submitted by a script), the
// URL and the body are compared with it (typed-match.js: plain,
// URL-encoded, base64, hashed). A match records who sent it (the calling
// script), where to (the host) and how, and tells the isolated world at
// once. What the person sends by posting (a submit, a click on a button, Enter
// in a single-line field, Ctrl+Enter) is not key logging: sends in the
// moment after such an action are not compared.
//
// Session recording, by behaviour: a script that listens at the document
// for keys or input and for the pointer, watches the whole document for
// every kind of change (MutationObserver on the document with subtree,
// childList, attributes and characterData) and sends data. Known recorders
// are also named by host (data/recorders.json), in the isolated world.
//
// Other realms of the same origin: a page can send through the built-ins of
// any same-origin realm it reaches (`frame.contentWindow.fetch(url, {body})`,
// a `window.open('')` popup's sendBeacon), and each realm is wrapped by its
// own copy of this watch, which sees only what was typed in its own frame.
// So the copies of one tab (same-origin frames at any depth, and the popups
// they open) form a group: the isolated worlds hand every copy the same
// private node (content.js), on which the copies register with each other.
// Whatever leaves through any realm of the group is compared with the text
// typed in every frame of it, and reported by the copy whose field it was.
// A realm where no copy runs (a frame sandboxed without scripts, or the
// first empty document of a `srcdoc` or addressed frame, which the page can
// use in the task that creates it, before its own document and scripts
// arrive) is wrapped from the page that reaches it, with that page's watch
// (`armRealm`, page-world.js), as the upload guard's realms are.
//
// Not seen: requests made from workers (a recorder may compress and send
// from one), the body of a `Request` object or a stream, compressed or
// encrypted payloads, text sent a few keystrokes at a time, the first empty
// document of a `srcdoc` or addressed frame reached only as
// `window.frames[i]` or `window[name]` (no function of ours stands between
// the page and it), and a popup whose opener has since loaded another
// document (which starts a new group).
import { realmTools } from './natives.js';
import { stackReader } from './stack.js';
import { digestCache, MAX_PAYLOAD, snapshotsOf, typedIn } from './typed-match.js';

/** The property of the group's node (content.js) that holds the group: never read or written but as an own property. */
const GROUP = 'silbatoTypedGroup';
/** Copies of this watch kept in a group (the most recent ones). */
const MAX_GROUP = 32;

/**
 * Start watching (once, before the page's scripts); `channel` is the page
 * world's end of page-channel.js. Returns `claim(doc, sure)`, which tells
 * whether the realm of `doc` is left to wrap from here (no copy of the group
 * watches it), and `armRealm(win)`, which wraps such a realm with this watch.
 */
export function watchTyping(channel) {
  const { apply, defineProperty, getOwnPropertyDescriptor } = Reflect;
  /** Fields whose text is kept (the most recent ones). */
  const MAX_FIELDS = 8;
  /** Texts kept per field: a script sending on a timer sends an earlier text than the field holds now. */
  const MAX_VALUES = 24;
  /** After the person posts (a submit, a button, Enter), what is sent is their post, not key logging. */
  const POST_GRACE_MS = 3000;
  const MAX_LEAKS = 100;
  const MAX_SCRIPTS = 200;
  /** Events a recorder listens for at the document (Blacklight's BEHAVIOUR_TRACKING_EVENTS, keyboard and mouse). */
  const KEYS = new Set(['keydown', 'keyup', 'keypress', 'input', 'change']);
  const POINTER = new Set(['mousemove', 'pointermove', 'mousedown', 'pointerdown', 'click', 'scroll', 'touchstart', 'touchmove']);

  // Natives, taken before any page script runs.
  const now = performance.now.bind(performance);
  const URL_ = URL;
  const Request_ = globalThis.Request;
  const WeakSet_ = WeakSet;
  const setHas = WeakSet.prototype.has;
  const setAdd = WeakSet.prototype.add;
  const get = (proto, name) => {
    const d = proto && getOwnPropertyDescriptor(proto, name);
    return d && d.get;
  };
  const inputValue = get(globalThis.HTMLInputElement && HTMLInputElement.prototype, 'value');
  const areaValue = get(globalThis.HTMLTextAreaElement && HTMLTextAreaElement.prototype, 'value');
  const innerText = get(globalThis.HTMLElement && HTMLElement.prototype, 'innerText');
  const urlHref = get(URL.prototype, 'href');
  const requestUrl = get(Request_ && Request_.prototype, 'url');
  const wsUrl = get(globalThis.WebSocket && WebSocket.prototype, 'url');
  const formAction = get(globalThis.HTMLFormElement && HTMLFormElement.prototype, 'action');
  const formElements = get(globalThis.HTMLFormElement && HTMLFormElement.prototype, 'elements');
  const baseURI = get(Node.prototype, 'baseURI');
  const defaultView = get(Document.prototype, 'defaultView');
  const paramsToString = globalThis.URLSearchParams && URLSearchParams.prototype.toString;
  const formDataForEach = globalThis.FormData && FormData.prototype.forEach;
  const blobText = globalThis.Blob && Blob.prototype.text;
  const blobSize = get(globalThis.Blob && Blob.prototype, 'size');
  const isView = ArrayBuffer.isView;
  const bufferLength = get(ArrayBuffer.prototype, 'byteLength');
  const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
  const VIEWS = [TypedArray, globalThis.DataView && DataView.prototype].filter(Boolean).map((p) => [get(p, 'buffer'), get(p, 'byteOffset'), get(p, 'byteLength')]);
  const Bytes = Uint8Array;
  const decoder = new TextDecoder('utf-8');
  const decode = TextDecoder.prototype.decode;
  /**
   * `fn` (a native getter or method) applied to `x`: its value, or `fallback`
   * when `x` is not of its kind. What kind of object the page passed is told
   * this way, never with `instanceof`, which would call a `Symbol.hasInstance`
   * the page defined (and tell it something looked).
   */
  const read = (fn, x, fallback = undefined) => {
    if (!fn || x === null || (typeof x !== 'object' && typeof x !== 'function')) return fallback;
    try {
      return apply(fn, x, []);
    } catch {
      return fallback;
    }
  };
  /** A field's value (an input or a textarea), or undefined for anything else. */
  const valueOf = (el) => {
    const v = read(inputValue, el);
    return typeof v === 'string' ? v : read(areaValue, el);
  };
  const isField = (el) => typeof valueOf(el) === 'string';

  // ---- What the person typed, per field ----
  /** field → { values: [snapshot…], dirty } (a Map keeps the order fields were typed in). */
  const fields = new Map();
  let postedAt = -Infinity;
  const digests = digestCache();

  function textOf(el) {
    const v = valueOf(el);
    if (typeof v === 'string') return v;
    const text = read(innerText, el, '');
    return typeof text === 'string' ? text : '';
  }

  /** Keep the field's text if it changed since it was last read. */
  function keep(el) {
    const f = fields.get(el);
    if (!f || !f.dirty) return;
    f.dirty = false;
    for (const s of snapshotsOf(textOf(el))) {
      if (f.values.includes(s)) continue;
      f.values.push(s);
      if (f.values.length > MAX_VALUES) f.values.shift();
    }
  }

  // The isolated world saw a trusted input event in this field (its listeners survive document.open).
  channel.on('typed', (_, el) => {
    if (!el) return;
    let f = fields.get(el);
    if (f) fields.delete(el);
    else f = { values: [], dirty: false };
    fields.set(el, f);
    if (fields.size > MAX_FIELDS) fields.delete(fields.keys().next().value);
    f.dirty = true;
    // A field's value is read now (cheap), an editor's text when something
    // is sent (it takes a layout): either way before a key logger that
    // reads it in this same event sends it.
    if (isField(el)) keep(el);
  });
  // The person posted: a trusted submit, a click on a button, Enter or Ctrl+Enter.
  channel.on('posting', () => {
    postedAt = now();
  });

  // ---- Per calling script ----
  const callerOf = stackReader(1500);
  const scripts = new Map();
  function scriptRecord(url) {
    if (!url) return null;
    let r = scripts.get(url);
    if (!r && scripts.size < MAX_SCRIPTS) {
      r = { url, listens: [], observes: false, sends: 0, sentTo: [] };
      scripts.set(url, r);
    }
    return r;
  }
  /** Scripts that listen for keys and observe the whole document: their sends are counted. */
  let candidates = 0;
  const isCandidate = (r) => r.observes && r.listens.some((t) => KEYS.has(t));

  const leaks = [];

  /** An address as a string: only strings and URL objects (another object is not converted a second time). */
  function addressOf(url) {
    return typeof url === 'string' ? url : read(urlHref, url, null);
  }

  /** Where `address` goes, resolved against the document `doc` sends it from (a fresh frame's base is its creator's). */
  function hostOf(address, doc) {
    const url = addressOf(address);
    if (url === null) return null;
    try {
      const u = new URL_(url, read(baseURI, doc, undefined));
      return /^(https?|wss?):$/.test(u.protocol) ? { host: u.hostname, href: u.href } : null;
    } catch {
      return null;
    }
  }

  // ---- The group: the copies of this watch in the same-origin realms of the tab ----
  /** Whether this copy compares now: someone typed here, and not just posted. */
  const listening = () => fields.size > 0 && now() - postedAt >= POST_GRACE_MS;
  const self = { __proto__: null, doc: document, listening, compare };
  /**
   * The group, once the isolated world has handed over its node: a
   * prototype-less object (no page script's Array or Object method is ever
   * called on it) with the copies in `0…n-1` and the documents they or
   * their `armRealm` watch in `docs`.
   */
  let group = null;
  let ask = false;
  const own = (o, k) => {
    const d = getOwnPropertyDescriptor(o, k);
    return d ? d.value : undefined;
  };
  const put = (o, k, value) => defineProperty(o, k, { value, writable: true, enumerable: false, configurable: true });
  channel.on('group', (_, node) => {
    if (group || !node) return;
    try {
      let g = own(node, GROUP);
      if (!g) {
        g = { __proto__: null, n: 0, docs: new WeakSet_() };
        put(node, GROUP, g);
      }
      apply(setAdd, g.docs, [document]);
      // Copies whose document is gone (a removed or navigated frame) leave.
      // Past the limit, the first ones (the top frame's among them) stay and
      // the newest takes the last place.
      let kept = 0;
      for (let i = 0; i < g.n; i++) {
        const w = g[i];
        if (w && read(defaultView, w.doc, null) && kept < MAX_GROUP - 1) put(g, kept++, w);
      }
      put(g, kept, self);
      for (let i = kept + 1; i < g.n; i++) delete g[i];
      g.n = kept + 1;
      group = g;
    } catch {
      // Then this copy compares only with its own frame.
    }
  });
  /** The copies that compare now (this one alone until the group is known). */
  function listeners() {
    if (!group) {
      if (!ask) {
        ask = true;
        channel.send('group?');
      }
      return listening() ? [self] : [];
    }
    const out = [];
    for (let i = 0; i < group.n && i < MAX_GROUP; i++) {
      const w = group[i];
      try {
        if (w && w.listening()) put(out, out.length, w);
      } catch {
        // A copy in a realm that is gone.
      }
    }
    return out;
  }

  /**
   * Something leaves the page through a realm whose document is `doc`: note
   * batches of would-be recorders, and look for typed text in it. `body()`
   * gives the body as text (or a promise of it), read only when someone
   * typed in a frame of the group: until then a request costs little.
   */
  function sent(how, url, body, doc) {
    const comparing = listeners();
    if (!candidates && !comparing.length) return;
    const target = hostOf(url, doc);
    if (!target) return;
    if (candidates > 0) {
      const r = scripts.get(callerOf());
      if (r && isCandidate(r)) {
        r.sends++;
        if (r.sentTo.length < 8 && !r.sentTo.includes(target.host)) r.sentTo.push(target.host);
      }
    }
    if (!comparing.length) return;
    const text = body ? body() : null;
    // Who sent it is read here, in the realm it was sent through, for every
    // copy: only on a match (a stack costs time), or now when the body is
    // read later (a Blob), since the stack is known only now.
    let script;
    const sender = () => (script === undefined ? (script = callerOf()) : script);
    const each = (t) => {
      for (let i = 0; i < comparing.length; i++) {
        try {
          comparing[i].compare(how, target, typeof t === 'string' ? t : null, sender);
        } catch {
          // Another copy's failure never stops this one.
        }
      }
    };
    if (text && typeof text.then === 'function') {
      sender();
      text.then(each, () => {});
    } else each(text);
  }

  /** Compare what was sent with the text typed in this copy's frame; report a match to this frame's isolated world. */
  function compare(how, target, body, sender) {
    if (!listening()) return;
    for (const [el, f] of fields) {
      keep(el);
      if (!f.values.length) continue;
      // The person's own link, loaded by the page (a preview): not their text leaving.
      const values = f.values.filter((v) => !v.includes(target.href) && !target.href.startsWith(v));
      const form = typedIn(target.href, values, digests) || (body ? typedIn(body, values, digests) : null);
      if (!form) continue;
      const key = `${target.host}\u0000${how}`;
      if (leaks.length < MAX_LEAKS && !leaks.some((l) => l.field === el && `${l.host}\u0000${l.how}` === key)) {
        leaks.push({ field: el, host: target.host, how, form, script: sender() });
      }
      // Tell the isolated world once per field and host: the field first, then what happened.
      if (!f.told) f.told = new Set();
      if (!f.told.has(target.host)) {
        f.told.add(target.host);
        channel.send('typed-field', { node: el });
        channel.send('typed-sent', { detail: JSON.stringify({ host: target.host, how, form }) });
      }
      return;
    }
  }

  /**
   * A request body as text, as far as it can be read without changing
   * anything (a Blob: later). Its kind is told by native getters and methods
   * (see `read`).
   */
  function bodyText(body) {
    if (body == null) return null;
    if (typeof body === 'string') return body;
    if (typeof body !== 'object') return null;
    try {
      const params = read(paramsToString, body);
      if (typeof params === 'string') return params;
      if (formDataForEach) {
        const parts = [];
        try {
          // Throws for anything but a FormData.
          apply(formDataForEach, body, [(v, k) => typeof v === 'string' && parts.push(`${k}=${v}`)]);
          return parts.join('&');
        } catch {
          // Not a FormData.
        }
      }
      const length = read(bufferLength, body);
      if (typeof length === 'number') return apply(decode, decoder, [new Bytes(body, 0, Math.min(length, MAX_PAYLOAD))]);
      if (isView(body)) {
        for (const [buffer, offset, size] of VIEWS) {
          const n = read(size, body);
          if (typeof n === 'number') return apply(decode, decoder, [new Bytes(read(buffer, body), read(offset, body), Math.min(n, MAX_PAYLOAD))]);
        }
        return null;
      }
      const size = read(blobSize, body);
      if (blobText && typeof size === 'number' && size <= MAX_PAYLOAD) return apply(blobText, body, []);
    } catch {
      // A body we cannot read is not compared.
    }
    return null;
  }

  /**
   * Wrap the ways data leaves the realm `win` (this one, or a same-origin
   * realm no copy of this watch runs in) with this watch, with that realm's
   * tools (natives.js: the wrappers print as its natives); returns its `watch`.
   */
  function watchSenders(win) {
    const { callNative, wrapAccessor, wrapMethod } = realmTools(win);
    const doc = win.document;
    /** Wrap method `name`; `after` sees `this`, the arguments and the result. Recording never breaks the page. */
    function watch(proto, name, after) {
      wrapMethod(proto, name, (native) => ({
        [name](...args) {
          const result = callNative(native, this, args);
          try {
            after(this, args, result);
          } catch {
            // Recording must never break the page.
          }
          return result;
        },
      })[name]);
    }
    function watchSetter(proto, name, after) {
      wrapAccessor(proto, name, 'set', (native) =>
        getOwnPropertyDescriptor(
          {
            set x(value) {
              callNative(native, this, [value]);
              try {
                after(this, value);
              } catch {
                // Recording must never break the page.
              }
            },
          },
          'x',
        ).set,
      );
    }
    const proto = (name) => win[name] && win[name].prototype;

    // ---- Where data leaves ----
    watch(win, 'fetch', (_, [input, init]) => {
      const url = read(requestUrl, input, null) ?? addressOf(input);
      sent('fetch', url, () => bodyText(init && init.body), doc);
    });
    const xhrs = new WeakMap();
    const XHR = proto('XMLHttpRequest');
    watch(XHR, 'open', (xhr, [, url]) => xhrs.set(xhr, addressOf(url)));
    watch(XHR, 'send', (xhr, [body]) => sent('xhr', xhrs.get(xhr), () => bodyText(body), doc));
    watch(proto('Navigator'), 'sendBeacon', (_, [url, data]) => sent('beacon', url, () => bodyText(data), doc));
    watch(proto('WebSocket'), 'send', (ws, [data]) => sent('websocket', read(wsUrl, ws, null), () => bodyText(data), doc));
    // The address is read back through the native getter (absolute, and never
    // a second conversion of whatever object the page passed).
    const SRC = [['HTMLImageElement', 'image'], ['HTMLScriptElement', 'script'], ['HTMLIFrameElement', 'frame']].map(([C, how]) => [proto(C), how, get(proto(C), 'src')]);
    for (const [P, how, src] of SRC) watchSetter(P, 'src', (el) => sent(how, read(src, el, null), null, doc));
    watch(proto('Element'), 'setAttribute', (el, [name]) => {
      if (typeof name !== 'string' || name.toLowerCase() !== 'src') return;
      // An image, a script or a frame: the one whose native src getter takes it.
      for (const [, how, src] of SRC) {
        const address = read(src, el);
        if (typeof address === 'string') return sent(how, address, null, doc);
      }
    });
    /** A form a script submits to another origin: its fields are what is sent. */
    function submitted(form) {
      if (!listeners().length) return;
      const action = read(formAction, form, null);
      const target = hostOf(action, doc);
      if (!target || new URL_(target.href).origin === new URL_(read(baseURI, doc, '')).origin) return;
      const parts = [];
      for (const el of read(formElements, form, [])) if (isField(el)) parts.push(`${el.name}=${textOf(el)}`);
      sent('form', action, () => parts.join('&'), doc);
    }
    const Form = proto('HTMLFormElement');
    if (Form) for (const name of ['submit', 'requestSubmit']) watch(Form, name, (form) => submitted(form));
    return watch;
  }
  const watch = watchSenders(globalThis);

  // ---- Session recording, by behaviour ----
  const isDocumentLevel = (t) => t === globalThis || t === document || t === document.documentElement || t === document.body;
  watch(globalThis.EventTarget && EventTarget.prototype, 'addEventListener', (target, [type]) => {
    if (!KEYS.has(type) && !POINTER.has(type)) return;
    if (!isDocumentLevel(target)) return;
    const r = scriptRecord(callerOf());
    if (!r || r.listens.includes(type)) return;
    const was = isCandidate(r);
    r.listens.push(type);
    if (!was && isCandidate(r)) candidates++;
  });
  watch(globalThis.MutationObserver && MutationObserver.prototype, 'observe', (_, [target, options]) => {
    const o = options || {};
    if (!isDocumentLevel(target) || !(o.subtree && o.childList && (o.attributes || o.attributeFilter) && o.characterData)) return;
    const r = scriptRecord(callerOf());
    if (!r || r.observes) return;
    const was = isCandidate(r);
    r.observes = true;
    if (!was && isCandidate(r)) candidates++;
  });

  // ---- The answer to scan.js, over the private channel (no page event is answered) ----
  channel.on('typing?', () => {
    const fieldIndex = new Map();
    const out = {
      leaks: leaks.map(({ field, host, how, form, script }) => {
        if (!fieldIndex.has(field)) fieldIndex.set(field, fieldIndex.size);
        return { field: fieldIndex.get(field), host, how, form, script: script || null };
      }),
      scripts: [...scripts.values()].filter((r) => r.observes || r.listens.length >= 2),
    };
    channel.send('typing', { detail: JSON.stringify(out) });
  });

  /** Documents claimed while the group is not known (only realms known to have no copy: see `claim`). */
  const claimedAlone = new WeakSet_();
  return {
    /**
     * Claim the realm of `doc` for wrapping from here: true when no copy of
     * the group watches it yet (it is then counted as watched). Without the
     * group, whether a copy runs there cannot be told: only a realm `sure`
     * to have none (its isolated world asked) is claimed.
     */
    claim(doc, sure) {
      if (group) {
        if (apply(setHas, group.docs, [doc])) return false;
        apply(setAdd, group.docs, [doc]);
        return true;
      }
      if (!sure || apply(setHas, claimedAlone, [doc])) return false;
      apply(setAdd, claimedAlone, [doc]);
      return true;
    },
    /** Wrap the ways data leaves the realm `win` with this watch (once it is claimed). */
    armRealm(win) {
      watchSenders(win);
    },
  };
}
