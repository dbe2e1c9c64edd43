// What the upload-guard tests share: the sample photo, the pages' `send`
// (every hostile page uploads whatever file reaches it to /upload), and the
// checks on what the local server received, judged by its bytes, never by
// the page's word. (Pages import it too, through server.mjs: it imports
// nothing of browser.mjs.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { content, leaks } from './checks.mjs';

/** The photo the tests pick (it has a GPS position). */
export const sample = fileURLToPath(new URL('../../samples/sample.jpg', import.meta.url));

/** A page's script: `send(files, why)` uploads files to /upload and says so in #status. */
export const sendScript = `
  window.sent = 0;
  async function send(files, why) {
    const body = new FormData();
    for (const f of files) body.append('photo', f, f.name);
    window.sent += files.length;
    const r = await fetch('/upload', { method: 'POST', body });
    document.getElementById('status').textContent = (why || 'sent') + ' ' + files.length + ' ' + (await r.text());
  }`;

/** A string as a JavaScript literal that can sit inside a <script> (no "</" in it). */
export const js = (text) => JSON.stringify(text).replace(/<\//g, '<\\/');

/** The checks on the uploads the server of `local` (browser.mjs's localMachine) received. */
export function uploadChecks(local) {
  /** The next `n` uploads, once they have arrived. */
  async function received(n, timeout = 15000) {
    const until = Date.now() + timeout;
    while (local.server.received.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    assert.equal(local.server.received.length, n, `expected ${n} uploads, got ${local.server.received.length}`);
    return local.server.received.splice(0, n);
  }

  /** Nothing more arrives in `ms`. */
  async function nothingMore(ms = 1500) {
    await new Promise((r) => setTimeout(r, ms));
    assert.deepEqual(
      local.server.received.splice(0).map((f) => f.name),
      [],
      'the page received something it should not have',
    );
  }

  /** The page got a cleaned copy of the sample: nothing identifying, same pixels, other bytes, a neutral name. */
  function assertCleaned(file) {
    const original = readFileSync(sample);
    assert.notDeepEqual(file.bytes, original, 'the page received the original');
    assert.deepEqual(leaks(file.bytes, 'x.jpg'), [], 'exiftool still finds something');
    assert.equal(content(file.bytes, 'x.jpg'), content(original, 'x.jpg'), 'pixels changed');
    assert.match(file.name, /^photo(-\d+)?\.jpg$/, `the page received the name ${file.name}`);
  }

  return { received, nothingMore, assertCleaned };
}

/** The file chooser `click` opens on page `p` gets the sample; false when none opened. */
export async function pickSample(p, click, timeout = 15000) {
  const chooser = p.waitForEvent('filechooser', { timeout }).catch(() => null);
  await click();
  const c = await chooser;
  if (!c) return false;
  await c.setFiles(sample);
  return true;
}
