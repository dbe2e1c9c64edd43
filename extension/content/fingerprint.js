// Fingerprinting watch, in the page's own (MAIN) world at document_start, so
// it is in place before the page's scripts run. It only records: every
// wrapped function still does exactly what it did, with the same arguments
// and result. Records are facts per calling script (its URL, from the call
// stack); extension/popup/rules.js decides what they mean.
//
// What is recorded (the tests of Englehardt and Narayanan, "Online tracking:
// A 1-million-site measurement and analysis", CCS 2016, section 6, as The
// Markup's Blacklight applies them):
// - canvas readback (toDataURL, toBlob, getImageData) with the state of the
//   canvas: its size, the distinct characters and colours of text drawn on
//   it, whether save/restore or an event listener were used, the read area;
// - font probing: per 2D context, distinct fonts set and measureText calls
//   on the same string;
// - WebGL's unmasked vendor and renderer queries;
// - audio: an OfflineAudioContext that renders an oscillator through a
//   dynamics compressor;
// - navigator and screen properties read.
// The isolated content script (scan.js) asks for the records over the
// private channel (page-channel.js); the answer is JSON text. A page can
// fake or hide its own records; it gains nothing by it but a wrong verdict
// about itself. What its wrappers call while the page runs, and what builds
// the answer, was taken before any page script (intrinsics.js): a page that
// replaces JSON.stringify, Array or Map members, or puts getters on
// Object.prototype, neither sees the recording nor changes the answer.
import {
  abs, apply, charCodeAt, getOwnPropertyDescriptor, has, mapForEach, mapGet, mapHas, mapSet, mapSize, newMap, newWeakMap, push, slice, toJson, weakGet,
  weakSet,
} from './intrinsics.js';
import { callNative, wrapAccessor as wrapNativeAccessor, wrapMethod } from './natives.js';
import { stackReader } from './stack.js';

/** Start recording (once, before the page's scripts); `channel` is the page world's end of page-channel.js. */
export function watchFingerprinting(channel) {
  const MAX_SCRIPTS = 200;
  const MAX_CHARS = 64;
  const MAX_FONTS = 256;
  const MAX_STACKS = 4000;
  const scripts = newMap();
  const getter = (proto, name) => {
    const d = proto && getOwnPropertyDescriptor(proto, name);
    return d && d.get;
  };
  /** A native getter's value for `x`, or undefined when `x` is not of its kind (never `instanceof`: the page may answer Symbol.hasInstance). */
  const read = (fn, x) => {
    if (!fn || x === null || (typeof x !== 'object' && typeof x !== 'function')) return undefined;
    try {
      return apply(fn, x, []);
    } catch {
      return undefined;
    }
  };

  /** The URL of the page script that called us: the first stack frame outside the extension. */
  const caller = stackReader(MAX_STACKS);

  function record(url) {
    if (!url) return null;
    let r = mapGet(scripts, url);
    if (!r && mapSize(scripts) < MAX_SCRIPTS) {
      r = { __proto__: null, canvasReads: [], fontProbe: null, webgl: [], audio: false, navigator: [] };
      mapSet(scripts, url, r);
    }
    return r;
  }

  /**
   * Wrap a method; `after` sees the object, the arguments and the result.
   * Wrappers print as the native ones (natives.js). `text` names an argument
   * that is converted to a string once, here, so that the page's own
   * toString runs as often as without Silbato; `numbers` (when at least
   * that many arguments are given) the first arguments converted to
   * numbers once the same way.
   */
  function wrap(proto, name, after, text = -1, numbers = 0) {
    wrapMethod(proto, name, (native) => ({
      [name](...args) {
        if (text >= 0 && args.length > text) args[text] = `${args[text]}`;
        if (numbers && args.length >= numbers) for (let i = 0; i < numbers; i++) args[i] = +args[i];
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

  /** Wrap an accessor's `get` or `set`; `after` sees the object and the value set. */
  function wrapAccessor(proto, name, which, after) {
    wrapNativeAccessor(proto, name, which, (native) =>
      which === 'get'
        ? getOwnPropertyDescriptor(
            {
              get x() {
                const result = callNative(native, this, []);
                try {
                  after(this, undefined);
                } catch {
                  // Recording must never break the page.
                }
                return result;
              },
            },
            'x',
          ).get
        : getOwnPropertyDescriptor(
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

  // ---- Canvas: what was drawn, then read back ----
  /** A set of strings: a prototype-less object and its size. */
  const newSet = () => ({ __proto__: null, size: 0, has: { __proto__: null } });
  const add = (set, key) => {
    if (set.has[key] === true) return;
    set.has[key] = true;
    set.size++;
  };
  const canvases = newWeakMap();
  const stateOf = (canvas) => {
    let s = weakGet(canvases, canvas);
    if (!s) {
      s = { __proto__: null, chars: newSet(), colours: newSet(), saveRestore: false, listener: false };
      weakSet(canvases, canvas, s);
    }
    return s;
  };
  const C2D = globalThis.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype;
  const canvasProto = globalThis.HTMLCanvasElement && HTMLCanvasElement.prototype;
  const canvasOf = getter(C2D, 'canvas');
  const canvasWidth = getter(canvasProto, 'width');
  const canvasHeight = getter(canvasProto, 'height');
  const fillStyle = getter(C2D, 'fillStyle');
  const strokeStyle = getter(C2D, 'strokeStyle');
  const fontOf = getter(C2D, 'font');
  for (const name of ['fillText', 'strokeText']) {
    wrap(C2D, name, (ctx, args) => {
      const canvas = read(canvasOf, ctx);
      if (!canvas) return;
      const s = stateOf(canvas);
      // Characters (code points) of the text, converted once by the wrapper.
      const text = args[0];
      for (let i = 0; i < text.length && s.chars.size < MAX_CHARS; i++) {
        const c = charCodeAt(text, i);
        const pair = c >= 0xd800 && c < 0xdc00 && i + 1 < text.length;
        add(s.chars, slice(text, i, pair ? i + 2 : i + 1));
        if (pair) i++;
      }
      const style = read(name === 'fillText' ? fillStyle : strokeStyle, ctx);
      if (s.colours.size < 16) add(s.colours, typeof style === 'string' ? style : 'pattern');
    }, 0);
  }
  for (const name of ['save', 'restore']) {
    wrap(C2D, name, (ctx) => {
      const canvas = read(canvasOf, ctx);
      if (canvas) stateOf(canvas).saveRestore = true;
    });
  }
  wrap(globalThis.EventTarget && EventTarget.prototype, 'addEventListener', (target) => {
    if (read(canvasWidth, target) !== undefined) stateOf(target).listener = true;
  });

  function readback(canvas, how, area) {
    const r = record(caller());
    if (!r || r.canvasReads.length >= 20) return;
    const s = weakGet(canvases, canvas);
    push(r.canvasReads, {
      __proto__: null,
      how,
      width: read(canvasWidth, canvas),
      height: read(canvasHeight, canvas),
      area,
      chars: s ? s.chars.size : 0,
      colours: s ? s.colours.size : 0,
      saveRestore: s ? s.saveRestore : false,
      listener: s ? s.listener : false,
    });
  }
  wrap(canvasProto, 'toDataURL', (canvas) => readback(canvas, 'toDataURL', null));
  wrap(canvasProto, 'toBlob', (canvas) => readback(canvas, 'toBlob', null));
  // Its four numbers converted once, by the wrapper (the page's valueOf runs as often as without Silbato).
  wrap(C2D, 'getImageData', (ctx, args) => {
    const canvas = read(canvasOf, ctx);
    if (canvas) readback(canvas, 'getImageData', [abs(args[2] | 0), abs(args[3] | 0)]);
  }, -1, 4);

  // ---- Font probing: many fonts, one string measured again and again ----
  const contexts = newWeakMap();
  const fontState = (ctx) => {
    let s = weakGet(contexts, ctx);
    if (!s) {
      s = { __proto__: null, fonts: newSet(), texts: newMap(), reported: false };
      weakSet(contexts, ctx, s);
    }
    return s;
  };
  wrapAccessor(C2D, 'font', 'set', (ctx) => {
    const s = fontState(ctx);
    // Read back: an invalid font is ignored by the canvas, so only valid ones count.
    const font = read(fontOf, ctx);
    if (s.fonts.size < MAX_FONTS && typeof font === 'string') add(s.fonts, font);
  });
  wrap(C2D, 'measureText', (ctx, args) => {
    const s = fontState(ctx);
    if (s.reported) return;
    const text = slice(args[0], 0, 64);
    if (mapSize(s.texts) >= 64 && !mapHas(s.texts, text)) return;
    const n = (mapGet(s.texts, text) || 0) + 1;
    mapSet(s.texts, text, n);
    if (s.fonts.size >= 50 && n >= 50) {
      s.reported = true;
      const r = record(caller());
      if (r) r.fontProbe = { __proto__: null, fonts: s.fonts.size, calls: n };
    }
  }, 0);

  // ---- WebGL: the graphics card's real name ----
  const UNMASKED = { __proto__: null, 0x9245: 'vendor', 0x9246: 'renderer' };
  for (const C of [globalThis.WebGLRenderingContext, globalThis.WebGL2RenderingContext]) {
    wrap(C && C.prototype, 'getParameter', (_gl, args) => {
      // Numbers only: an object would be converted a second time to be looked up.
      const what = typeof args[0] === 'number' ? UNMASKED[args[0]] : undefined;
      if (!what) return;
      const r = record(caller());
      if (r && !has(r.webgl, what)) push(r.webgl, what);
    });
  }

  // ---- Audio: an oscillator through a compressor, rendered offline ----
  const audio = newWeakMap();
  const Offline = globalThis.OfflineAudioContext;
  const Base = globalThis.BaseAudioContext && BaseAudioContext.prototype;
  const offlineLength = getter(Offline && Offline.prototype, 'length');
  for (const [name, key] of [['createOscillator', 'oscillator'], ['createDynamicsCompressor', 'compressor']]) {
    wrap(Base, name, (ctx) => {
      if (read(offlineLength, ctx) === undefined) return;
      const s = weakGet(audio, ctx) || { __proto__: null, oscillator: false, compressor: false };
      s[key] = true;
      weakSet(audio, ctx, s);
    });
  }
  wrap(Offline && Offline.prototype, 'startRendering', (ctx) => {
    const s = weakGet(audio, ctx);
    if (!s || !s.oscillator || !s.compressor) return;
    const r = record(caller());
    if (r) r.audio = true;
  });

  // ---- Navigator and screen sweeps ----
  const NAVIGATOR = ['userAgent', 'appVersion', 'platform', 'language', 'languages', 'hardwareConcurrency',
    'deviceMemory', 'plugins', 'mimeTypes', 'doNotTrack', 'cookieEnabled', 'maxTouchPoints', 'vendor',
    'productSub', 'oscpu', 'webdriver', 'pdfViewerEnabled', 'connection', 'userAgentData'];
  const SCREEN = ['width', 'height', 'colorDepth', 'pixelDepth', 'availWidth', 'availHeight'];
  const seenProps = newMap();
  function sweep(name) {
    const n = mapGet(seenProps, name) || 0;
    if (n >= 50) return; // enough stacks for this property
    mapSet(seenProps, name, n + 1);
    const r = record(caller());
    if (r && !has(r.navigator, name)) push(r.navigator, name);
  }
  for (const p of NAVIGATOR) wrapAccessor(globalThis.Navigator && Navigator.prototype, p, 'get', () => sweep(p));
  for (const p of SCREEN) wrapAccessor(globalThis.Screen && Screen.prototype, p, 'get', () => sweep(`screen.${p}`));

  // ---- The answer to scan.js, over the private channel (no page event is answered) ----
  channel.on('fingerprint?', () => {
    const out = [];
    mapForEach(scripts, (r, url) => {
      push(out, { __proto__: null, url, canvasReads: r.canvasReads, fontProbe: r.fontProbe, webgl: r.webgl, audio: r.audio, navigator: r.navigator });
    });
    channel.send('fingerprint', { __proto__: null, detail: toJson(out), node: null });
  });
}
