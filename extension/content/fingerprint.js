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
// about itself.
import { callNative, wrapAccessor as wrapNativeAccessor, wrapMethod } from './natives.js';
import { stackReader } from './stack.js';

/** Start recording (once, before the page's scripts); `channel` is the page world's end of page-channel.js. */
export function watchFingerprinting(channel) {
  const { apply } = Reflect;
  const MAX_SCRIPTS = 200;
  const MAX_CHARS = 64;
  const MAX_FONTS = 256;
  const MAX_STACKS = 4000;
  const scripts = new Map();

  /** The URL of the page script that called us: the first stack frame outside the extension. */
  const caller = stackReader(MAX_STACKS);

  function record(url) {
    if (!url) return null;
    let r = scripts.get(url);
    if (!r && scripts.size < MAX_SCRIPTS) {
      r = { canvasReads: [], fontProbe: null, webgl: [], audio: false, navigator: [] };
      scripts.set(url, r);
    }
    return r;
  }

  /**
   * Wrap a method; `after` sees the object, the arguments and the result.
   * Wrappers print as the native ones (natives.js). `text` names an argument
   * that is converted to a string once, here, so that the page's own
   * toString runs as often as without Silbato.
   */
  function wrap(proto, name, after, text = -1) {
    wrapMethod(proto, name, (native) => ({
      [name](...args) {
        if (text >= 0 && args.length > text) args[text] = `${args[text]}`;
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
        ? Object.getOwnPropertyDescriptor(
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
        : Object.getOwnPropertyDescriptor(
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
  const canvases = new WeakMap();
  const stateOf = (canvas) => {
    let s = canvases.get(canvas);
    if (!s) {
      s = { chars: new Set(), colours: new Set(), saveRestore: false, listener: false };
      canvases.set(canvas, s);
    }
    return s;
  };
  const C2D = globalThis.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype;
  const canvasProto = globalThis.HTMLCanvasElement && HTMLCanvasElement.prototype;
  for (const name of ['fillText', 'strokeText']) {
    wrap(C2D, name, (ctx, args) => {
      if (!ctx.canvas) return;
      const s = stateOf(ctx.canvas);
      for (const ch of String(args[0])) {
        if (s.chars.size >= MAX_CHARS) break;
        s.chars.add(ch);
      }
      const style = name === 'fillText' ? ctx.fillStyle : ctx.strokeStyle;
      if (s.colours.size < 16) s.colours.add(typeof style === 'string' ? style : 'pattern');
    }, 0);
  }
  for (const name of ['save', 'restore']) {
    wrap(C2D, name, (ctx) => {
      if (ctx.canvas) stateOf(ctx.canvas).saveRestore = true;
    });
  }
  wrap(globalThis.EventTarget && EventTarget.prototype, 'addEventListener', (target) => {
    if (canvasProto && target instanceof HTMLCanvasElement) stateOf(target).listener = true;
  });

  function readback(canvas, how, area) {
    const r = record(caller());
    if (!r || r.canvasReads.length >= 20) return;
    const s = canvases.get(canvas);
    r.canvasReads.push({
      how,
      width: canvas.width,
      height: canvas.height,
      area,
      chars: s ? s.chars.size : 0,
      colours: s ? s.colours.size : 0,
      saveRestore: s ? s.saveRestore : false,
      listener: s ? s.listener : false,
    });
  }
  wrap(canvasProto, 'toDataURL', (canvas) => readback(canvas, 'toDataURL', null));
  wrap(canvasProto, 'toBlob', (canvas) => readback(canvas, 'toBlob', null));
  wrap(C2D, 'getImageData', (ctx, args) => {
    if (ctx.canvas) readback(ctx.canvas, 'getImageData', [Math.abs(args[2] | 0), Math.abs(args[3] | 0)]);
  });

  // ---- Font probing: many fonts, one string measured again and again ----
  const contexts = new WeakMap();
  const fontState = (ctx) => {
    let s = contexts.get(ctx);
    if (!s) {
      s = { fonts: new Set(), texts: new Map(), reported: false };
      contexts.set(ctx, s);
    }
    return s;
  };
  wrapAccessor(C2D, 'font', 'set', (ctx) => {
    const s = fontState(ctx);
    // Read back: an invalid font is ignored by the canvas, so only valid ones count.
    if (s.fonts.size < MAX_FONTS) s.fonts.add(ctx.font);
  });
  wrap(C2D, 'measureText', (ctx, args) => {
    const s = fontState(ctx);
    if (s.reported) return;
    const text = String(args[0]).slice(0, 64);
    if (s.texts.size >= 64 && !s.texts.has(text)) return;
    const n = (s.texts.get(text) || 0) + 1;
    s.texts.set(text, n);
    if (s.fonts.size >= 50 && n >= 50) {
      s.reported = true;
      const r = record(caller());
      if (r) r.fontProbe = { fonts: s.fonts.size, calls: n };
    }
  });

  // ---- WebGL: the graphics card's real name ----
  const UNMASKED = { 0x9245: 'vendor', 0x9246: 'renderer' };
  for (const C of [globalThis.WebGLRenderingContext, globalThis.WebGL2RenderingContext]) {
    wrap(C && C.prototype, 'getParameter', (_gl, args) => {
      const what = UNMASKED[args[0]];
      if (!what) return;
      const r = record(caller());
      if (r && !r.webgl.includes(what)) r.webgl.push(what);
    });
  }

  // ---- Audio: an oscillator through a compressor, rendered offline ----
  const audio = new WeakMap();
  const Offline = globalThis.OfflineAudioContext;
  const Base = globalThis.BaseAudioContext && BaseAudioContext.prototype;
  for (const [name, key] of [['createOscillator', 'oscillator'], ['createDynamicsCompressor', 'compressor']]) {
    wrap(Base, name, (ctx) => {
      if (!Offline || !(ctx instanceof Offline)) return;
      const s = audio.get(ctx) || {};
      s[key] = true;
      audio.set(ctx, s);
    });
  }
  wrap(Offline && Offline.prototype, 'startRendering', (ctx) => {
    const s = audio.get(ctx);
    if (!s || !s.oscillator || !s.compressor) return;
    const r = record(caller());
    if (r) r.audio = true;
  });

  // ---- Navigator and screen sweeps ----
  const NAVIGATOR = ['userAgent', 'appVersion', 'platform', 'language', 'languages', 'hardwareConcurrency',
    'deviceMemory', 'plugins', 'mimeTypes', 'doNotTrack', 'cookieEnabled', 'maxTouchPoints', 'vendor',
    'productSub', 'oscpu', 'webdriver', 'pdfViewerEnabled', 'connection', 'userAgentData'];
  const SCREEN = ['width', 'height', 'colorDepth', 'pixelDepth', 'availWidth', 'availHeight'];
  const seenProps = new Map();
  function sweep(name) {
    const n = seenProps.get(name) || 0;
    if (n >= 50) return; // enough stacks for this property
    seenProps.set(name, n + 1);
    const r = record(caller());
    if (r && !r.navigator.includes(name)) r.navigator.push(name);
  }
  for (const p of NAVIGATOR) wrapAccessor(globalThis.Navigator && Navigator.prototype, p, 'get', () => sweep(p));
  for (const p of SCREEN) wrapAccessor(globalThis.Screen && Screen.prototype, p, 'get', () => sweep(`screen.${p}`));

  // ---- The answer to scan.js, over the private channel (no page event is answered) ----
  channel.on('fingerprint?', () => {
    const out = [];
    for (const [url, r] of scripts) out.push({ url, ...r });
    channel.send('fingerprint', { detail: JSON.stringify(out) });
  });
}
