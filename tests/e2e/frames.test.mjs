// Ordinary pages' frame work in Chromium, with and without Silbato
// (frame-work.mjs; the same steps run in firefox-esr in
// tests/firefox/frames.test.mjs): every step ends as it does without
// Silbato, and the page sees no error it would not have seen.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { localMachine, withAndWithout } from './browser.mjs';
import { FRAME_STEPS, FRAME_WORK } from './frame-work.mjs';

const local = localMachine();

describe('ordinary frame work, in Chromium', { concurrency: false, timeout: 300000 }, () => {
  const browsers = withAndWithout(local);

  /** The steps run on an ordinary page (attack 25's `dsd`) in `b`: their outcomes and the page's uncaught errors. */
  async function run(b) {
    const p = await b.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack25-ordinary?page=dsd`);
      await p.waitForFunction(() => window.shown === true, null, { timeout: 30000 });
      await p.evaluate(() => {
        window.errs = [];
        addEventListener('error', (e) => window.errs.push(String(e.message)));
      });
      const steps = await p.evaluate(`(async () => { ${FRAME_WORK} })()`);
      return { steps, errors: await p.evaluate(() => window.errs) };
    } finally {
      await p.close();
    }
  }

  test('frames made, given new addresses, written, moved and removed end as they do without Silbato', async () => {
    const a = await run(browsers.without);
    const b = await run(browsers.withSilbato);
    console.log(`without ${JSON.stringify(a)}; with ${JSON.stringify(b)}`);
    assert.equal(Object.keys(a.steps).length, FRAME_STEPS);
    assert.deepEqual(b, a);
  });
});
