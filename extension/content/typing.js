// The typing guard: while a person writes in a text field (a textarea, a
// text input or a contenteditable editor, including the model-driven editors
// of large sites), it has the core check the text on each pause and shows a
// small marker when something would identify them: a share link that names
// whoever shared it, an entry of their never-publish list, a phone number,
// an address, coordinates. One click cleans the links in place, through the
// same editing command a person's typing goes through (so the page's
// framework sees ordinary input events and the browser's undo works).
// Pasting a single link cleans it as it lands (a setting, on by default),
// and posting with an unresolved high-severity finding asks first.
//
// The text goes to the extension's background only (runtime messages); the
// never-publish list stays there. Nothing is built from page strings: the
// marker's words are attributes drawn as generated content (notice.js `say`),
// out of reach of a page's find-in-page.
import { html } from '../../js/dom.js';
import { api, lang, plural, t } from '../../js/ext.js';
import { isMessage } from '../../js/messages.js';
import { textKindKey } from '../../js/text-kinds.js';
import { watchSettings } from '../settings.js';
import { watcherLines } from '../popup/rules.js';
import { editableOf, isField, textOf } from './fields.js';
import { listen } from './listeners.js';
import { say, shadowHost, ui } from './notice.js';

/**
 * Install the typing guard (once per frame, at document_start); `watchers` is
 * the watch on typed text leaving the page (before-typing.js), whose
 * findings the marker shows first. Returns `found()`, what the marker shows
 * now, for the popup's page scan.
 */
export function startTyping(watchers) {
  // ---- Settings ----
  const { settings } = watchSettings((now) => {
    if (!now.typingChecks) marker.hide();
  });

  /** Ask the background; resolve with null if it does not answer in time. */
  function ask(message, ms = 3000) {
    return Promise.race([
      Promise.resolve(api.runtime.sendMessage(message)).catch(() => null),
      new Promise((resolve) => setTimeout(() => resolve(null), ms)),
    ]).then((r) => (r && !r.error ? r : null));
  }

  // ---- Checking, on each pause in typing ----
  /** Per field: the findings for `text`, what the person chose to ignore or post anyway. */
  const states = new WeakMap();
  const tracked = new Set();
  const keyOf = (f) => `${f.kind}\u0000${f.text}`;
  const MAX_FOUND = 50; // lines the popup lists
  function stateOf(el) {
    let st = states.get(el);
    if (!st) {
      st = { text: null, findings: [], watchers: null, seq: 0, timer: 0, pending: null, ignored: new Set(), posted: new Set() };
      states.set(el, st);
    }
    tracked.add(el);
    return st;
  }
  const visible = (el, st) => st.findings.filter((f) => !st.ignored.has(keyOf(f)));

  // ---- Who watches this field: key logging by a third party, session recorders ----
  /** The marker's lines about watchers, worst first, less those the person set aside. */
  const watching = (st) => watcherLines(st.watchers, { t, plural }).filter((x) => !st.ignored.has(x.key));
  const shownCount = (el, st) => visible(el, st).length + watching(st).length;

  /** Ask again who watches `el`, and show it if the person is there. */
  function refreshWatchers(el) {
    const st = stateOf(el);
    return watchers.watchersFor(el).then((w) => {
      st.watchers = w;
      if (el === marker.field || document.activeElement === el || el.contains(document.activeElement)) marker.show(el, st);
    }, () => {});
  }
  // Typed text reached a new host: say so at once, not at the next pause.
  watchers.onLeak((el) => {
    if (settings.typingChecks) refreshWatchers(el);
  });
  const unresolved = (el, st) => st.findings.filter((f) => f.severity === 'high' && !st.posted.has(keyOf(f)));

  function schedule(el) {
    const st = stateOf(el);
    clearTimeout(st.timer);
    st.timer = setTimeout(() => check(el), 350);
  }

  /** Check the field's current text (once per text); resolves when its findings are current. */
  function check(el) {
    const st = stateOf(el);
    clearTimeout(st.timer);
    const text = textOf(el);
    if (text === st.text && !st.pending) return Promise.resolve();
    if (st.pending && st.pending.text === text) return st.pending.done;
    const seq = ++st.seq;
    const done = (async () => {
      // Too short to hold anything worth a marker.
      const [reply, seen] = await Promise.all([
        text.trim().length < 6 ? { findings: [] } : ask({ type: 'scan-text', text, lang }),
        watchers.watchersFor(el).catch(() => null),
      ]);
      if (seq !== st.seq) return;
      st.watchers = seen;
      st.pending = null;
      st.text = text;
      st.findings = reply && Array.isArray(reply.findings) ? reply.findings : [];
      if (el === marker.field || document.activeElement === el || el.contains(document.activeElement)) marker.show(el, st);
    })();
    st.pending = { text, done };
    return done;
  }

  // Only what the person does is checked. An input event can be trusted and
  // still be the page's own doing (document.execCommand('insertText') fires
  // trusted input events), so it counts only right after a key, a paste, a
  // drop or an input-method composition of the person's, or while their
  // activation is live: a page typing names itself learns nothing.
  const TYPING_MS = 1500;
  let typedAt = -Infinity;
  let typedIn = null;
  for (const type of ['keydown', 'paste', 'drop', 'compositionend']) {
    listen('window', type, (e) => {
      const el = e.isTrusted ? editableOf(e.composedPath()[0]) : null;
      if (!el) return;
      typedAt = performance.now();
      typedIn = el;
    }, true);
  }
  const personTyping = (el) => el === typedIn && performance.now() - typedAt < TYPING_MS;
  listen('window', 'input', (e) => {
    if (!settings.typingChecks || !e.isTrusted) return;
    const el = editableOf(e.composedPath()[0]);
    if (!el || !personTyping(el)) return;
    // The marker's host is put in place on the first keystroke, not the first
    // finding: when it appears says nothing about what was typed.
    marker.ready();
    schedule(el);
  }, true);
  // Model-driven editors (Draft.js, Lexical, ProseMirror) cancel beforeinput and
  // redraw the DOM themselves, so no input event follows: watch the editor's
  // DOM, but only while the person is typing into it.
  const editorWatch = new MutationObserver(() => {
    if (watched && settings.typingChecks && personTyping(watched)) schedule(watched);
  });
  let watched = null;
  function watch(el) {
    if (el === watched) return;
    editorWatch.disconnect();
    watched = el && !isField(el) ? el : null;
    if (watched) editorWatch.observe(watched, { characterData: true, childList: true, subtree: true });
  }
  listen('window', 'focusin', (e) => {
    if (!settings.typingChecks || !e.isTrusted) return;
    const el = editableOf(e.composedPath()[0]);
    if (el) watch(el);
    if (el && el !== marker.field) {
      const st = states.get(el);
      if (st && st.text !== null) marker.show(el, st);
      else marker.hide();
    }
  }, true);

  // ---- Cleaning links in place ----
  /** Replace text as typing would: the editing command, so frameworks and undo follow. */
  function insertText(text) {
    try {
      return document.execCommand('insertText', false, text);
    } catch {
      return false;
    }
  }

  function replaceInField(el, start, end, text) {
    try {
      el.setSelectionRange(start, end);
      if (document.activeElement === el && insertText(text)) return;
    } catch {
      // Inputs of type email refuse selections; fall through.
    }
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, el.value.slice(0, start) + text + el.value.slice(end));
    el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText', data: text }));
  }

  /** Where `needle` is among the text nodes of `host`, as a DOM Range. */
  function rangeOf(host, needle) {
    const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let all = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push([n, all.length]);
      all += n.data;
    }
    const at = all.indexOf(needle);
    if (at < 0 || !needle) return null;
    const end = at + needle.length;
    const range = document.createRange();
    const first = nodes.findLast(([, off]) => off <= at);
    const last = nodes.find(([n, off]) => off < end && end <= off + n.data.length);
    if (!first || !last) return null;
    range.setStart(first[0], at - first[1]);
    range.setEnd(last[0], end - last[1]);
    return range;
  }

  function replaceInEditable(host, needle, text) {
    const range = rangeOf(host, needle);
    if (!range) return false;
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    // Model-driven editors (Lexical, Slate, ProseMirror…) take edits from
    // beforeinput, which the editing command does not fire: offer it first.
    const before = new InputEvent('beforeinput', { inputType: 'insertText', data: text, bubbles: true, cancelable: true, composed: true });
    host.dispatchEvent(before);
    if (before.defaultPrevented) return true;
    if (insertText(text)) return true;
    range.deleteContents();
    range.insertNode(document.createTextNode(text));
    host.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText', data: text }));
    return true;
  }

  /** Put each finding's replacement in place; how many were replaced. */
  function cleanLinks(el, findings) {
    const fixes = findings.filter((f) => typeof f.replacement === 'string');
    if (!fixes.length || !el.isConnected) return 0;
    el.focus();
    let done = 0;
    if (isField(el)) {
      const caret = el.selectionEnd ?? el.value.length;
      let shift = 0;
      // From the end, so that earlier offsets stay true.
      for (const f of [...fixes].sort((a, b) => b.start - a.start)) {
        const start = el.value.slice(f.start, f.end) === f.text ? f.start : el.value.indexOf(f.text);
        if (start < 0) continue;
        replaceInField(el, start, start + f.text.length, f.replacement);
        if (start + f.text.length <= caret) shift += f.replacement.length - f.text.length;
        done++;
      }
      try {
        el.setSelectionRange(caret + shift, caret + shift);
      } catch {
        // No selection on this input type.
      }
    } else {
      for (const f of fixes) if (replaceInEditable(el, f.text, f.replacement)) done++;
    }
    schedule(el);
    return done;
  }

  // ---- The marker ----
  const excerpt = (s) => (s.length > 60 ? `${s.slice(0, 40)}…${s.slice(-12)}` : s);

  const marker = (() => {
    const CSS = `
      :host { all: initial !important; position: fixed !important; z-index: 2147483646 !important;
        left: 0 !important; top: 0 !important; width: 0 !important; height: 0 !important; overflow: visible !important; display: block !important; }
      .spot { position: fixed; }
      .spot[hidden] { display: none; }
      .badge { font: 700 13px/1 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; display: flex; align-items: center; gap: 4px;
        height: 26px; min-width: 26px; padding: 0 8px; border-radius: 13px; border: 2px solid #fff; cursor: pointer;
        background: #f2a33a; color: #1f2430; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
      .badge.high { background: #d93f2b; color: #fff; }
      .badge.low { background: #8a93a6; color: #fff; }
      .badge:focus-visible, button:focus-visible { outline: 3px solid #7cc4ff; outline-offset: 2px; }
      .panel { position: absolute; right: 0; width: min(360px, calc(100vw - 24px)); max-height: min(420px, 70vh); overflow: auto;
        background: #1f2430; color: #f4f5f7; border-radius: 10px; padding: 12px 14px; box-shadow: 0 6px 24px rgba(0,0,0,.35);
        font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; border-left: 5px solid #f2a33a; }
      .panel[hidden] { display: none; }
      h2 { font-size: 15px; margin: 0 0 6px; }
      ul { list-style: none; margin: 0; padding: 0; }
      li { margin: 8px 0; padding-top: 8px; border-top: 1px solid #3a4152; }
      li:first-child { border-top: none; padding-top: 0; }
      .kind { font-weight: 700; }
      .kind.high { color: #ff8a7a; }
      code { display: block; font: 12px/1.3 ui-monospace, monospace; color: #c9d1e0; word-break: break-all; margin: 2px 0; }
      p { margin: 2px 0; }
      p.advice { color: #ffd58a; }
      .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; }
      button.act { font: inherit; border-radius: 6px; border: 1px solid #8a93a6; background: #2d3444; color: #fff; padding: 6px 10px; cursor: pointer; }
      button.primary { background: #f2a33a; border-color: #f2a33a; color: #1f2430; font-weight: 700; }
    `;
    // The host never changes: a fixed point of no size, the same whether a
    // marker shows or not. Where the marker sits and whether it shows are
    // set inside the closed root (`spot`), where the page cannot read them.
    let host = null;
    let root = null;
    let spot = null;
    let badge = null;
    let panel = null;
    const self = { field: null };

    function ensure() {
      if (!host) {
        ({ host, root } = shadowHost('silbato-marker', CSS));
        // The marker follows its field from the first time it shows (after
        // the person typed): listened to from then on only, since a page
        // can time its own scroll and resize events and tell a listener is
        // there (attack23's frametiming).
        listen('window', 'scroll', () => place(), { capture: true, passive: true });
        listen('window', 'resize', () => place(), { passive: true });
        badge = html('button');
        badge.type = 'button';
        badge.className = 'badge';
        badge.setAttribute('aria-haspopup', 'dialog');
        badge.setAttribute('aria-expanded', 'false');
        panel = html('section');
        panel.className = 'panel';
        panel.hidden = true;
        panel.setAttribute('role', 'dialog');
        panel.id = 'silbato-panel';
        badge.setAttribute('aria-controls', panel.id);
        spot = html('div');
        spot.className = 'spot';
        spot.hidden = true;
        spot.append(badge, panel);
        root.append(spot);
        // Keep the field focused (and its selection) when the marker is clicked.
        root.addEventListener('mousedown', (e) => {
          if (e.target !== badge || panel.hidden) e.preventDefault();
        });
        badge.addEventListener('click', (e) => {
          if (e.isTrusted) toggle();
        });
        root.addEventListener('keydown', (e) => {
          if (e.isTrusted && e.key === 'Escape') {
            close();
            if (self.field) self.field.focus();
          }
        });
      }
      if (!host.isConnected) (document.documentElement || document.body).appendChild(host);
    }

    function place() {
      if (!host || !self.field) return;
      const r = self.field.getBoundingClientRect();
      if (!self.field.isConnected || r.width === 0 || r.bottom < 0 || r.top > innerHeight) {
        spot.hidden = true;
        return;
      }
      spot.hidden = false;
      const left = Math.max(4, Math.min(innerWidth - 40, r.right - 34));
      const top = Math.max(4, Math.min(innerHeight - 30, r.bottom - 32));
      spot.style.left = `${left}px`;
      spot.style.top = `${top}px`;
      // The panel opens above the badge when there is more room there.
      const above = top > innerHeight / 2;
      panel.style.top = above ? 'auto' : '32px';
      panel.style.bottom = above ? '32px' : 'auto';
    }

    function render(st) {
      const shown = visible(self.field, st);
      const lines = watching(st);
      const all = [...lines, ...shown];
      const worst = all.some((f) => f.severity === 'high') ? 'high' : all.some((f) => f.severity === 'medium') ? 'medium' : 'low';
      badge.className = `badge ${worst}`;
      say(badge, `! ${all.length}`);
      badge.setAttribute('aria-label', plural('markerLabel', all.length));
      badge.title = plural('markerLabel', all.length);
      panel.replaceChildren();
      const title = html('h2');
      title.id = 'silbato-panel-title';
      say(title, t('markerTitle'));
      panel.setAttribute('aria-labelledby', title.id);
      const list = html('ul');
      // Who watches this field comes first: it is already happening.
      for (const w of lines) {
        const li = html('li');
        const kind = html('span');
        kind.className = `kind ${w.severity}`;
        say(kind, w.title);
        const p = html('p');
        say(p, w.detail);
        li.append(kind, p);
        list.append(li);
      }
      if (lines.length) {
        const li = html('li');
        const p = html('p');
        p.className = 'advice';
        say(p, t('markerTypedAdvice'));
        li.append(p);
        list.append(li);
      }
      for (const f of shown) {
        const li = html('li');
        const kind = html('span');
        kind.className = `kind ${f.severity}`;
        say(kind, t(textKindKey(f.kind)));
        const code = html('code');
        say(code, excerpt(f.text));
        const p = html('p');
        say(p, f.message);
        li.append(kind, code, p);
        list.append(li);
      }
      const actions = html('div');
      actions.className = 'actions';
      const fixable = shown.filter((f) => typeof f.replacement === 'string');
      if (fixable.length) {
        const clean = ui.button(t('markerClean'), () => {
          const field = self.field;
          cleanLinks(field, fixable);
          close();
        }, true);
        clean.className = 'act primary';
        actions.append(clean);
      }
      const ignore = ui.button(t('markerIgnore'), () => {
        for (const f of shown) st.ignored.add(keyOf(f));
        for (const w of lines) st.ignored.add(w.key);
        const field = self.field;
        self.hide();
        if (field) field.focus();
      });
      ignore.className = 'act';
      actions.append(ignore);
      panel.append(title, list, actions);
    }

    function toggle() {
      if (panel.hidden) open();
      else close();
    }
    function open() {
      panel.hidden = false;
      badge.setAttribute('aria-expanded', 'true');
      const first = panel.querySelector('button');
      if (first) first.focus();
    }
    function close() {
      if (!panel) return;
      panel.hidden = true;
      badge.setAttribute('aria-expanded', 'false');
    }

    self.show = (el, st) => {
      if (!settings.typingChecks || !shownCount(el, st)) {
        if (self.field === el || !self.field) self.hide();
        return;
      }
      ensure();
      const wasOpen = !panel.hidden && self.field === el;
      self.field = el;
      render(st);
      place();
      if (!wasOpen) close();
    };
    self.hide = () => {
      close();
      self.field = null;
      if (spot) spot.hidden = true;
    };
    self.open = () => {
      if (host && self.field) open();
    };
    self.place = place;
    self.ready = ensure;
    return self;
  })();

  // Alt+Shift+L in a field opens the marker's panel from the keyboard.
  listen('window', 'keydown', (e) => {
    if (e.isTrusted && e.altKey && e.shiftKey && (e.code === 'KeyL' || e.key === 'L' || e.key === 'l') && marker.field) {
      const el = editableOf(e.composedPath()[0]);
      if (el === marker.field) {
        e.preventDefault();
        marker.open();
      }
    }
  }, true);

  // ---- Pasting a link ----
  const ONE_LINK = /^\s*(?:https?:\/\/|www\.)[^\s?]*\?\S*\s*$/i;
  const reasonText = (r) => `${r.param} (${t(r.reason === 'sharer_id' ? 'reasonSharer' : 'reasonTracking')})`;
  const removedText = (report) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(
    [...new Map(report.removed.map((r) => [r.param, reasonText(r)])).values()],
  );

  listen('window', 'paste', (e) => {
    if (!e.isTrusted || !settings.pasteClean) return;
    const data = e.clipboardData;
    if (!data || (data.files && data.files.length)) return;
    const pasted = data.getData('text/plain');
    if (!ONE_LINK.test(pasted)) return;
    const el = editableOf(e.composedPath()[0]);
    if (!el) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const where = isField(el) ? [el.selectionStart, el.selectionEnd] : getSelection().rangeCount ? getSelection().getRangeAt(0).cloneRange() : null;
    ask({ type: 'clean-link', url: pasted.trim(), lang }, 1500).then((report) => {
      const cleaned = report && report.output !== report.input.trim() ? report.output : null;
      const text = cleaned ?? pasted;
      el.focus();
      if (isField(el)) {
        const [start, end] = where;
        replaceInField(el, start ?? el.value.length, end ?? el.value.length, text);
      } else {
        if (where) {
          getSelection().removeAllRanges();
          getSelection().addRange(where);
        }
        if (!insertText(text)) replaceInEditable(el, '', text);
      }
      if (!report) return;
      const card = ui.card();
      if (cleaned) {
        const start = isField(el) ? el.selectionEnd - text.length : -1;
        const undo = isField(el) && start >= 0 ? [t('pasteOriginal'), () => {
          if (el.value.slice(start, start + text.length) === text) replaceInField(el, start, start + text.length, pasted);
          card.close();
        }] : null;
        card.info([t('pasteCleaned', [removedText(report)])], undo);
      } else if (report.warnings.length) {
        // A share link that only the platform can resolve: say how to get the plain one (a warning: it stays).
        card.info(report.warnings, null, [], true);
      }
    });
  }, true);

  // ---- Posting with something unresolved ----
  const POST_WORDS = /\b(post|send|tweet|reply|publish|share|submit|comment|publicar|enviar|responder|compartir|comentar|postear)\b/i;
  const POST_IDS = /(post|send|tweet|reply|publish|submit|comment)/i;
  let replaying = false;

  function commonAncestor(a, b) {
    for (let n = a; n; n = n.parentElement) if (n.contains(b)) return n;
    return null;
  }

  /** The fields that a press of `button` (or a submit of `form`) would post. */
  function fieldsFor({ form, button }) {
    const out = [];
    for (const el of tracked) {
      if (!el.isConnected) {
        tracked.delete(el);
        continue;
      }
      if (form ? form.contains(el) : button && (() => {
        const c = commonAncestor(button, el);
        return c && c !== document.body && c !== document.documentElement;
      })()) out.push(el);
    }
    return out;
  }

  /** Hold a post until the fields' checks are current; ask if something high is left. */
  function holdPost(e, fields, replay) {
    if (replaying || !settings.typingChecks || !fields.length) return;
    const stale = fields.filter((el) => states.get(el).text !== textOf(el) || states.get(el).pending);
    const worrying = fields.filter((el) => unresolved(el, states.get(el)).length);
    if (!stale.length && !worrying.length) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    Promise.all(stale.map(check)).then(async () => {
      const left = fields.flatMap((el) => unresolved(el, states.get(el)).map((f) => [el, f]));
      if (!left.length) return replay();
      const fixable = left.filter(([, f]) => typeof f.replacement === 'string');
      const card = ui.card();
      const options = [];
      if (fixable.length) options.push(['clean', t('confirmClean')]);
      options.push(['back', t('confirmBack')], ['post', t('confirmPost')]);
      const lines = left.map(([, f]) => `${t(textKindKey(f.kind))}: ${excerpt(f.text)} — ${f.message}`);
      const choice = await card.ask(t('confirmTitle'), lines, options);
      if (choice === 'post') {
        card.close();
        for (const [el, f] of left) states.get(el).posted.add(keyOf(f));
        replay();
      } else if (choice === 'clean') {
        for (const el of new Set(fixable.map(([el]) => el))) cleanLinks(el, states.get(el).findings);
        card.info([t('confirmCleaned')]);
      } else {
        card.close();
        left[0][0].focus();
      }
    });
  }

  listen('window', 'submit', (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    const submitter = e.submitter || undefined;
    holdPost(e, fieldsFor({ form }), () => {
      replaying = true;
      try {
        form.requestSubmit(submitter);
      } finally {
        replaying = false;
      }
    });
  }, true);

  listen('window', 'click', (e) => {
    if (!e.isTrusted) return;
    const target = e.composedPath()[0];
    const button = target instanceof Element ? target.closest('button, input[type=submit], input[type=button], [role=button]') : null;
    if (!button) return;
    // A form's own submit button is caught as the form's submit.
    if (button.form && (button.type === 'submit' || button instanceof HTMLInputElement && button.type === 'submit')) return;
    const label = `${button.getAttribute('aria-label') || ''} ${button.textContent || ''} ${button.value || ''}`;
    if (!POST_WORDS.test(label) && !POST_IDS.test(button.getAttribute('data-testid') || '')) return;
    holdPost(e, fieldsFor({ button }), () => {
      replaying = true;
      try {
        button.click();
      } finally {
        replaying = false;
      }
    });
  }, true);

  listen('window', 'keydown', (e) => {
    if (!e.isTrusted || e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    const el = editableOf(e.composedPath()[0]);
    if (!el || !states.has(el)) return;
    const init = { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, ctrlKey: e.ctrlKey, metaKey: e.metaKey, bubbles: true, cancelable: true, composed: true };
    holdPost(e, [el], () => {
      replaying = true;
      try {
        el.dispatchEvent(new KeyboardEvent('keydown', init));
      } finally {
        replaying = false;
      }
    });
  }, true);

  // ---- "Copy clean link", from the context menu ----
  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // No clipboard API here (no focus, an old page): the editing command, from a field of our own.
      const holder = html('silbato-copy');
      const area = html('textarea');
      holder.attachShadow({ mode: 'closed' }).append(area);
      area.value = text;
      (document.documentElement || document.body).appendChild(holder);
      area.select();
      let ok = false;
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      holder.remove();
      return ok;
    }
  }

  api.runtime.onMessage.addListener((m) => {
    if (!isMessage('tab', m) || m.type !== 'copy') return false;
    copy(m.text).then((ok) => {
      const report = m.report;
      const card = ui.card();
      if (!ok) card.info([t('copyFailed')]);
      else if (report.removed.length) card.info([t('copiedClean', [removedText(report)])]);
      else if (report.warnings.length) card.info([t('copiedAsIs'), ...report.warnings], null, [], true);
      else card.info([t('copiedNothing')]);
    });
    return false;
  });

  /**
   * What the marker shows in this frame's fields now, for the popup: kind,
   * severity and sentence only (never the typed text itself), each once.
   */
  function found() {
    const out = new Map();
    for (const el of tracked) {
      if (!el.isConnected) {
        tracked.delete(el);
        continue;
      }
      const st = states.get(el);
      if (!st) continue;
      for (const f of visible(el, st)) {
        const key = `${f.kind}\u0000${f.message}`;
        if (!out.has(key) && out.size < MAX_FOUND) out.set(key, { kind: String(f.kind), severity: String(f.severity), message: String(f.message) });
      }
    }
    return [...out.values()];
  }
  return { found };
}
