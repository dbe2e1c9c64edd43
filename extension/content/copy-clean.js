// Copying a link from a page with the ordinary copy command (Ctrl+C, Cmd+C,
// the page's context menu) leaves the clean link on the clipboard (a setting,
// on by default). When what is copied is one web address, the copy goes
// through as usual, the background cleans the link with the core (the same
// rules as the typing guard and "Copy clean link"), and if that changed
// anything the clean link replaces the copied one, with a brief notice and a
// way back. A per-share short link is copied as it is, with the warning.
//
// Nothing is built from page strings: the notice shows them as generated content (notice.js `say`).
import { html } from '../../js/dom.js';
import { api, lang, t } from '../../js/ext.js';
import { watchSettings } from '../settings.js';
import { listen } from './listeners.js';
import { ui } from './notice.js';

/** Clean links as they are copied (once per frame, at document_start). */
export function startCopyClean() {
  const { settings } = watchSettings();

  // One address and nothing else; longer selections are text, left as they are.
  const ONE_LINK = /^\s*(?:https?:\/\/|www\.)\S+\s*$/i;
  const MAX_LINK = 8 * 1024;

  /** What the copy command copies: the selection in a field, or on the page. */
  function selected() {
    const el = document.activeElement;
    if ((el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) && el.selectionStart !== null && el.selectionEnd !== null) {
      return el.value.slice(el.selectionStart, el.selectionEnd);
    }
    const sel = getSelection();
    return sel ? sel.toString() : '';
  }

  /** Ask the background; resolve with null if it does not answer in time. */
  function ask(message, ms = 3000) {
    return Promise.race([
      Promise.resolve(api.runtime.sendMessage(message)).catch(() => null),
      new Promise((resolve) => setTimeout(() => resolve(null), ms)),
    ]).then((r) => (r && !r.error ? r : null));
  }

  // Our own copy (the fallback below) must not be cleaned again.
  let writing = false;

  async function write(text) {
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
      writing = true;
      let ok = false;
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      } finally {
        writing = false;
        holder.remove();
      }
      return ok;
    }
  }

  const reasonText = (r) => `${r.param} (${t(r.reason === 'sharer_id' ? 'reasonSharer' : 'reasonTracking')})`;
  const removedText = (report) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(
    [...new Map(report.removed.map((r) => [r.param, reasonText(r)])).values()],
  );

  listen('window', 'copy', (e) => {
    if (!e.isTrusted || !settings.copyClean || writing) return;
    const text = selected();
    if (!text || text.length > MAX_LINK || !ONE_LINK.test(text)) return;
    const original = text.trim();
    ask({ type: 'clean-link', url: original, lang }, 1500).then(async (report) => {
      if (!report) return;
      const changed = report.output !== report.input.trim();
      if (!changed) {
        // A share link that only the platform can resolve: say how to get the plain one (a warning: it stays).
        if (report.warnings.length) ui.card().info(report.warnings, null, [], true);
        return;
      }
      if (!(await write(report.output))) return; // the copied link stays; nothing was changed
      const card = ui.card();
      card.info([t('copiedClean', [removedText(report)])], [t('copyOriginal'), async () => {
        await write(original);
        card.close();
      }]);
    });
  }, true);
}
