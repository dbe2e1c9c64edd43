// The offline page's "if a platform tells you the government asked for your
// account" section: the same guidance the extension's popup shows on the
// platforms concerned, from extension/data/notice.json (bundled in, so it
// works offline and from the single file). A link near the top shows and
// hides it; #notice in the address opens it.
import NOTICE from '../extension/data/notice.json';
import { h } from '../js/dom.js';

const $ = (id) => document.getElementById(id);

/** "Source (date; checked date)" and the archived copy, with the page's words `t`. */
function sourceLink(f, t) {
  const date = f.published || f.as_of;
  const link = (href, text) => h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text);
  const label = date ? t('popupSource', [date, f.checked]) : t('popupSourceUndated', [f.checked]);
  return [' ', link(f.source, label), ...(f.copy ? [' · ', link(f.copy, t('popupCopy'))] : [])];
}

/** Draw the section in `lang` with the page's words `t` (again when the language changes). */
export function drawNotice(lang, t) {
  const pick = (o) => (lang === 'es' ? o.es : o.en);
  $('notice-link').textContent = pick(NOTICE.title);
  $('notice').replaceChildren(
    h('h2', { id: 'notice-title', tabindex: '-1' }, pick(NOTICE.title)),
    h('p', {}, pick(NOTICE.intro)),
    ...NOTICE.sections.flatMap((s) => [h('h3', {}, pick(s.title)), h('ul', {}, s.items.map((f) => h('li', {}, pick(f), sourceLink(f, t))))]),
  );
}

function show(open, focus) {
  $('notice').hidden = !open;
  $('notice-link').setAttribute('aria-expanded', String(open));
  if (open && focus) $('notice-title').focus();
}

/** The link and the address: open or close the section. */
export function wireNotice() {
  show(location.hash === '#notice', false);
  $('notice-link').addEventListener('click', (e) => {
    e.preventDefault();
    show($('notice').hidden, true);
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === '#notice') show(true, true);
  });
}
