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
// Not seen: requests made from workers (a recorder may compress and send
// from one), the body of a `Request` object or a stream, compressed or
// encrypted payloads, text sent a few keystrokes at a time, and text sent
// through another same-origin frame's built-ins (each frame's copy of this
// watch knows only what was typed in its own frame).
import { callNative, wrapAccessor, wrapMethod } from './natives.js';
import { stackReader } from './stack.js';
import { digestCache, MAX_PAYLOAD, snapshotsOf, typedIn } from './typed-match.js';

/** Start watching (once, before the page's scripts); `channel` is the page world's end of page-channel.js. */
export function watchTyping(channel) {
  const { apply, getOwnPropertyDescriptor } = Reflect;
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
  const here = () => location.href;
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
  const Form = globalThis.HTMLFormElement;
  const Img = globalThis.HTMLImageElement;
  const Script = globalThis.HTMLScriptElement;
  const Frame = globalThis.HTMLIFrameElement;
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

  function hostOf(address) {
    const url = addressOf(address);
    if (url === null) return null;
    try {
      const u = new URL_(url, here());
      return /^(https?|wss?):$/.test(u.protocol) ? { host: u.hostname, href: u.href } : null;
    } catch {
      return null;
    }
  }

  /**
   * Something leaves the page: note batches of would-be recorders, and look
   * for typed text in it. `body()` gives the body as text (or a promise of
   * it), read only when someone typed: until then a request costs nothing.
   */
  function sent(how, url, body) {
    if (!candidates && !fields.size) return;
    const target = hostOf(url);
    if (!target) return;
    if (candidates > 0) {
      const r = scripts.get(callerOf());
      if (r && isCandidate(r)) {
        r.sends++;
        if (r.sentTo.length < 8 && !r.sentTo.includes(target.host)) r.sentTo.push(target.host);
      }
    }
    if (!fields.size || now() - postedAt < POST_GRACE_MS) return;
    const text = body ? body() : null;
    if (text && typeof text.then === 'function') {
      // A Blob is read later; who sent it is known only now.
      const script = callerOf();
      text.then((t) => compare(how, target, t, script), () => {});
      return;
    }
    compare(how, target, text, undefined);
  }

  function compare(how, target, body, script) {
    for (const [el, f] of fields) {
      keep(el);
      if (!f.values.length) continue;
      // The person's own link, loaded by the page (a preview): not their text leaving.
      const values = f.values.filter((v) => !v.includes(target.href) && !target.href.startsWith(v));
      const form = typedIn(target.href, values, digests) || (body ? typedIn(body, values, digests) : null);
      if (!form) continue;
      const key = `${target.host}\u0000${how}`;
      if (leaks.length < MAX_LEAKS && !leaks.some((l) => l.field === el && `${l.host}\u0000${l.how}` === key)) {
        leaks.push({ field: el, host: target.host, how, form, script: script === undefined ? callerOf() : script });
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

  // ---- Where data leaves ----
  watch(globalThis, 'fetch', (_, [input, init]) => {
    const url = read(requestUrl, input, null) ?? addressOf(input);
    sent('fetch', url, () => bodyText(init && init.body));
  });
  const xhrs = new WeakMap();
  const XHR = globalThis.XMLHttpRequest && XMLHttpRequest.prototype;
  watch(XHR, 'open', (xhr, [, url]) => xhrs.set(xhr, addressOf(url)));
  watch(XHR, 'send', (xhr, [body]) => sent('xhr', xhrs.get(xhr), () => bodyText(body)));
  watch(globalThis.Navigator && Navigator.prototype, 'sendBeacon', (_, [url, data]) => sent('beacon', url, () => bodyText(data)));
  watch(globalThis.WebSocket && WebSocket.prototype, 'send', (ws, [data]) => sent('websocket', apply(wsUrl, ws, []), () => bodyText(data)));
  // The address is read back through the native getter (absolute, and never
  // a second conversion of whatever object the page passed).
  const SRC = [[Img, 'image'], [Script, 'script'], [Frame, 'frame']].map(([C, how]) => [C, how, get(C && C.prototype, 'src')]);
  for (const [C, how, src] of SRC) watchSetter(C && C.prototype, 'src', (el) => sent(how, apply(src, el, []), null));
  watch(globalThis.Element && Element.prototype, 'setAttribute', (el, [name]) => {
    if (typeof name !== 'string' || name.toLowerCase() !== 'src') return;
    // An image, a script or a frame: the one whose native src getter takes it.
    for (const [, how, src] of SRC) {
      const address = read(src, el);
      if (typeof address === 'string') return sent(how, address, null);
    }
  });
  /** A form a script submits to another origin: its fields are what is sent. */
  function submitted(form) {
    if (!fields.size) return;
    const action = apply(formAction, form, []);
    const target = hostOf(action);
    if (!target || new URL_(action).origin === new URL_(here()).origin) return;
    const parts = [];
    for (const el of apply(formElements, form, [])) if (isField(el)) parts.push(`${el.name}=${textOf(el)}`);
    sent('form', action, () => parts.join('&'));
  }
  if (Form) for (const name of ['submit', 'requestSubmit']) watch(Form.prototype, name, (form) => submitted(form));

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
}
