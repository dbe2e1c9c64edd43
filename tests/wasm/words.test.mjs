// Every user-facing string of both languages, rendered as people see it
// (counts 0, 1 and 2; plural messages through the page's pluralizer), held to
// docs/glossary.md by tests/words/check.mjs: no "(s)", no "1 cosas", no
// English in Spanish, no banned synonym. It reads the message files and the
// extension's data files whole, so keys added later are checked too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import { pluralizer, translator } from '../../js/i18n.js';
import { problems } from '../words/check.mjs';

const root = new URL('../../', import.meta.url);
const json = (path) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));
const LANGS = ['en', 'es'];

// A named placeholder is a count when its name says so ($COUNT$, $N$…); in a plural
// message (key_one, key_other) every positional one is filled with the count too.
const COUNT = /^(count|n|m|i|total|num|number|\w*count)$/i;

/** Every message of `lang` as shown, with counts 0, 1 and 2: [{ key, n, text }]. */
export function rendered(lang) {
  const messages = json(`locales/${lang}/messages.json`);
  const t = translator(messages);
  const plural = pluralizer(t, lang);
  const out = [];
  const bases = new Set();
  for (const [key, entry] of Object.entries(messages)) {
    const m = key.match(/^(.*)_(zero|one|two|few|many|other)$/);
    if (m && messages[`${m[1]}_other`]) {
      bases.add(m[1]);
      continue;
    }
    for (const n of [0, 1, 2]) {
      // Named placeholders: a count gets n, anything else a word ("X").
      const named = Object.fromEntries(Object.entries(entry.placeholders || {}).map(([name, p]) => [name, p.content]));
      const subs = Array.from({ length: 9 }, (_, i) => {
        const owner = Object.entries(named).find(([, c]) => c === `$${i + 1}`);
        return owner && COUNT.test(owner[0]) ? String(n) : 'X';
      });
      out.push({ key, n, text: t(key, subs) });
    }
  }
  for (const base of bases) {
    // $1 is the count; what follows ($2…) is whatever the caller passes (a name, a list).
    for (const n of [0, 1, 2]) out.push({ key: `${base}_*`, n, text: plural(base, n, ['X', 'X']) });
  }
  return out;
}

/** Strings under "en"/"es" keys anywhere in the extension's data files. */
function dataStrings(lang) {
  const out = [];
  const walk = (v, where) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === lang && typeof x === 'string') out.push({ key: `${where}.${k}`, text: x });
        else walk(x, `${where}.${k}`);
      }
    }
  };
  for (const f of readdirSync(new URL('extension/data/', root)).filter((f) => f.endsWith('.json'))) {
    walk(json(`extension/data/${f}`), f);
  }
  return out;
}

for (const lang of LANGS) {
  test(`every ${lang} message, rendered with 0, 1 and 2, follows the glossary`, () => {
    const bad = new Map();
    for (const { key, n, text } of rendered(lang)) for (const p of problems(text, lang)) bad.set(`${key}: ${p}`, `(n=${n}) ${text}`);
    assert.deepEqual([...bad].map(([what, text]) => `${what}\n    ${text}`), []);
  });

  test(`the extension's ${lang} data files follow the glossary`, () => {
    const bad = dataStrings(lang).flatMap(({ key, text }) => problems(text, lang).map((p) => `${key}: ${p}`));
    assert.deepEqual([...new Set(bad)], []);
  });
}

test("a site note's platforms are a list, joined in each language's own words", () => {
  for (const site of json('extension/data/sites.json').sites) {
    const names = Array.isArray(site.name) ? site.name : [site.name];
    for (const n of names) assert.doesNotMatch(n, /,| and | y /, `${n}: give the platforms as a list`);
  }
});

test('both languages have the same keys', () => {
  const en = Object.keys(json('locales/en/messages.json'));
  const es = Object.keys(json('locales/es/messages.json'));
  assert.deepEqual(en.filter((k) => !es.includes(k)), [], 'keys only in English');
  assert.deepEqual(es.filter((k) => !en.includes(k)), [], 'keys only in Spanish');
});

test('the checks catch what they are for', () => {
  const cases = [
    ['1 script(s) toman la huella', 'es'],
    ['Lista guardada: 1 entradas.', 'es'],
    ['Silbato: 1 cosas que revisar', 'es'],
    ['1 empresas externas cargaron algo', 'es'],
    ['no se limpió: JPEG: the file is cut short at byte 2', 'es'],
    ['Silbato · GPL-3.0-or-later · never sold, no ads', 'es'],
    ['Facebook, Instagram and Threads', 'es'],
    ['a unos 2 km de Minneapolis, US', 'es'],
    ['Limpio: no queda nada que identifique.', 'es'],
    ['Añadir un recuadro', 'es'],
    ['una matrícula', 'es'],
    ['las caras con mascarilla', 'es'],
    ['Reveals 1 things', 'en'],
    ['1 photo(s) on this page', 'en'],
    ['Cleaned: nothing identifying is left.', 'en'],
    ['saved again without any metadata', 'en'],
  ];
  for (const [text, lang] of cases) assert.notDeepEqual(problems(text, lang), [], `${lang}: ${text}`);
  const fine = [
    ['las caras con cubrebocas o mascarilla', 'es'],
    ['Se quitó 1 cosa de photo.jpg', 'es'],
    ['y 1 más', 'es'],
    ['Una citación (subpoena) válida', 'es'],
    ['1 photo was checked', 'en'],
    ['Reveals 1 thing', 'en'],
  ];
  for (const [text, lang] of fine) assert.deepEqual(problems(text, lang), [], `${lang}: ${text}`);
});
