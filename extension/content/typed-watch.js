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
// A copy leaves the group only when its document is gone (a removed or
// navigated frame): a page making many frames cannot push the typing
// frame's copy out, and the group is as large as the live frames.
// A realm where no copy runs (a frame sandboxed without scripts, or the
// first empty document of a `srcdoc` or addressed frame, which the page can
// use in the task that creates it, before its own document and scripts
// arrive) is wrapped from the page world as its frame is connected, with
// that page's watch (`armRealm`; realms.js), as the upload guard's are.
//
// Unseen while it watches: an address or body the page passes as an object
// is converted to text here, once, as the browser would (the page's
// toString runs once, as without Silbato), and that text is what the
// browser is given, so the page cannot show Silbato one text and send
// another. Everything it calls while the page runs was taken before any
// page script (intrinsics.js), and its records have no prototype, so a page
// replacing Map, Array, RegExp, JSON or Object.prototype members sees no
// call and changes nothing in the report.
//
// Not seen: requests made from workers (a recorder may compress and send
// from one), the body of a `Request` object or a stream, compressed or
// encrypted payloads, text sent a few keystrokes at a time, a first
// document the page reaches before it is wrapped (realms.js says when), and
// a popup whose opener has since loaded another document (which starts a
// new group).
import {
  apply, charCodeAt, defineProperty, getOwnPropertyDescriptor, has, indexOf, isArray, mapDelete, mapForEach, mapGet, mapHas, mapSet, mapSize, min,
  newMap, newWeakMap, newWeakSet, push, startsWith, toJson, toLowerCase, weakGet, weakSet, weakSetAdd, weakSetHas,
} from './intrinsics.js';
import { realmTools } from './natives.js';
import { stackReader } from './stack.js';
import { digestCache, MAX_PAYLOAD, snapshotsOf, typedIn } from './typed-match.js';

/** The property of the group's node (content.js) that holds the group: never read or written but as an own property. */
const GROUP = 'silbatoTypedGroup';

/** A message for the private channel: every field it reads is its own (no getter on Object.prototype answers). */
const message = (detail, node = null) => ({ __proto__: null, detail, node });

/**
 * Start watching (once, before the page's scripts); `channel` is the page
 * world's end of page-channel.js. Returns `claim(doc, sure)`, which tells
 * whether the realm of `doc` is left to wrap from here (no copy of the group
 * watches it), and `armRealm(win)`, which wraps such a realm with this
 * watch.
 */
export function watchTyping(channel) {
  /** Fields whose text is kept (the most recent ones). */
  const MAX_FIELDS = 8;
  /** Texts kept per field: a script sending on a timer sends an earlier text than the field holds now. */
  const MAX_VALUES = 24;
  /** After the person posts (a submit, a button, Enter), what is sent is their post, not key logging. */
  const POST_GRACE_MS = 3000;
  const MAX_LEAKS = 100;
  const MAX_SCRIPTS = 200;
  /** Events a recorder listens for at the document (Blacklight's BEHAVIOUR_TRACKING_EVENTS, keyboard and mouse). */
  const KEYS = { __proto__: null, keydown: true, keyup: true, keypress: true, input: true, change: true };
  const POINTER = { __proto__: null, mousemove: true, pointermove: true, mousedown: true, pointerdown: true, click: true, scroll: true, touchstart: true, touchmove: true };
  const isKey = (type) => typeof type === 'string' && KEYS[type] === true;
  const isPointer = (type) => typeof type === 'string' && POINTER[type] === true;

  // Natives, taken before any page script runs.
  const now = performance.now.bind(performance);
  const reflectGet = Reflect.get;
  const Proxy_ = Proxy;
  const URL_ = URL;
  const Request_ = globalThis.Request;
  const get = (proto, name) => {
    const d = proto && getOwnPropertyDescriptor(proto, name);
    return d && d.get;
  };
  const inputValue = get(globalThis.HTMLInputElement && HTMLInputElement.prototype, 'value');
  const areaValue = get(globalThis.HTMLTextAreaElement && HTMLTextAreaElement.prototype, 'value');
  const inputName = get(globalThis.HTMLInputElement && HTMLInputElement.prototype, 'name');
  const areaName = get(globalThis.HTMLTextAreaElement && HTMLTextAreaElement.prototype, 'name');
  const innerText = get(globalThis.HTMLElement && HTMLElement.prototype, 'innerText');
  const urlHref = get(URL.prototype, 'href');
  const urlHostname = get(URL.prototype, 'hostname');
  const urlProtocol = get(URL.prototype, 'protocol');
  const urlOrigin = get(URL.prototype, 'origin');
  const requestUrl = get(Request_ && Request_.prototype, 'url');
  const wsUrl = get(globalThis.WebSocket && WebSocket.prototype, 'url');
  const formAction = get(globalThis.HTMLFormElement && HTMLFormElement.prototype, 'action');
  const formElements = get(globalThis.HTMLFormElement && HTMLFormElement.prototype, 'elements');
  const collectionLength = get(globalThis.HTMLCollection && HTMLCollection.prototype, 'length');
  const collectionItem = globalThis.HTMLCollection && HTMLCollection.prototype.item;
  const baseURI = get(Node.prototype, 'baseURI');
  const defaultView = get(Document.prototype, 'defaultView');
  const documentElement = get(Document.prototype, 'documentElement');
  const documentBody = get(Document.prototype, 'body');
  const documentUrl = get(Document.prototype, 'URL');
  const paramsToString = globalThis.URLSearchParams && URLSearchParams.prototype.toString;
  const formDataForEach = globalThis.FormData && FormData.prototype.forEach;
  const formDataHas = globalThis.FormData && FormData.prototype.has;
  const blobSize = get(globalThis.Blob && Blob.prototype, 'size');
  const streamLocked = get(globalThis.ReadableStream && ReadableStream.prototype, 'locked');
  const FileReader_ = globalThis.FileReader;
  const readAsText = FileReader_ && FileReader_.prototype.readAsText;
  const readerResult = get(FileReader_ && FileReader_.prototype, 'result');
  const addListener = EventTarget.prototype.addEventListener;
  const isView = ArrayBuffer.isView;
  const bufferLength = get(ArrayBuffer.prototype, 'byteLength');
  const sharedLength = get(globalThis.SharedArrayBuffer && SharedArrayBuffer.prototype, 'byteLength');
  const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
  const VIEWS = [TypedArray, globalThis.DataView && DataView.prototype].filter(Boolean).map((p) => ({ __proto__: null, buffer: get(p, 'buffer'), offset: get(p, 'byteOffset'), size: get(p, 'byteLength') }));
  const Bytes = Uint8Array;
  const decoder = new TextDecoder('utf-8');
  const decode = TextDecoder.prototype.decode;
  /**
   * `fn` (a native getter or method) applied to `x` (with `args`): its
   * value, or `fallback` when `x` is not of its kind. What kind of object the
   * page passed is told this way, never with `instanceof`, which would call
   * a `Symbol.hasInstance` the page defined (and tell it something looked).
   */
  const read = (fn, x, fallback = undefined, args = []) => {
    if (!fn || x === null || (typeof x !== 'object' && typeof x !== 'function')) return fallback;
    try {
      return apply(fn, x, args);
    } catch {
      return fallback;
    }
  };
  const isObject = (x) => x !== null && (typeof x === 'object' || typeof x === 'function');
  /** A field's value (an input or a textarea), or undefined for anything else. */
  const valueOf = (el) => {
    const v = read(inputValue, el);
    return typeof v === 'string' ? v : read(areaValue, el);
  };
  const isField = (el) => typeof valueOf(el) === 'string';

  // ---- Arguments converted once, as the browser converts them ----
  /** ToString, as the browser converts a USVString or DOMString argument (the page's toString or Symbol.toPrimitive, once). */
  const toText = (x) => `${x}`;
  /**
   * An object the browser takes as it is in a request body (a Blob, a
   * buffer or a view, a FormData, URLSearchParams, a stream, a document);
   * anything else is converted to text.
   */
  const isBodyObject = (x) =>
    read(blobSize, x) !== undefined ||
    read(bufferLength, x) !== undefined ||
    read(sharedLength, x) !== undefined ||
    isView(x) ||
    read(paramsToString, x) !== undefined ||
    read(formDataHas, x, undefined, ['']) !== undefined ||
    read(streamLocked, x) !== undefined ||
    read(documentUrl, x) !== undefined;

  // ---- What the person typed, per field ----
  /** field → { values: [snapshot…], dirty, told } (a Map keeps the order fields were typed in). */
  const fields = newMap();
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
    const f = mapGet(fields, el);
    if (!f || !f.dirty) return;
    f.dirty = false;
    const snapshots = snapshotsOf(textOf(el));
    for (let i = 0; i < snapshots.length; i++) {
      if (has(f.values, snapshots[i])) continue;
      push(f.values, snapshots[i]);
      if (f.values.length > MAX_VALUES) {
        const rest = [];
        for (let j = 1; j < f.values.length; j++) push(rest, f.values[j]);
        f.values = rest;
      }
    }
  }

  /** The first key of a Map (the oldest). */
  function firstKey(m) {
    let first;
    let seen = false;
    mapForEach(m, (_, k) => {
      if (!seen) {
        seen = true;
        first = k;
      }
    });
    return first;
  }

  // The isolated world saw a trusted input event in this field (its listeners survive document.open).
  channel.on('typed', (_, el) => {
    if (!el) return;
    let f = mapGet(fields, el);
    if (f) mapDelete(fields, el);
    else f = { __proto__: null, values: [], dirty: false, told: { __proto__: null } };
    mapSet(fields, el, f);
    if (mapSize(fields) > MAX_FIELDS) mapDelete(fields, firstKey(fields));
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
  const scripts = newMap();
  function scriptRecord(url) {
    if (!url) return null;
    let r = mapGet(scripts, url);
    if (!r && mapSize(scripts) < MAX_SCRIPTS) {
      r = { __proto__: null, url, listens: [], observes: false, sends: 0, sentTo: [] };
      mapSet(scripts, url, r);
    }
    return r;
  }
  /** Scripts that listen for keys and observe the whole document: their sends are counted. */
  let candidates = 0;
  const isCandidate = (r) => {
    if (!r.observes) return false;
    for (let i = 0; i < r.listens.length; i++) if (isKey(r.listens[i])) return true;
    return false;
  };

  const leaks = [];

  /** Where `address` (a string) goes, resolved against the document `doc` sends it from (a fresh frame's base is its creator's). */
  function hostOf(address, doc) {
    if (typeof address !== 'string') return null;
    try {
      const u = new URL_(address, read(baseURI, doc, undefined));
      const protocol = apply(urlProtocol, u, []);
      if (protocol !== 'http:' && protocol !== 'https:' && protocol !== 'ws:' && protocol !== 'wss:') return null;
      return { __proto__: null, host: apply(urlHostname, u, []), href: apply(urlHref, u, []) };
    } catch {
      return null;
    }
  }

  // ---- The group: the copies of this watch in the same-origin realms of the tab ----
  /** Whether this copy compares now: someone typed here, and not just posted. */
  const listening = () => mapSize(fields) > 0 && now() - postedAt >= POST_GRACE_MS;
  const self = { __proto__: null, doc: document, listening, compare };
  /**
   * The group, once the isolated world has handed over its node: a
   * prototype-less object (no page script's Array or Object method is ever
   * called on it) with the copies in `0…n-1` and the documents they or
   * their `armRealm` watch in `docs`.
   */
  let group = null;
  let ask = false;
  // An own data property's value (a page that took the group's node may
  // have put getters on it: they are never run, and Object.prototype is
  // never asked).
  const own = (o, k) => {
    const d = getOwnPropertyDescriptor(o, k);
    const value = d && getOwnPropertyDescriptor(d, 'value');
    return value ? value.value : undefined;
  };
  /** The group's documents, taken once as this copy joins: what claim() asks. */
  let groupDocs = null;
  const put = (o, k, value) => defineProperty(o, k, { __proto__: null, value, writable: true, enumerable: true, configurable: true });
  /**
   * Every copy has a group of its own (Firefox: each frame's isolated world
   * is a sandbox of its own, and never finds its parent's node: content.js).
   * A copy of the script runs in every http(s) document there (not in the
   * first, empty one of a frame given an address or markup:
   * tests/firefox/frames.test.mjs): those are not claimed, or each copy
   * would wrap the others' realms again; any other is (wrapped twice, at
   * worst, where a copy runs too: an iframe with no address).
   */
  let unshared = false;
  /** A document of this address has a copy of its own (Firefox: every http(s) document; anything else is claimed, when in doubt). */
  const ownsCopy = (url) => typeof url === 'string' && (startsWith(url, 'http:') || startsWith(url, 'https:'));
  channel.on('group-unshared', () => {
    unshared = true;
  });
  channel.on('group', (_, node) => {
    if (group || !node) return;
    try {
      let g = own(node, GROUP);
      if (!g) {
        g = { __proto__: null, n: 0, docs: newWeakSet() };
        defineProperty(node, GROUP, { __proto__: null, value: g, writable: true, enumerable: false, configurable: true });
      }
      // The frames the group's copies made themselves (realms.js's lockdown judges the others).
      if (!own(g, 'made')) put(g, 'made', newWeakSet());
      // The native insertions its copies run now (insertions.js's going).
      if (!isArray(own(g, 'going'))) put(g, 'going', []);
      const docs = own(g, 'docs');
      // Not a WeakSet (a page's): this throws, and the copy stays alone.
      weakSetAdd(docs, document);
      // Copies whose document is gone (a removed or navigated frame) leave;
      // no live one is ever pushed out, so the group holds at most one copy
      // per live same-origin frame of the tab, and this one joins at the end.
      let kept = 0;
      for (let i = 0; i < g.n; i++) {
        const w = g[i];
        if (w && read(defaultView, w.doc, null)) put(g, kept++, w);
      }
      put(g, kept, self);
      for (let i = kept + 1; i < g.n; i++) delete g[i];
      g.n = kept + 1;
      groupDocs = docs;
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
        channel.send('group?', message(''));
      }
      return listening() ? [self] : [];
    }
    const out = [];
    for (let i = 0; i < group.n; i++) {
      const w = group[i];
      try {
        if (w && w.listening()) push(out, w);
      } catch {
        // A copy in a realm that is gone.
      }
    }
    return out;
  }

  /**
   * Something leaves the page through a realm whose document is `doc`, to
   * `address` (text), with `body` (text, a body object the browser took as
   * it is, or null): note batches of would-be recorders, and look for typed
   * text in it, only when someone typed in a frame of the group: until then
   * a request costs little.
   */
  function sent(how, address, body, doc) {
    const comparing = listeners();
    if (!candidates && !comparing.length) return;
    const target = hostOf(address, doc);
    if (!target) return;
    if (candidates > 0) {
      const r = mapGet(scripts, callerOf());
      if (r && isCandidate(r)) {
        r.sends++;
        if (r.sentTo.length < 8 && !has(r.sentTo, target.host)) push(r.sentTo, target.host);
      }
    }
    if (!comparing.length) return;
    const text = bodyText(body);
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
    if (text !== null && typeof text === 'object') {
      sender();
      readBlob(text.blob, each);
    } else each(text);
  }

  /** A Blob's text, given to `then` (with a FileReader: no promise, whose `then` the page could replace). */
  function readBlob(blob, then) {
    if (!FileReader_) return;
    const reader = new FileReader_();
    apply(addListener, reader, [
      'loadend',
      () => {
        const text = read(readerResult, reader, null);
        if (typeof text === 'string') then(text);
      },
    ]);
    apply(readAsText, reader, [blob]);
  }

  /** Compare what was sent with the text typed in this copy's frame; report a match to this frame's isolated world. */
  function compare(how, target, body, sender) {
    if (!listening()) return;
    let found = false;
    mapForEach(fields, (f, el) => {
      if (found) return;
      keep(el);
      if (!f.values.length) return;
      // The person's own link, loaded by the page (a preview): not their text leaving.
      const values = [];
      for (let i = 0; i < f.values.length; i++) {
        const v = f.values[i];
        if (indexOf(v, target.href) < 0 && !startsWith(target.href, v)) push(values, v);
      }
      const form = typedIn(target.href, values, digests) || (body ? typedIn(body, values, digests) : null);
      if (!form) return;
      found = true;
      let known = false;
      for (let i = 0; i < leaks.length; i++) if (leaks[i].field === el && leaks[i].host === target.host && leaks[i].how === how) known = true;
      if (leaks.length < MAX_LEAKS && !known) push(leaks, { __proto__: null, field: el, host: target.host, how, form, script: sender() });
      // Tell the isolated world once per field and host: the field first, then what happened.
      if (f.told[target.host] !== true) {
        f.told[target.host] = true;
        channel.send('typed-field', message('', el));
        channel.send('typed-sent', message(toJson({ __proto__: null, host: target.host, how, form })));
      }
    });
  }

  /**
   * A request body (as the browser took it: text, or a body object) as
   * text, as far as it can be read without changing anything; a Blob as
   * `{ blob }`, read later. Its kind is told by native getters and methods
   * (see `read`).
   */
  function bodyText(body) {
    if (body === null || body === undefined) return null;
    if (typeof body === 'string') return body;
    if (typeof body === 'number' || typeof body === 'boolean' || typeof body === 'bigint') return '' + body;
    if (typeof body !== 'object') return null;
    try {
      const params = read(paramsToString, body);
      if (typeof params === 'string') return params;
      if (read(formDataHas, body, undefined, ['']) !== undefined) {
        let out = '';
        apply(formDataForEach, body, [
          (v, k) => {
            if (typeof v === 'string') out += (out ? '&' : '') + k + '=' + v;
          },
        ]);
        return out;
      }
      const length = read(bufferLength, body);
      if (typeof length === 'number') return apply(decode, decoder, [new Bytes(body, 0, min(length, MAX_PAYLOAD))]);
      if (isView(body)) {
        for (let i = 0; i < VIEWS.length; i++) {
          const n = read(VIEWS[i].size, body);
          if (typeof n === 'number') return apply(decode, decoder, [new Bytes(read(VIEWS[i].buffer, body), read(VIEWS[i].offset, body), min(n, MAX_PAYLOAD))]);
        }
        return null;
      }
      const size = read(blobSize, body);
      if (typeof size === 'number' && size <= MAX_PAYLOAD) return { __proto__: null, blob: body };
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
    const Promise_ = win.Promise;
    const rejected = Promise_.reject;
    /** An argument converted to text as the browser would (an error thrown by the page's toString loses our frames). */
    const convert = (x) => callNative(toText, undefined, [x]);
    /** A body argument as the browser takes it: a body object as it is, null, a primitive (converted by the browser without any page code), or text. */
    const convertBody = (x) => (isObject(x) && !isBodyObject(x) ? convert(x) : x);
    /**
     * Wrap method `name`. `before` (optional) converts the arguments in
     * place before the native function sees them (an error it throws is the
     * call's: thrown, or a rejected promise when `rejects`), and returns what
     * `after` needs; `after` sees `this`, the arguments, the result and that.
     * Recording never breaks the page.
     */
    function watch(proto, name, after, before = null, rejects = false) {
      wrapMethod(proto, name, (native) => ({
        [name](...args) {
          let state;
          if (before) {
            try {
              state = before(args);
            } catch (e) {
              if (rejects) return apply(rejected, Promise_, [e]);
              throw e;
            }
          }
          const result = callNative(native, this, args);
          try {
            after(this, args, result, state);
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
    // fetch(input, init): the address (a Request's, or the input as text),
    // then the init dictionary, which the browser reads member by member:
    // it is given a stand-in that reads each member from the page's object
    // once, as the browser asks for it, and converts `body` then, as the
    // browser would have.
    watch(
      win,
      'fetch',
      (_, args, __, state) => sent('fetch', state.address, state.body, doc),
      (args) => {
        const state = { __proto__: null, address: null, body: null };
        if (args.length < 1) return state;
        const input = args[0];
        const url = read(requestUrl, input, null);
        if (typeof url === 'string') state.address = url;
        else {
          if (isObject(input)) args[0] = convert(input);
          if (typeof args[0] === 'string') state.address = args[0];
        }
        const init = args[1];
        if (isObject(init)) {
          args[1] = new Proxy_({ __proto__: null }, {
            __proto__: null,
            get(_, key) {
              const value = reflectGet(init, key, init);
              if (key !== 'body') return value;
              const body = convertBody(value);
              state.body = body;
              return body;
            },
          });
        }
        return state;
      },
      true,
    );
    const xhrs = newWeakMap();
    const XHR = proto('XMLHttpRequest');
    watch(
      XHR,
      'open',
      (xhr, args) => weakSet(xhrs, xhr, typeof args[1] === 'string' ? args[1] : null),
      (args) => {
        if (args.length < 2) return;
        // The method first (a ByteString: one with a wider character fails before the address is read), then the address.
        if (isObject(args[0])) args[0] = convert(args[0]);
        const method = args[0];
        if (typeof method === 'symbol') return;
        if (typeof method === 'string') for (let i = 0; i < method.length; i++) if (charCodeAt(method, i) > 0xff) return;
        if (isObject(args[1])) args[1] = convert(args[1]);
      },
    );
    watch(XHR, 'send', (xhr, args) => sent('xhr', weakGet(xhrs, xhr), args[0], doc), (args) => {
      if (args.length >= 1) args[0] = convertBody(args[0]);
    });
    watch(proto('Navigator'), 'sendBeacon', (_, args) => sent('beacon', args[0], args[1], doc), (args) => {
      if (args.length < 1) return;
      if (isObject(args[0])) args[0] = convert(args[0]);
      if (args.length >= 2) args[1] = convertBody(args[1]);
    });
    watch(proto('WebSocket'), 'send', (ws, args) => sent('websocket', read(wsUrl, ws, null), args[0], doc), (args) => {
      if (args.length >= 1) args[0] = convertBody(args[0]);
    });
    // The address is read back through the native getter (absolute, and never
    // a second conversion of whatever object the page passed).
    // (No array is iterated here: a realm is also wrapped while the page runs.)
    const source = (C, how) => ({ __proto__: null, how, src: get(proto(C), 'src'), proto: proto(C) });
    const SRC = [source('HTMLImageElement', 'image'), source('HTMLScriptElement', 'script'), source('HTMLIFrameElement', 'frame')];
    for (let i = 0; i < SRC.length; i++) {
      const { how, src } = SRC[i];
      watchSetter(SRC[i].proto, 'src', (el) => sent(how, read(src, el, null), null, doc));
    }
    watch(
      proto('Element'),
      'setAttribute',
      (el, args) => {
        const name = args[0];
        if (typeof name !== 'string' || toLowerCase(name) !== 'src') return;
        // An image, a script or a frame: the one whose native src getter takes it.
        for (let i = 0; i < SRC.length; i++) {
          const address = read(SRC[i].src, el);
          if (typeof address === 'string') return sent(SRC[i].how, address, null, doc);
        }
      },
      (args) => {
        if (args.length >= 2 && isObject(args[0])) args[0] = convert(args[0]);
      },
    );
    /** A form a script submits to another origin: its fields are what is sent. */
    function submitted(form) {
      if (!listeners().length) return;
      const action = read(formAction, form, null);
      const target = hostOf(action, doc);
      if (!target) return;
      const here = hostOf(read(baseURI, doc, ''), doc);
      if (here && apply(urlOrigin, new URL_(target.href), []) === apply(urlOrigin, new URL_(here.href), [])) return;
      let parts = '';
      const elements = read(formElements, form, null);
      const n = read(collectionLength, elements, 0);
      for (let i = 0; i < n; i++) {
        const el = read(collectionItem, elements, null, [i]);
        if (!isField(el)) continue;
        const name = read(inputName, el) ?? read(areaName, el);
        parts += (parts ? '&' : '') + name + '=' + textOf(el);
      }
      sent('form', action, parts, doc);
    }
    const Form = proto('HTMLFormElement');
    if (Form) {
      watch(Form, 'submit', (form) => submitted(form));
      watch(Form, 'requestSubmit', (form) => submitted(form));
    }
    return watch;
  }
  const watch = watchSenders(globalThis);
  const { callNative } = realmTools(globalThis);

  // ---- Session recording, by behaviour ----
  const isDocumentLevel = (t) => t === globalThis || t === document || t === read(documentElement, document, null) || t === read(documentBody, document, null);
  watch(
    globalThis.EventTarget && EventTarget.prototype,
    'addEventListener',
    (target, args) => {
      const type = args[0];
      if (!isKey(type) && !isPointer(type)) return;
      if (!isDocumentLevel(target)) return;
      const r = scriptRecord(callerOf());
      if (!r || has(r.listens, type)) return;
      const was = isCandidate(r);
      push(r.listens, type);
      if (!was && isCandidate(r)) candidates++;
    },
    (args) => {
      if (args.length >= 2 && isObject(args[0])) args[0] = callNative(toText, undefined, [args[0]]);
    },
  );
  // The options are read by the browser only: it is given a stand-in that
  // notes each member it reads from the page's object.
  const OBSERVED = { __proto__: null, attributes: true, attributeFilter: true, characterData: true, childList: true, subtree: true };
  watch(
    globalThis.MutationObserver && MutationObserver.prototype,
    'observe',
    (_, args, __, o) => {
      if (!o || !isDocumentLevel(args[0]) || !(o.subtree && o.childList && (o.attributes || o.attributeFilter) && o.characterData)) return;
      const r = scriptRecord(callerOf());
      if (!r || r.observes) return;
      const was = isCandidate(r);
      r.observes = true;
      if (!was && isCandidate(r)) candidates++;
    },
    (args) => {
      const options = args[1];
      if (args.length < 1 || !isObject(options)) return null;
      const seen = { __proto__: null };
      args[1] = new Proxy_({ __proto__: null }, {
        __proto__: null,
        get(_, key) {
          const value = reflectGet(options, key, options);
          if (typeof key === 'string' && OBSERVED[key] === true) seen[key] = value;
          return value;
        },
      });
      return seen;
    },
  );

  // ---- The answer to scan.js, over the private channel (no page event is answered) ----
  channel.on('typing?', () => {
    const fieldIndex = newMap();
    const outLeaks = [];
    for (let i = 0; i < leaks.length; i++) {
      const l = leaks[i];
      if (!mapHas(fieldIndex, l.field)) mapSet(fieldIndex, l.field, mapSize(fieldIndex));
      push(outLeaks, { __proto__: null, field: mapGet(fieldIndex, l.field), host: l.host, how: l.how, form: l.form, script: l.script || null });
    }
    const outScripts = [];
    mapForEach(scripts, (r) => {
      if (r.observes || r.listens.length >= 2) push(outScripts, r);
    });
    channel.send('typing', message(toJson({ __proto__: null, leaks: outLeaks, scripts: outScripts })));
  });

  /** Documents claimed while the group is not known (only realms known to have no copy: see `claim`). */
  const claimedAlone = newWeakSet();
  return {
    /** The group's set of frames its copies made (insertions.js's madeBySilbato), or null while the group is not known. */
    madeByGroup: () => (group ? own(group, 'made') || null : null),
    /** The group's stack of native insertions running now (insertions.js's going), or null while the group is not known. */
    goingByGroup: () => (group ? own(group, 'going') || null : null),
    /** Lock down every copy of the group, those that join later too (realms.js: a frame navigated, a popup). */
    lockGroup() {
      if (group) put(group, 'locked', true);
    },
    /** The documents of the group's copies now (none while the group is not known). */
    groupDocuments() {
      const out = [];
      if (!group) return out;
      for (let i = 0; i < group.n; i++) {
        try {
          const w = group[i];
          if (w && w.doc) push(out, w.doc);
        } catch {
          // A copy in a realm that is gone.
        }
      }
      return out;
    },
    /** Has a copy of the group locked down? */
    groupLocked: () => (group ? own(group, 'locked') === true : false),
    /** Are the frames' isolated worlds unshared (Firefox: a copy's guard knows nothing of another's)? */
    unshared: () => unshared,
    /**
     * Claim the realm of `doc` for wrapping from here: true when no copy of
     * the group watches it yet (it is then counted as watched). Without the
     * group, whether a copy runs there cannot be told: only a realm `sure`
     * to have none (its isolated world asked) is claimed.
     */
    claim(doc, sure) {
      if (unshared && !sure && ownsCopy(read(documentUrl, doc, ''))) return false;
      if (groupDocs) {
        try {
          if (weakSetHas(groupDocs, doc)) return false;
          weakSetAdd(groupDocs, doc);
        } catch {
          // Wrapped from here when in doubt.
        }
        return true;
      }
      if (!sure || weakSetHas(claimedAlone, doc)) return false;
      weakSetAdd(claimedAlone, doc);
      return true;
    },
    /** Wrap the ways data leaves the realm `win` with this watch (once it is claimed). */
    armRealm(win) {
      watchSenders(win);
    },
  };
}
