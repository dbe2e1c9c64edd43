// The ninth attack on the upload guard (issue 15), aimed at what changed
// last in Silbato's page world: customized built-in frame definitions
// refused, document.write cut by a hand tokenizer, frames in shadow trees
// handed over by the isolated world, moveBefore and the customizable
// <select>; and detection with no action of the person. Each picker way
// leaves the page a first document's showPicker (taken before Silbato
// wraps that realm, if it ever does); the person then clicks "attach a
// photo" once and picks samples/sample.jpg in whatever picker opens. Each
// check judges the bytes the local server received. What Silbato
// withstands is asserted; what got through is skipped (`through`), unless
// ATTACK9_THROUGH=1, with what arrived said in a comment. Pages:
// attack9-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, localMachine } from './browser.mjs';
import { pickSample, uploadChecks } from './uploads.mjs';

let browser;
const local = localMachine();
/** What got through: skipped, unless ATTACK9_THROUGH=1 (then run, to see it fail). */
const through = process.env.ATTACK9_THROUGH === '1' ? test : test.skip;

const { received, nothingMore, assertCleaned, said } = uploadChecks(local);

describe('attack 9: selects, document.write, shadow trees of first documents, definitions, in Chromium', { concurrency: false, timeout: 1200000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  /**
   * /attack9-picker?via=`via`: the page reaches a first document its way
   * (what it got, and where, is logged: a way that never reached a realm
   * proves nothing, and `mustGrab` fails it), then the person clicks
   * "attach a photo" and picks the sample: cleaned, or nothing.
   */
  async function pickerAttack(via, { mustGrab = true, path = '/attack9-picker' } = {}) {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}${path}?via=${via}`, { timeout: 120000 });
      await p.waitForFunction(() => window.ready === true, null, { timeout: 60000 });
      // Ways that reach the realm later (a javascript: address) are given a few seconds.
      await p.waitForFunction(() => !!window.grabbed, null, { timeout: 4000 }).catch(() => {});
      const state = await p.evaluate(() => ({ connectError: window.connectError ?? null, grabbed: !!window.grabbed, how: window.how ?? null, frames: window.length, cloned: window.cloned, defined: window.defined, bigMade: window.bigMade, lcOpen: window.lcOpen, lateIndex: window.lateIndex, notes: window.notes }));
      console.log(`${via}: page state ${JSON.stringify(state)}`);
      if (mustGrab) assert.ok(state.grabbed, `the page reached no realm (${state.how})`);
      const opened = await pickSample(p, () => p.click('#open'), 8000);
      const status = await p.textContent('#status');
      if (!opened) {
        await nothingMore();
        console.log(`${via}: no picker (${status})`);
        return `no picker (${status})`;
      }
      const file = said(via, (await received(1))[0]);
      assertCleaned(file);
      await nothingMore();
      console.log(`${via}: cleaned (${status})`);
      return 'cleaned';
    } finally {
      await p.close();
    }
  }

  /**
   * /attack9-click?via=`via`: once the page has built its frame's file
   * input ("attach a photo", over the top of the page), the person clicks
   * it (a real click at its place) and picks the sample if a picker opens:
   * cleaned, or nothing.
   */
  async function clickAttack(via) {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack9-click?via=${via}`);
      await p.waitForFunction(() => window.ready === true, null, { timeout: 20000 });
      await p.waitForTimeout(300);
      const opened = await pickSample(p, () => p.mouse.click(200, 60), 8000);
      console.log(`${via}: picker ${opened ? 'opened' : 'not opened'}`);
      if (!opened) {
        await nothingMore();
        return 'no picker';
      }
      const file = said(via, (await received(1))[0]);
      assertCleaned(file);
      await nothingMore();
      return 'cleaned';
    } finally {
      await p.close();
    }
  }

  for (const via of (process.env.ATTACK9_CLICKS || '').split(',').filter(Boolean)) {
    test(`click probe ${via}`, async () => {
      await clickAttack(via);
    });
  }

  for (const via of (process.env.ATTACK9_LAST || '').split(',').filter(Boolean)) {
    test(`objectlast probe ${via}`, async () => {
      await pickerAttack(via, { mustGrab: false, path: '/attack9-objectlast' });
    });
  }

  for (const via of (process.env.ATTACK9_WAYS || '').split(',').filter(Boolean)) {
    test(`probe ${via}`, async () => {
      await pickerAttack(via, { mustGrab: false });
    });
  }
});

describe('attack 9: telling Silbato is there with no action of the person, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  let withSilbato;
  let without;
  before(async () => {
    withSilbato = await launch(local.proxy);
    without = await launch(local.proxy, { extension: false });
  });
  after(async () => {
    await withSilbato?.close();
    await without?.close();
  });

  /** /attack9-detect?probe=`probe` in a browser: what the page found (window.result). */
  async function probeIn(b, probe) {
    const p = await b.context.newPage();
    try {
      await p.goto(`${local.server.base}/attack9-detect?probe=${probe}`);
      await p.waitForFunction(() => window.ready === true, null, { timeout: 20000 });
      return await p.evaluate(() => window.result);
    } finally {
      await p.close();
    }
  }

  /** The page's findings with and without Silbato (logged): equal when it cannot tell. */
  async function compare(probe) {
    const a = await probeIn(withSilbato, probe);
    const b = await probeIn(without, probe);
    console.log(`${probe}: with Silbato ${JSON.stringify(a)}; without ${JSON.stringify(b)}`);
    return { a, b };
  }

  for (const probe of (process.env.ATTACK9_PROBES || '').split(',').filter(Boolean)) {
    test(`probe ${probe}`, async () => {
      await compare(probe);
    });
  }
});
