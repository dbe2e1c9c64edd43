// Debian's Chromium with the unpacked extension, driven by playwright-core;
// every request for another host than 127.0.0.1 goes to a recording proxy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

import { startRecordingProxy, startServer } from './server.mjs';
import { GRAB_WAIT, pickSample, uploadChecks } from './uploads.mjs';

export const root = new URL('../../', import.meta.url).pathname;
export const extensionDir = join(root, 'dist/extension');

/**
 * Hosts Chromium itself contacts with no extension loaded (sign-in, update
 * checks, the component updater's download redirector, the network time
 * fetcher at clients2.google.com): measured with this same launch, the same
 * pages and typing, and no extension, so they are not Silbato's. Also
 * Chromium's optimization guide (optimizationguide-pa.googleapis.com), a
 * browser service seen once in a long run although its features are
 * switched off below. Extension pages cannot reach any of them: their policy
 * is `connect-src 'self'`, and content scripts make no request.
 */
const OWN_HOSTS = ['accounts.google.com', 'update.googleapis.com', 'redirector.gvt1.com', 'clients2.google.com', 'optimizationguide-pa.googleapis.com'];
export const CHROMIUM_OWN = OWN_HOSTS.flatMap((h) => [h, `${h}:443`]);

/**
 * For one test file: the local server and the recording proxy, started
 * before its tests; at the end, every request the browsers made must have
 * stayed on this machine (Chromium's own services aside). Browsers are
 * launched and closed by the file's suites, so they are gone first.
 */
export function localMachine() {
  const local = { server: null, proxy: null };
  before(async () => {
    local.server = await startServer();
    local.proxy = await startRecordingProxy();
  });
  after(async () => {
    await local.server?.close();
    await local.proxy?.close();
    const leaving = local.proxy.seen.filter((h) => !CHROMIUM_OWN.includes(h));
    assert.deepEqual(leaving, [], 'requests left the machine');
  });
  return local;
}

/**
 * For a describe block of detection probes: a browser with Silbato and one
 * without, launched before its tests and closed after them, and
 * `compare(probe)`, which opens `path`?probe=`probe` in each, waits for
 * window.ready and returns what the page found (window.result) in each,
 * logged: equal when the page cannot tell Silbato is there.
 */
/**
 * Attack `n`'s switches, read from the environment: `through` runs the ways
 * still open (ATTACK<n>_THROUGH=1; skipped otherwise), `explore` lists ways
 * and `probe:` names to try (ATTACK<n>_EXPLORE=a,b).
 */
export function attackSwitches(n) {
  const list = process.env[`ATTACK${n}_EXPLORE`];
  return { through: process.env[`ATTACK${n}_THROUGH`] === '1' ? test : test.skip, explore: list ? list.split(',') : [] };
}

/**
 * Inside attack `n`'s describe: Chromium with Silbato, launched before its
 * tests and closed after. Returns pickerAttack(via, { mustGrab }) on
 * /attack<n>-picker (uploadChecks' grabbedPickerAttack: the page's notes
 * logged, 10 s given to reach a realm).
 */
export function pickerAttacks(local, n) {
  const { grabbedPickerAttack } = uploadChecks(local);
  const browser = suiteBrowser(local);
  return (via, { mustGrab = true } = {}) => grabbedPickerAttack(browser, `/attack${n}-picker`, via, { grab: { keys: ['notes'], wait: GRAB_WAIT }, mustGrab });
}

/** The sample's size (samples/sample.jpg): what arrives if the original does. */
const ORIGINAL_SIZE = 19458;

/**
 * Inside attack `n`'s describe (attacks 48-50: the name, not only the bytes): way `via` of /attack<n>-picker, the
 * person clicking "#open" and picking the sample; after `settle` ms, what the server received (name, size, text of a
 * text note) and the page's notes; `person(page)`, if given, acts after the pick (a key pressed). Unlike pickerAttacks, it does not require exactly one upload, and returns the
 * notes taken after the pick (a way that learns only the NAME uploads it as a text note).
 */
export function leakAttacks(local, n) {
  const browser = suiteBrowser(local);
  return async (via, settle = 5000, person = null) => {
    local.server.received.splice(0);
    const p = await browser().context.newPage();
    try {
      await p.goto(`${local.server.base}/attack${n}-picker?via=${via}`, { timeout: 120000 });
      await p.waitForFunction('window.ready === true', null, { timeout: 60000 });
      const opened = await pickSample(p, () => p.click('#open'), 2000);
      // What the person does next (keys pressed), if the way needs it.
      if (person) await person(p);
      await new Promise((r) => setTimeout(r, settle));
      const notes = await p.evaluate(() => window.notes || []);
      const uploads = local.server.received.splice(0).map((f) => ({ name: f.name, size: f.bytes.length, text: f.type === 'text/plain' ? f.bytes.toString('utf8') : undefined }));
      const r = { opened, uploads, notes };
      console.log(`${via}: ${JSON.stringify(r)}`);
      return r;
    } finally {
      await p.close();
    }
  };
}

/** Neither the original's bytes nor its name reached the server (leakAttacks' `uploads`). */
export function assertNothingLeaked({ uploads }) {
  for (const u of uploads) {
    assert.notEqual(u.size, ORIGINAL_SIZE, `the ORIGINAL arrived: ${JSON.stringify(u)}`);
    assert.ok(!/sample/i.test(u.name ?? '') && !/sample/i.test(u.text ?? ''), `the original's name arrived: ${JSON.stringify(u)}`);
  }
}

/** Inside a describe: Chromium with Silbato, launched before its tests and closed after; returns () => that browser. */
export function suiteBrowser(local) {
  let browser;
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser;
}

/** One test per probe, made with `run` (`test`, or an attack's skipped `through`): the page sees the same with Silbato as without (`compare`: detectionProbes'). */
export function unseenProbes(run, compare, probes) {
  for (const probe of probes) {
    run(`the page cannot tell Silbato is there (${probe})`, async () => {
      const { a, b } = await compare(probe);
      assert.deepEqual(a, b);
    });
  }
}

/**
 * A browser with Silbato and one without, launched before the suite's tests
 * and closed after them: `{ withSilbato, without }`, filled in once launched.
 */
export function withAndWithout(local) {
  const browsers = { withSilbato: null, without: null };
  before(async () => {
    browsers.withSilbato = await launch(local.proxy);
    browsers.without = await launch(local.proxy, { extension: false });
  });
  after(async () => {
    await browsers.withSilbato?.close();
    await browsers.without?.close();
  });
  return browsers;
}

export function detectionProbes(local, path) {
  const browsers = withAndWithout(local);
  async function probeIn(b, probe) {
    const p = await b.context.newPage();
    try {
      await p.goto(`${local.server.base}${path}?probe=${probe}`);
      await p.waitForFunction(() => window.ready === true, null, { timeout: 20000 });
      return await p.evaluate(() => window.result);
    } finally {
      await p.close();
    }
  }
  return async function compare(probe) {
    const a = await probeIn(browsers.withSilbato, probe);
    const b = await probeIn(browsers.without, probe);
    console.log(`${probe}: with Silbato ${JSON.stringify(a)}; without ${JSON.stringify(b)}`);
    return { a, b };
  };
}

export async function launch(proxy, { locale = 'en-US', localHosts = [], extension = true, contextOptions = {} } = {}) {
  // Hosts served by the local test server: resolved to 127.0.0.1 and kept
  // away from the recording proxy, so they never leave the machine.
  const hostArgs = localHosts.length
    ? [`--host-resolver-rules=${localHosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`, `--proxy-bypass-list=${localHosts.join(';')}`, '--ignore-certificate-errors']
    : [];
  const profile = mkdtempSync(join(tmpdir(), 'silbato-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    locale,
    // On Linux, Chromium takes its interface language (and so the
    // extension's) from the environment, not from --lang.
    env: { ...process.env, LANGUAGE: locale.replace('-', '_'), LANG: `${locale.replace('-', '_')}.UTF-8` },
    viewport: { width: 1000, height: 700 },
    acceptDownloads: true,
    ...contextOptions,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-default-apps',
      // Chromium's autofill asks Google about forms being filled in; not ours, and off.
      '--disable-features=AutofillServerCommunication,OptimizationGuideModelDownloading,OptimizationHintsFetching,OptimizationTargetPrediction,OptimizationHints',
      `--proxy-server=http://${proxy.address}`,
      ...(extension ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : ['--disable-extensions']),
      `--lang=${locale}`,
      ...hostArgs,
    ],
  });
  // A click that can never land (something covers the element) fails instead of waiting forever.
  context.setDefaultTimeout(20000);
  let worker = context.serviceWorkers()[0] ?? null;
  if (!worker && extension) worker = await context.waitForEvent('serviceworker', { timeout: 10000 });
  // Chromium may stop and restart the extension's service worker during a
  // long run; a handle to a stopped worker never answers. So always use the
  // newest worker, and never wait on one for ever.
  const current = () => context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://')).at(-1) ?? worker;
  return {
    context,
    get worker() {
      return current();
    },
    async settings(values) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await withTimeout(current().evaluate((v) => chrome.storage.local.set(v), values), 'the service worker');
        } catch (e) {
          if (attempt >= 3) throw e;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Every node of the page, through frames and closed shadow roots (CDP pierces them). */
/** A CDP call that fails after 10 s instead of hanging (it can, while a page navigates). */
function withTimeout(promise, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer in 10 s (is the page navigating?)`)), 10000);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function documentTree(page) {
  // A page, or a frame of its own process (an out-of-process frame: a sandboxed one), whose tree its page's leaves out.
  const context = typeof page.page === 'function' ? page.page().context() : page.context();
  const cdp = await withTimeout(context.newCDPSession(page), 'newCDPSession');
  const { root: tree } = await withTimeout(cdp.send('DOM.getDocument', { depth: -1, pierce: true }), 'DOM.getDocument');
  return { cdp, tree };
}

function* walk(node) {
  yield node;
  for (const key of ['children', 'shadowRoots']) for (const c of node[key] ?? []) yield* walk(c);
  if (node.contentDocument) yield* walk(node.contentDocument);
}

function* visible(node) {
  if (node.localName === 'style' || node.localName === 'script' || node.localName === 'iframe') return;
  yield node;
  for (const key of ['children', 'shadowRoots']) for (const c of node[key] ?? []) yield* visible(c);
}
/** What an element of ours shows as generated content (notice.js `say`), from its attributes. */
export const said = (node) => {
  const a = node.attributes || [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === 'data-say') return a[i + 1];
  return null;
};
/** The text a node shows: its text nodes and what our elements say. */
const textOf = (node) => [...visible(node)].map((n) => (n.nodeType === 3 ? n.nodeValue : said(n))).filter((v) => v != null).join(' ');

/** The text of Silbato's notices (inside their closed shadow roots), in every frame. */
export async function noticeText(page, tag = 'silbato-notice') {
  const { cdp, tree } = await documentTree(page);
  await withTimeout(cdp.detach(), 'CDP detach');
  return [...walk(tree)].filter((n) => n.localName === tag).map((n) => textOf(n).replace(/\s+/g, ' ')).join(' | ');
}

/** Click a notice button by its label with a real (trusted) mouse click. */
export async function clickNotice(page, label, tag = 'silbato-notice') {
  await waitUntilArmed(page, label, tag);
  const { cdp, tree } = await documentTree(page);
  const host = [...walk(tree)].filter((n) => n.localName === tag);
  const button = host.flatMap((h) => [...walk(h)]).find((n) => n.localName === 'button' && textOf(n) === label);
  if (!button) throw new Error(`no button "${label}" in ${host.map(textOf).join(' | ')}`);
  const { model } = await withTimeout(cdp.send('DOM.getBoxModel', { backendNodeId: button.backendNodeId }), 'DOM.getBoxModel');
  await withTimeout(cdp.detach(), 'CDP detach');
  const [x1, y1, , , x3, y3] = model.border;
  await withTimeout(page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2), `a click on "${label}"`);
}

/**
 * A button that releases an original is armed only after it has been
 * visible for a moment (aria-disabled until then): wait for that, as a
 * person would see it become available.
 */
async function waitUntilArmed(page, label, tag, timeout = 5000) {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    const { cdp, tree } = await documentTree(page);
    await withTimeout(cdp.detach(), 'CDP detach');
    const button = [...walk(tree)].filter((n) => n.localName === tag).flatMap((h) => [...walk(h)]).find((n) => n.localName === 'button' && textOf(n) === label);
    if (button && !(button.attributes || []).includes('aria-disabled')) return;
    await page.waitForTimeout(100);
  }
}

/**
 * Is the typing marker showing? Read through the DevTools protocol: the page
 * itself cannot tell (the marker's host never changes; what shows is set
 * inside its closed root).
 */
export async function markerVisible(page) {
  const { cdp, tree } = await documentTree(page);
  await withTimeout(cdp.detach(), 'CDP detach');
  const host = [...walk(tree)].find((n) => n.localName === 'silbato-marker');
  if (!host) return false;
  const spot = [...walk(host)].find((n) => n.localName === 'div' && (n.attributes || []).includes('spot'));
  return Boolean(spot) && !(spot.attributes || []).includes('hidden');
}

/** Wait until a notice (or the typing marker, with its tag) says something matching `pattern`. */
export async function waitForNotice(page, pattern, timeout = 15000, tag = 'silbato-notice') {
  const until = Date.now() + timeout;
  let last = '';
  while (Date.now() < until) {
    last = await noticeText(page, tag);
    if (pattern.test(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`notice never matched ${pattern}: "${last}"`);
}

/** A trusted drop of files through Chrome's input pipeline. */
export async function dropFiles(page, selector, paths) {
  // A real drag lands where the target is on screen: bring it into view first.
  await page.locator(selector).scrollIntoViewIfNeeded();
  const box = await page.locator(selector).boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, x, y, data });
  await cdp.detach();
}
