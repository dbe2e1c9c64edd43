// Ordinary pages' frame work in Debian's firefox-esr, with and without
// Silbato: objects, embeds and iframes given new addresses, written, moved
// between documents, emptied and removed, a popup written and closed. Each
// step must end as it does without Silbato. Before 2026-12-06 every one of
// these threw "WeakSet value null" with Silbato: a walk run from a window
// being discarded, whose top is null (realms.js sweep), inside the page's
// own call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { FRAME_STEPS, FRAME_WORK } from '../e2e/frame-work.mjs';
import { firefoxSession, root } from './driver.mjs';

const ff = firefoxSession();

/** The steps run on an ordinary page (attack 25's `dsd`, an object in a declarative shadow tree); their outcomes and the page's uncaught errors. */
async function run() {
  await ff.go(`${ff.server.base}/attack25-ordinary?page=dsd`);
  await ff.until('return window.shown === true', 30000);
  await ff.run("window.errs = []; addEventListener('error', (e) => window.errs.push(String(e.message)));");
  const steps = await ff.on('POST', '/execute/async', { script: `const done = arguments[arguments.length - 1]; (async () => { ${FRAME_WORK} })().then(done, (e) => done('threw ' + e));`, args: [] });
  return { steps, errors: await ff.run('return window.errs') };
}

test('Firefox: frames made, given new addresses, written, moved and removed end as they do without Silbato', async () => {
  const without = await run();
  await ff.on('POST', '/moz/addon/install', { path: join(root, 'dist/extension'), temporary: true });
  const withSilbato = await run();
  console.log(`without ${JSON.stringify(without)}; with ${JSON.stringify(withSilbato)}`);
  assert.equal(Object.keys(without.steps).length, FRAME_STEPS);
  assert.deepEqual(withSilbato, without);
});

// In Firefox each frame's content script runs in a sandbox of its own, so
// the private group node a frame takes from its parent (content.js,
// window[GROUP] read through the parent's Xray) is never found there; each
// copy has a group of its own. Until 2026-12-07 each copy then claimed the
// realms of the top and of its sibling frames, which their own copies had
// wrapped: the top's built-ins were wrapped again each time a same-origin
// frame loaded (a page could tell Silbato was there from their identity, and
// the layers grew with the frames). Now copies there never claim an http(s)
// document (typed-watch.js claim): a copy of its own runs in each.
test('Firefox: a same-origin frame loading leaves the top\'s built-ins as they were', async () => {
  await ff.on('POST', '/moz/addon/install', { path: join(root, 'dist/extension'), temporary: true });
  await ff.go(`${ff.server.base}/attack25-inner`);
  const same = await ff.on('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1]; (async () => {
      const before = [Element.prototype.setAttribute, Element.prototype.append, Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get];
      const f = document.createElement('iframe');
      f.src = '/attack25-inner?frame';
      document.body.append(f);
      await new Promise((r) => setTimeout(r, 800));
      const after = [Element.prototype.setAttribute, Element.prototype.append, Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow').get];
      return before.map((fn, i) => fn === after[i]);
    })().then(done, (e) => done('threw ' + e));`,
    args: [],
  });
  assert.deepEqual(same, [true, true, true]);
});
