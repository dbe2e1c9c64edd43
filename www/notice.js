// The offline page's "if a platform tells you the government asked for your
// account" section: the same guidance the extension's popup shows on the
// platforms concerned, drawn from extension/data/notice.json (written into
// core/notice-data.js by scripts/build-www.mjs, so it works offline and from
// the single file). A link near the top shows and hides it; #notice in the
// address opens it. Its own module, loaded beside app.js, so that the page's
// code and this section change independently.
import { h } from './core/dom.js';
import NOTICE from './core/notice-data.js';
import { pickLanguage, STRINGS } from './i18n.js';

const $ = (id) => document.getElementById(id);

function sourceLink(f, S) {
  const date = f.published || f.as_of;
  const link = (href, text) => h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text);
  return [' ', link(f.source, date ? S.notice.source(date, f.checked) : S.notice.undated(f.checked)), ...(f.copy ? [' · ', link(f.copy, S.notice.copy)] : [])];
}

function draw(lang) {
  const S = STRINGS[lang];
  const pick = (o) => (lang === 'es' ? o.es : o.en);
  $('notice-link').textContent = pick(NOTICE.title);
  $('notice').replaceChildren(
    h('h2', { id: 'notice-title', tabindex: '-1' }, pick(NOTICE.title)),
    h('p', {}, pick(NOTICE.intro)),
    ...NOTICE.sections.flatMap((s) => [h('h3', {}, pick(s.title)), h('ul', {}, s.items.map((f) => h('li', {}, pick(f), sourceLink(f, S))))]),
  );
}

function show(open, focus) {
  $('notice').hidden = !open;
  $('notice-link').setAttribute('aria-expanded', String(open));
  if (open && focus) $('notice-title').focus();
}

draw(pickLanguage());
show(location.hash === '#notice', false);
$('notice-link').addEventListener('click', (e) => {
  e.preventDefault();
  show($('notice').hidden, true);
});
window.addEventListener('hashchange', () => {
  if (location.hash === '#notice') show(true, true);
});
// The page's language picker (app.js keeps the choice); follow it.
$('lang').addEventListener('change', (e) => draw(e.target.value === 'es' ? 'es' : 'en'));
