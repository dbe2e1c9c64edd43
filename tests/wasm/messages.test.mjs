// The words, in both languages (locales/{en,es}/messages.json): the same keys
// in each, counts with real plurals (never "(s)"), and the sentences the
// popup's verdict and the typing marker build (extension/popup/rules.js)
// read right in English and in Spanish, through the same translator and
// plural rules the page uses (js/i18n.js; the extension's are the browser's
// over the same files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { pluralizer, translator } from '../../js/i18n.js';
import { sayNames, typingWatchers, verdict, verdictText, watcherLines } from '../../extension/popup/rules.js';

const load = (lang) => JSON.parse(readFileSync(new URL(`../../locales/${lang}/messages.json`, import.meta.url), 'utf8'));
const en = load('en');
const es = load('es');
const words = (lang) => {
  const t = translator(lang === 'es' ? es : en);
  return { t, plural: pluralizer(t, lang) };
};
const EN = words('en');
const ES = words('es');

test('both languages have the same keys, and counts are plurals, never "(s)"', () => {
  assert.deepEqual(Object.keys(es).sort(), Object.keys(en).sort());
  for (const [lang, messages] of [['en', en], ['es', es]]) {
    for (const [key, { message }] of Object.entries(messages)) {
      assert.doesNotMatch(message, /\w\((s|es)\)/, `${lang} ${key}: "${message}"`);
      if (key.endsWith('_other')) assert.ok(messages[key.replace(/_other$/, '_one')], `${lang} ${key} has a _one`);
      if (key.endsWith('_one')) assert.ok(messages[key.replace(/_one$/, '_other')], `${lang} ${key} has an _other`);
    }
    // Spanish and English use the same substitutions in each message.
    for (const key of Object.keys(en)) {
      const subs = (m) => [...new Set((m.message.match(/\$[1-9]|\$[A-Z_]+\$/g) || []))].sort().join();
      assert.equal(subs(es[key]), subs(en[key]), `${key}: the same substitutions`);
    }
  }
});

test('counts read right: 1 script, 2 scripts; 1 foto, 2 fotos', () => {
  assert.equal(EN.plural('popupSaysFingerprinting', 1), '1 script on this page takes your browser fingerprint (details that together recognise your browser even if you clear cookies).');
  assert.match(EN.plural('popupSaysFingerprinting', 2), /^2 scripts on this page take your browser fingerprint/);
  assert.match(ES.plural('popupSaysFingerprinting', 1), /^1 programa de esta página toma la huella de tu navegador/);
  assert.match(ES.plural('popupSaysFingerprinting', 3), /^3 programas de esta página toman la huella/);
  assert.match(EN.plural('popupSaysPhotos', 1), /^1 photo on this page still carries its location/);
  assert.match(EN.plural('popupSaysPhotos', 2), /^2 photos on this page still carry their location/);
  assert.match(ES.plural('popupSaysPhotos', 1), /^1 foto de esta página aún lleva su ubicación/);
  assert.match(ES.plural('popupSaysPhotos', 2), /^2 fotos de esta página aún llevan su ubicación/);
  assert.equal(EN.plural('popupHosts', 1), '1 request to');
  assert.equal(ES.plural('popupHosts', 5), '5 peticiones a');
  assert.match(EN.plural('facesSeen', 1, ['a.jpg']), /^1 face can be seen in a\.jpg\./);
  assert.match(ES.plural('facesSeen', 2, ['a.jpg']), /^Se ven 2 caras en a\.jpg\./);
  assert.equal(EN.plural('markerLabel', 1), 'Silbato: 1 thing to check before posting (Alt+Shift+L)');
  assert.equal(ES.plural('markerLabel', 2), 'Silbato: 2 cosas que revisar antes de publicar (Alt+Shift+L)');
});

const company = (name, categories) => ({ name, categories });
const none = { companies: [], fingerprinting: 0, photos: 0, links: 0 };

test('the verdict names names, in both languages', () => {
  const four = verdict({ ...none, companies: [company('Google', ['advertising']), company('Meta', ['advertising']), company('Criteo', ['advertising']), company('Hotjar', ['site_analytics'])] });
  assert.deepEqual(verdictText(four, EN).lines, ['Google, Meta and 2 more companies track you here (advertising, analytics or social media).']);
  assert.deepEqual(verdictText(four, ES).lines, ['Google, Meta y 2 empresas más te rastrean aquí (publicidad, analítica o redes sociales).']);
  const one = verdict({ ...none, companies: [company('Google', ['advertising']), company('Cloudflare', ['hosting'])] });
  assert.deepEqual(verdictText(one, EN).lines, ['Google tracks you here (advertising, analytics or social media).', '1 other company also loaded something here.']);
  assert.deepEqual(verdictText(one, ES).lines, ['Google te rastrea aquí (publicidad, analítica o redes sociales).', '1 empresa más también cargó algo aquí.']);
  assert.equal(sayNames(['Google', 'Meta'], EN), 'Google and Meta');
  assert.equal(sayNames(['Google', 'Meta', 'Microsoft'], ES), 'Google, Meta y Microsoft');
  assert.equal(sayNames(['A', 'B', 'C', 'D', 'E'], ES), 'A, B y 3 empresas más');
  // Links still being checked, then found.
  assert.deepEqual(verdictText(verdict({ ...none, links: null }), EN).lines, ["Checking this page's links…"]);
  assert.deepEqual(verdictText(verdict({ ...none, links: 1 }), ES).lines, ['1 enlace de esta página identifica a quien lo compartió o rastrea a quien lo abre.']);
  assert.deepEqual(verdictText(verdict(none), EN).lines, ['No trackers, browser fingerprint, photos with hidden data or identifying links were found.']);
});

const who = (host) => ({ site: host.split('.').slice(-2).join('.'), company: { 'google-analytics.com': 'Google', 'hotjar.com': 'Hotjar' }[host.split('.').slice(-2).join('.')] || null });

test('key logging and recorders come first, said plainly, in both languages', () => {
  const w = typingWatchers('www.news.example', {
    leaks: [{ host: 'www.google-analytics.com', how: 'beacon', form: 'base64' }, { host: 'drafts.news.example', how: 'fetch', form: 'plain' }],
    scripts: [],
  }, [{ id: 'hotjar', name: 'Hotjar', company: 'Hotjar', hosts: ['static.hotjar.com'], sources: [] }], who);
  const v = verdict({ ...none, companies: [company('Google', ['site_analytics'])], fingerprinting: 1, keylogging: w.keylogging, recorders: w.recorders });
  const said = verdictText(v, EN);
  assert.equal(said.title, 'This page watches what you type: read this before posting');
  assert.deepEqual(said.lines.slice(0, 3), [
    'This page sends what you type to Google before you post.',
    'Hotjar can record your visit here, even what you type and then delete.',
    '1 script on this page takes your browser fingerprint (details that together recognise your browser even if you clear cookies).',
  ]);
  const dicho = verdictText(v, ES);
  assert.equal(dicho.title, 'Esta página vigila lo que escribes: lee esto antes de publicar');
  assert.deepEqual(dicho.lines.slice(0, 2), ['Esta página envía lo que escribes a Google antes de que publiques.', 'Hotjar puede grabar tu visita aquí, incluso lo que escribes y luego borras.']);
  assert.equal(ES.plural('popupSaysRecorders', 2, ['Hotjar y Mouseflow']), 'Hotjar y Mouseflow pueden grabar tu visita aquí, incluso lo que escribes y luego borras.');

  // The typing marker's lines for the same field.
  const lines = watcherLines(w, EN);
  assert.deepEqual(lines.map((l) => [l.severity, l.title]), [['high', 'This page sends what you type to Google before you post'], ['medium', 'Hotjar can record this page as you use it']]);
  assert.equal(lines[0].detail, 'The text of this box reached www.google-analytics.com (encoded in base64, which anyone can decode) while you were still writing, before you posted anything.');
  const lineas = watcherLines(w, ES);
  assert.equal(lineas[0].title, 'Esta página envía lo que escribes a Google antes de que publiques');
  assert.match(lineas[0].detail, /^El texto de este cuadro llegó a www\.google-analytics\.com \(codificado en base64/);
  const hashed = watcherLines({ keylogging: [{ name: 'Meta', hosts: ['connect.facebook.net'], forms: ['sha256'] }], recorders: [] }, EN);
  assert.match(hashed[0].detail, /as a SHA-256 hash, which can be matched to what you typed/);
  assert.match(EN.t('markerTypedAdvice'), /offline page or a notes app/);
  assert.match(ES.t('markerTypedAdvice'), /página sin conexión de Silbato o en una app de notas/);
  // The site's own autosave: no line in the marker.
  assert.deepEqual(watcherLines(typingWatchers('www.news.example', { leaks: [{ host: 'drafts.news.example', how: 'fetch', form: 'plain' }] }, [], who), EN), []);
});
