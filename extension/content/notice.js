// The notices the content scripts show, drawn in a closed shadow root that
// the page can neither style nor click: one stack of cards at the corner of
// the page, each saying something, asking something, or showing progress.
// Text comes from locales/; page strings (file names) only as text. Every
// word is drawn as CSS generated content from an attribute inside the closed
// root (`say`), never as a text node: a page's find-in-page (`window.find`,
// then a Selection extended over the notice) reaches text nodes even in a
// closed shadow root, and would read the original's name and the town of
// its position. Screen readers read generated content as they read text.
//
// Against a hostile page: the notice is created only when there is
// something to say or a file to check (its presence says nothing before the
// person acts); only trusted clicks and keys press its buttons; a button
// that hands the page an original (`guarded`) works only after it has been
// visible and unobscured for ARM_MS (IntersectionObserver v2 in Chromium;
// elsewhere, shown for ARM_MS), so a page cannot trick a click onto it from
// under a decoy; the safe choice comes first in every question and is what
// Enter, Space and focus pick; and a question never takes the focus from a
// field the person is typing in.
import { html } from '../../js/dom.js';
import { api, t } from '../../js/ext.js';
import { listen } from './listeners.js';

// ---- The notice: a closed shadow root the page can neither style nor click ----
/** The hosts of our own closed shadow roots (the guard must not treat what is inside them as the page's). */
const ourHosts = new WeakSet();
export const isOurHost = (el) => ourHosts.has(el);
/** A host of ours that is done with (a closed editor): whatever a page does with it is the page's. */
export const forgetHost = (el) => ourHosts.delete(el);

/** A custom element with a closed shadow root holding `css`: the page can neither style nor reach in. */
export function shadowHost(tag, css) {
  const host = html(tag);
  ourHosts.add(host);
  const root = host.attachShadow({ mode: 'closed' });
  const style = html('style');
  // Words are drawn from attributes (`say`, below) in every root of ours.
  style.textContent = `[data-say]::before { content: attr(data-say); }\n${css}`;
  root.append(style);
  return { host, root };
}

/** How long a button that releases an original must have been visible and unobscured. */
export const ARM_MS = 800;
const HAS_VISIBILITY = typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;

/** Is `el` a field the person types in? */
function isTyping(el) {
  if (!el || el === document.body || el === document.documentElement) return false;
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'submit', 'reset', 'checkbox', 'radio', 'file', 'image', 'range', 'color'].includes(el.type);
  return Boolean(el.isContentEditable);
}

/** The first button of the latest question, for the keyboard shortcut. */
let latest = null;
/** Buttons that release an original: out of the tab order until the shortcut is used. */
const guarded = new WeakSet();

/**
 * The page removed the notice: what it said may not have been seen. The
 * toolbar button says so (a badge, and a line in the page check), where the
 * page cannot reach.
 */
let told = false;
function onRemoved() {
  if (told) return;
  told = true;
  Promise.resolve(api.runtime.sendMessage({ type: 'notice-removed' })).catch(() => {});
}

const POINTER_ON = ':host { pointer-events: auto !important; }';
const POINTER_OFF = ':host { pointer-events: none !important; }';

/** Show `text` in `el` as generated content (see above): no text node a page's search could reach. */
export function say(el, text) {
  el.setAttribute('data-say', text);
}

export const ui = (() => {
  let pointerStyle = null;
  let host = null;
  let root = null;
  let stack = null;
  const CSS = `
    :host { all: initial !important; position: fixed !important; z-index: 2147483647 !important;
      right: 16px !important; bottom: 16px !important; display: block !important; visibility: visible !important;
      opacity: 1 !important; max-width: min(420px, calc(100vw - 32px)) !important; }
    .stack { display: flex; flex-direction: column; gap: 8px; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    .card { background: #1f2430; color: #f4f5f7; border-radius: 10px; padding: 12px 14px; box-shadow: 0 6px 24px rgba(0,0,0,.35);
      border-left: 5px solid #f2a33a; }
    .card.ask { border-left-color: #ffcc4d; }
    .head { display: flex; align-items: center; gap: 8px; font-weight: 700; margin-bottom: 4px; }
    .head .spacer { flex: 1; }
    .whistle { width: 18px; height: 18px; border-radius: 50%; background: #f2a33a; flex: none; }
    p { margin: 4px 0; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
    button { font: inherit; border-radius: 6px; border: 1px solid #8a93a6; background: #2d3444; color: #fff; padding: 6px 10px; cursor: pointer; }
    button.primary { background: #f2a33a; border-color: #f2a33a; color: #1f2430; font-weight: 700; }
    button.close { border: none; background: transparent; font-size: 20px; line-height: 1; padding: 0 4px; }
    button:focus-visible { outline: 3px solid #7cc4ff; outline-offset: 2px; }
    button.arming { color: #9aa3b5; border-style: dashed; cursor: progress; }
    .working p::after { content: ' …'; }
    @media (prefers-reduced-motion: no-preference) { .card { animation: in .15s ease-out; } }
    @keyframes in { from { transform: translateY(8px); opacity: 0; } to { transform: none; opacity: 1; } }
  `;

  /**
   * Where the notice must be: the last child of the root element, so a page
   * cannot hide it or put it in its tab order. Only Silbato's own hosts (a
   * face editor shown over the whole page) may come after it.
   */
  const misplaced = () => {
    if (!host || host.parentNode !== document.documentElement) return true;
    for (let next = host.nextSibling; next; next = next.nextSibling) if (!ourHosts.has(next)) return true;
    return false;
  };
  let watching = null;
  // A page that keeps moving the notice is not fought for ever (that would
  // hang it): after a few tries the notice stays where the page put it, its
  // buttons that release an original stop working, and the toolbar says so.
  let fights = 0;
  const MAX_FIGHTS = 3;
  function watchPlace() {
    if (watching === document.documentElement || !document.documentElement) return;
    watching = document.documentElement;
    new MutationObserver(() => {
      if (!host || !misplaced()) return;
      if (fights < MAX_FIGHTS) {
        fights++;
        ensure();
      } else {
        onRemoved();
      }
    }).observe(watching, { childList: true });
  }

  function ensure() {
    if (host && !misplaced()) return;
    // Put back after the page took it away or moved it: the person may not have seen what it said.
    if (host) onRemoved();
    if (!host) {
      ({ host, root } = shadowHost('silbato-notice', CSS));
      stack = html('div');
      stack.className = 'stack';
      // Whether the notice takes the pointer: set here, inside the closed root, where the page cannot read it.
      pointerStyle = html('style');
      pointerStyle.textContent = POINTER_ON;
      root.append(pointerStyle, stack);
      // Leaving the notice puts its guarded buttons out of the tab order again.
      root.addEventListener('focusout', (e) => {
        if (!e.relatedTarget || !root.contains(e.relatedTarget)) for (const b of root.querySelectorAll('button')) if (guarded.has(b)) b.tabIndex = -1;
      });
    }
    host.style.cssText = 'all: initial !important; position: fixed !important; z-index: 2147483647 !important; right: 16px !important; bottom: 16px !important; display: block !important;';
    (document.documentElement || document.body || document).appendChild(host);
    watchPlace();
  }

  /** Put an element of ours (the cleaner frame, our file input) inside the notice's closed root. */
  function mount(el) {
    ensure();
    if (el.parentNode !== root) root.append(el);
  }

  /** A button that only real clicks and key presses activate. */
  function button(label, onPress, primary) {
    const b = html('button');
    b.type = 'button';
    say(b, label);
    if (primary) b.className = 'primary';
    b.addEventListener('click', (e) => {
      if (e.isTrusted) onPress();
    });
    return b;
  }

  /**
   * A button that releases an original: pressed only by a trusted click or
   * key on a button that was visible and unobscured for ARM_MS before.
   */
  function guardedButton(label, onPress) {
    const b = button(label, () => {}, false);
    // Out of the tab order, so a page that moves the notice next to its own
    // fields cannot bring it under a key press: reached with Silbato's
    // shortcut (Alt+Shift+S) and then Tab within the notice.
    b.tabIndex = -1;
    guarded.add(b);
    let visible = !HAS_VISIBILITY;
    let since = null;
    let place = null;
    let timer = null;
    // Shown as not yet available until it is armed, so that an early click
    // is not mistaken for one that did nothing.
    const arm = (on) => {
      clearTimeout(timer);
      since = on ? performance.now() : null;
      b.setAttribute('aria-disabled', 'true');
      b.classList.add('arming');
      if (on) {
        timer = setTimeout(() => {
          b.removeAttribute('aria-disabled');
          b.classList.remove('arming');
        }, ARM_MS);
      }
    };
    /** Where the button is and how large: a page that moves or zooms the notice under the pointer disarms it. */
    const where = () => {
      const r = b.getBoundingClientRect();
      return `${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.width)},${Math.round(r.height)}`;
    };
    const settled = () => {
      // Not where Silbato put it: a page is moving it about.
      if (misplaced()) {
        arm(false);
        // Armed again from the start once it is back in place.
        place = null;
        return false;
      }
      const now = where();
      if (now !== place) {
        place = now;
        arm(visible);
      }
      return since !== null && performance.now() - since >= ARM_MS;
    };
    const follow = () => {
      if (!b.isConnected) return;
      settled();
      requestAnimationFrame(follow);
    };
    if (HAS_VISIBILITY) {
      arm(false);
      const watch = new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            visible = e.isVisible;
            if (visible !== (since !== null)) arm(visible);
          }
        },
        { trackVisibility: true, delay: 100 },
      );
      watch.observe(b);
    } else {
      // No IntersectionObserver v2 here: armed once shown, and still, for ARM_MS.
      arm(true);
    }
    requestAnimationFrame(follow);
    b.addEventListener('click', (e) => {
      if (!e.isTrusted) return;
      if (settled()) onPress();
    });
    return b;
  }

  function card() {
    ensure();
    const el = html('section');
    el.className = 'card';
    stack.append(el);
    let timer = null;
    /** The undo button, kept across redraws: { label, action, button }. */
    let kept = null;
    const close = () => {
      clearTimeout(timer);
      el.remove();
    };
    el.addEventListener('keydown', (e) => {
      if (e.isTrusted && e.key === 'Escape' && !el.classList.contains('ask')) close();
    });
    // A plain notice closes itself 30 s after the pointer left it; one that
    // warns (the latest `info` says whether) stays until it is closed.
    let fades = false;
    const fade = () => {
      clearTimeout(timer);
      if (fades) timer = setTimeout(close, 30000);
    };
    el.addEventListener('mouseenter', () => clearTimeout(timer));
    el.addEventListener('focusin', () => clearTimeout(timer));
    el.addEventListener('mouseleave', fade);
    const render = (lines, actions, role) => {
      // Only `info` lets a card fade; a question or work in progress stays.
      fades = false;
      clearTimeout(timer);
      el.replaceChildren();
      el.setAttribute('role', role);
      if (role === 'status') el.setAttribute('aria-live', 'polite');
      else el.removeAttribute('aria-live');
      const head = html('div');
      head.className = 'head';
      const mark = html('span');
      mark.className = 'whistle';
      mark.setAttribute('aria-hidden', 'true');
      const title = html('span');
      say(title, t('brand'));
      title.id = `silbato-title-${Math.random().toString(36).slice(2)}`;
      const spacer = html('span');
      spacer.className = 'spacer';
      head.append(mark, title, spacer);
      if (role === 'status') {
        const x = button('×', close);
        x.className = 'close';
        x.setAttribute('aria-label', t('close'));
        head.append(x);
      }
      el.append(head);
      const body = html('div');
      body.id = `${title.id}-body`;
      for (const line of lines) {
        const p = html('p');
        say(p, line);
        body.append(p);
      }
      el.append(body);
      el.setAttribute('aria-labelledby', title.id);
      el.setAttribute('aria-describedby', body.id);
      if (actions.length) {
        const row = html('div');
        row.className = 'actions';
        row.append(...actions);
        el.append(row);
      }
    };
    return {
      close,
      working(text) {
        el.classList.add('working');
        render([text], [], 'status');
      },
      /**
       * Ask, and resolve with the id of the chosen option. The first option
       * is the safe one (focus, Enter and Space pick it); an option marked
       * `guarded` releases an original and needs an armed button.
       */
      ask(title, lines, options) {
        el.classList.remove('working');
        el.classList.add('ask');
        const before = document.activeElement;
        const typing = isTyping(before);
        return new Promise((resolve) => {
          const buttons = options.map(([id, label, guarded], i) => {
            const pick = () => {
              el.classList.remove('ask');
              resolve(id);
              if (!typing && before && typeof before.focus === 'function') before.focus();
            };
            return guarded ? guardedButton(label, pick) : button(label, pick, i === 0);
          });
          render([title, ...lines], buttons, 'alertdialog');
          // Never take the focus from a field the person is typing in.
          if (!typing) buttons[0].focus();
          latest = buttons[0];
        });
      },
      /**
       * Say `lines`; `undo` is [label, action] (it releases originals: guarded) or null; `more` are further [label, action, primary].
       * `stay`: the lines carry a warning (faces, a file not checked), so the notice stays until it is closed.
       */
      info(lines, undo, more = [], stay = false) {
        el.classList.remove('working', 'ask');
        // The card is redrawn as faces are looked for: the same undo button
        // stays (armed as it was), so that a click as it redraws still counts.
        if (undo && (!kept || kept.label !== undo[0])) kept = { label: undo[0], action: undo[1], button: guardedButton(undo[0], () => kept.action()) };
        if (undo) kept.action = undo[1];
        const actions = [...more.map(([label, action, primary]) => button(label, action, primary)), ...(undo ? [kept.button] : [])];
        render(lines, actions, 'status');
        if (actions.length) latest = actions[0];
        fades = !stay;
        if (fades) fade();
        else clearTimeout(timer);
      },
    };
  }

  // While files are dragged over the page, drags pass through the notice to
  // whatever lies under it (a drop zone it happens to cover).
  let dragging = false;
  const passDrags = (on) => {
    if (on === dragging) return;
    dragging = on;
    if (pointerStyle) pointerStyle.textContent = on ? POINTER_OFF : POINTER_ON;
  };
  listen('window', 'dragenter', (e) => {
    if (e.isTrusted && e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files')) passDrags(true);
  }, true);
  for (const type of ['drop', 'dragend']) listen('window', type, () => passDrags(false), true);
  listen('window', 'dragleave', (e) => {
    if (!e.relatedTarget) passDrags(false);
  }, true);

  // Alt+Shift+S reaches the latest question from the keyboard (questions do
  // not take the focus from a field being typed in).
  listen(
    'window',
    'keydown',
    (e) => {
      if (e.isTrusted && e.altKey && e.shiftKey && e.code === 'KeyS' && latest && latest.isConnected) {
        e.preventDefault();
        // Reached on purpose: the notice's buttons can be tabbed to until the focus leaves it.
        for (const b of root.querySelectorAll('button')) if (guarded.has(b)) b.tabIndex = 0;
        latest.focus();
      }
    },
    true,
  );

  return { card, mount, button };
})();
