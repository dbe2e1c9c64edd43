// The typing guard and the popup in Debian's firefox-esr (issue 18), with the
// local test server standing in for real tracker and recorder host names
// (network.dns.localDomains): a third-party script that sends what is typed
// is named in the marker and in the popup; the site's own autosave is not;
// a session recorder loaded from its real host name is named; the marker
// cleans a share link in place. The marker lives in a closed shadow root,
// which WebDriver reaches in Firefox as it does open ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { ADDON_UUID, firefoxSession, root } from './driver.mjs';

const ff = firefoxSession();
const TYPED = 'Vimos a la migra en Lake Street';
const SHADOW = 'shadow-6066-11e4-a52e-4f735466cecf';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

let installed = null;
const addon = () => (installed ??= ff.on('POST', '/moz/addon/install', { path: join(root, 'dist/extension'), temporary: true }));

/** The text of the typing marker's panel, read inside its closed shadow root ('' when there is none). */
async function markerText() {
  const hosts = await ff.on('POST', '/elements', { using: 'css selector', value: 'silbato-marker' });
  if (!hosts.length) return '';
  const shadow = await ff.on('GET', `/element/${hosts[0][ELEMENT]}/shadow`);
  const [spot] = await ff.on('POST', `/shadow/${shadow[SHADOW]}/elements`, { using: 'css selector', value: '.spot' });
  if (!spot) return '';
  // The panel is hidden until opened; its words are there all the same, as
  // attributes drawn as generated content (notice.js `say`).
  return ff.run("return Array.from(arguments[0].querySelectorAll('[data-say]'), (e) => e.getAttribute('data-say')).join(' ')", [spot]);
}

async function waitForMarker(pattern, timeout = 20000) {
  const until = Date.now() + timeout;
  let last = '';
  while (Date.now() < until) {
    last = await markerText();
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the marker never said ${pattern}: "${last}"`);
}

/** Open the popup for the page in the current tab, as a second tab; its text once drawn. */
async function popupText() {
  const page = await ff.on('GET', '/window');
  const popup = await ff.on('POST', '/window/new', { type: 'tab' });
  await ff.on('POST', '/window', { handle: popup.handle });
  await ff.go(`moz-extension://${ADDON_UUID}/popup/popup.html`);
  // The page's tab: the other one in this window (tab ids need no permission).
  const tabId = await ff.on('POST', '/execute/async', {
    script: `const done = arguments[0];
      Promise.all([browser.tabs.query({ currentWindow: true }), browser.tabs.getCurrent()])
        .then(([tabs, self]) => done(tabs.find((t) => t.id !== self.id && t.active === false)?.id ?? null));`,
    args: [],
  });
  assert.ok(Number.isInteger(tabId), 'the page has a tab');
  await ff.go(`moz-extension://${ADDON_UUID}/popup/popup.html?tab=${tabId}`);
  await ff.until("return document.body.dataset.photos === 'done' || document.body.dataset.rendered === 'unavailable'");
  const said = await ff.run("document.querySelectorAll('details').forEach((d) => (d.open = true)); return { verdict: document.getElementById('verdict').innerText, typing: document.getElementById('typing')?.innerText ?? '' }");
  await ff.on('DELETE', '/window');
  await ff.on('POST', '/window', { handle: page });
  return said;
}

test('Firefox: a third-party script that sends typed text is named in the marker and in the popup', async () => {
  await addon();
  await ff.go(`${ff.server.base}/keylog?form=base64`);
  await ff.type('#ta', TYPED);
  await ff.until('return window.__sent > 8');
  const said = await waitForMarker(/This page sends what you type to Google before you post/);
  assert.match(said, /reached www\.google-analytics\.com \(encoded in base64/);
  assert.match(said, /Silbato's offline page or a notes app/);
  const { verdict, typing } = await popupText();
  assert.match(verdict, /This page sends what you type to Google before you post\./);
  assert.match(typing, /Google received what you typed in a box on this page before you posted/);
  assert.doesNotMatch(verdict + typing, /Lake Street/);
});

test("Firefox: the site's own autosave is not key logging", async () => {
  await addon();
  await ff.go(`${ff.server.base}/autosave`);
  await ff.type('#ta', TYPED);
  await ff.until('return window.__saved > 8');
  await new Promise((r) => setTimeout(r, 1500));
  assert.doesNotMatch(await markerText(), /sends what you type/);
  const { verdict, typing } = await popupText();
  assert.doesNotMatch(verdict, /what you type/);
  assert.match(typing, /This site's own servers received what you typed before you posted/);
});

test('Firefox: a session recorder loaded from its real host name is named', async () => {
  await addon();
  await ff.go(`${ff.server.base}/recorded`);
  await ff.type('#ta', TYPED);
  await ff.until('return window.__batches >= 2');
  await waitForMarker(/Hotjar can record this page as you use it/);
  const { verdict, typing } = await popupText();
  assert.match(verdict, /Hotjar can record your visit here/);
  assert.match(typing, /Loaded from static\.hotjar\.com/);
});

test('Firefox: the typing marker cleans a share link in place', async () => {
  await addon();
  await ff.go(`${ff.server.base}/write`);
  await ff.type('#ta', 'Watch this https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGhIjK and share it');
  await waitForMarker(/Link that names whoever shared it/);
  // Alt+Shift+L opens the panel; its first button, "Clean the links", takes the focus; Enter presses it.
  await ff.on('POST', '/actions', {
    actions: [{ type: 'key', id: 'keys', actions: [
      { type: 'keyDown', value: '\uE00A' }, { type: 'keyDown', value: '\uE008' }, { type: 'keyDown', value: 'L' },
      { type: 'keyUp', value: 'L' }, { type: 'keyUp', value: '\uE008' }, { type: 'keyUp', value: '\uE00A' },
    ] }],
  });
  await new Promise((r) => setTimeout(r, 300));
  await ff.on('POST', '/actions', { actions: [{ type: 'key', id: 'keys', actions: [{ type: 'keyDown', value: '\uE007' }, { type: 'keyUp', value: '\uE007' }] }] });
  await ff.until("return !document.getElementById('ta').value.includes('si=')");
  assert.equal(await ff.run("return document.getElementById('ta').value"), 'Watch this https://youtu.be/dQw4w9WgXcQ and share it');
});
