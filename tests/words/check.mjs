// The word checks every user-facing string must pass (docs/glossary.md):
// no "(s)"/"(es)", no count of 1 before a plural noun, no English in Spanish,
// no synonym the glossary bans. Data-driven: the glossary's tables and the
// word lists beside this file are the rules, so strings added later are held
// to them too. tests/words.rs runs the same checks over the core's sentences.
import { readFileSync } from 'node:fs';

const here = new URL('./', import.meta.url);
const root = new URL('../../', import.meta.url);

const lines = (name) =>
  readFileSync(new URL(name, here), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

export const englishWords = new Set(lines('english-words.txt').map((w) => w.toLowerCase()));
export const allowedPhrases = lines('allowed.txt');

/** The glossary's table for `lang` ('es' | 'en'): [{ word, banned: [...] }]. */
export function glossary(lang) {
  const text = readFileSync(new URL('docs/glossary.md', root), 'utf8');
  const heading = lang === 'es' ? '## Español' : '## English';
  const start = text.indexOf(heading);
  if (start < 0) throw new Error(`docs/glossary.md has no "${heading}" section`);
  const rest = text.slice(start + heading.length);
  const end = rest.search(/\n## /);
  const rows = (end < 0 ? rest : rest.slice(0, end)).split('\n').filter((l) => l.startsWith('|'));
  return rows
    .slice(2)
    .map((row) => row.split('|').map((c) => c.trim()))
    .map((cells) => ({ word: cells[2], banned: cells[3] ? cells[3].split(',').map((w) => w.trim()).filter(Boolean) : [] }));
}

// Words ending in "s" that are not plurals (or that a count of 1 may precede).
const singularS = {
  es: new Set(['más', 'antes', 'después', 'además', 'menos', 'apenas', 'mes', 'tres', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'es', 'país', 'análisis', 'gps', 'dos', 'seis', 'cs', 'ms', 'km']),
  en: new Set(['is', 'was', 'has', 'does', 'this', 'its', 'us', 'as', 'gps', 'plus', 'less', 'ms', 'km', 'across', 'always', 'yes']),
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const word = (w) => new RegExp(`(?<![\\p{L}\\p{N}_-])${escape(w)}(?![\\p{L}\\p{N}_])`, 'giu');

/** What is wrong with `text` in `lang`: a list of short explanations (empty when it passes). */
export function problems(text, lang) {
  const found = [];
  let s = text;
  for (const p of allowedPhrases) s = s.split(p).join(' ');
  // File names and addresses are not words of either language.
  s = s.replace(/https?:\/\/\S+/g, ' ').replace(/[\p{L}\p{N}_-]+\.(?:jpe?g|png|webp|gif|heic|mp4|mov|zip|org|com|net)\b/giu, ' ');
  const bracket = s.match(/\p{L}\((?:s|es|as|os|n|a)\)/giu);
  if (bracket) found.push(`a plural in brackets: ${bracket.join(', ')}`);
  for (const m of s.matchAll(/(?<![\p{N}.,])\b1\s+(\p{L}+)/gu)) {
    const w = m[1].toLowerCase();
    if (w.length > 2 && w.endsWith('s') && !singularS[lang].has(w)) found.push(`"1 ${m[1]}": a count of 1 before a plural`);
  }
  if (lang === 'es') {
    for (const m of s.matchAll(/\p{L}[\p{L}']*/gu)) {
      if (englishWords.has(m[0].toLowerCase())) found.push(`English word "${m[0]}" in Spanish`);
    }
  }
  for (const entry of glossary(lang)) {
    // The preferred word may contain a banned one ("cubrebocas o mascarilla").
    const plain = entry.word ? s.replace(word(entry.word), ' ') : s;
    for (const b of entry.banned) {
      if (word(b).test(plain)) found.push(`"${b}" is banned by docs/glossary.md (say "${entry.word}")`);
    }
  }
  return found;
}
