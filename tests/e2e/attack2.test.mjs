// The newest extension changes attacked as a hostile page would (issue 18's
// other realms: the group of same-origin typed-text watches, and the realms
// no watch runs in, wrapped from the page that reaches them), by someone who
// had not seen how they were made. Only what Silbato withstands is asserted
// here: what the page observes is what it observes in Chromium without
// Silbato; typed text sent to a third party is named; the popup's findings
// are the watch's, whatever the page replaced. The attacks that succeeded
// (2026-12-05) and are not fixed yet are in the lead's report, not here;
// their pages stay in attack2-pages.mjs. Pages: attack2-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, localMachine, waitForNotice } from './browser.mjs';
import { TRACKER_HOSTS } from './server.mjs';

const TYPED = 'Vimos a la migra en Lake Street';

let browser;
const local = localMachine();
let extensionId;

async function open(path) {
  local.server.received.splice(0);
  const page = await browser.context.newPage();
  await page.goto(`${local.server.base}${path}`);
  await page.waitForLoadState('load');
  return page;
}

/** The tracker's host received something since it had received `hits` requests (the text did leave). */
async function reached(hits) {
  const until = Date.now() + 5000;
  while (!local.server.trackerHits.slice(hits).includes('www.google-analytics.com') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  assert.ok(local.server.trackerHits.slice(hits).includes('www.google-analytics.com'), 'nothing reached the tracker: the attack did not send');
}

/** Close every page but the test's own (popups the page opened). */
async function closeOthers(keep) {
  for (const other of browser.context.pages()) if (other !== keep && !other.isClosed()) await other.close().catch(() => {});
}

describe('the other-realm watches attacked, in Chromium', { concurrency: false, timeout: 600000 }, () => {
  before(async () => {
    browser = await launch(local.proxy, { localHosts: TRACKER_HOSTS });
    extensionId = new URL(browser.worker.url()).host;
  });
  after(async () => {
    await browser?.close();
  });

  describe('B1. without any action of the person, the page observes what it observes without Silbato', () => {
    let without;
    let withSilbato;
    before(async () => {
      const observe = async (b) => {
        const p = await b.context.newPage();
        try {
          await p.goto(`${local.server.base}/attack2-observe`);
          await p.waitForLoadState('load');
          return await p.evaluate(() => window.observe());
        } finally {
          await p.close();
        }
      };
      const plain = await launch(local.proxy, { extension: false, localHosts: TRACKER_HOSTS });
      try {
        without = await observe(plain);
      } finally {
        await plain.close();
      }
      withSilbato = await observe(browser);
    });
    // Only the probes Silbato withstands are asserted here; the page runs
    // one more (deep stacks: a wrapper's frames count against the stack
    // limit, so an error thrown at depth keeps fewer of the page's frames),
    // which the attack of 2026-12-05 found observable and is still.
    const PROBES = {
      stacks: 'errors thrown through the frame-element getters, window.open, fetch, XHR and src name no extension and are as long',
      shapes: 'the wrapped getters and window.open keep their property shapes',
      mapSize: "no Map's size is read while the page sends and nobody typed",
      arrayIterator: 'no array iterator runs in setAttribute, addEventListener, fetch or MutationObserver.observe',
      recorderSends: "a would-be recorder's sends run no RegExp exec, String split or URL getter of the page's",
      toStringWeakMap: "printing a function runs none of the page's WeakMap methods",
      toStringProtoGetter: "printing a function reads nothing of its prototype",
      toStringProxy: "printing a proxy of a function runs none of its traps",
      printedElsewhere: "a wrapper printed with another realm's toString prints as native",
      firstDocumentGlobals: "a first document's globals are as without Silbato",
      dispatchGetters: "a dispatched click on a file input calls none of the page's MouseEvent getters",
      objectPrototypeGetters: "no getter of the page's on Object.prototype is read by Silbato's messages and wrappers",
    };
    for (const [key, what] of Object.entries(PROBES)) {
      test(`B1. ${key}: ${what}`, () => {
        assert.deepEqual(withSilbato[key], without[key], `with Silbato (actual) and without (expected): ${JSON.stringify(withSilbato[key])} / ${JSON.stringify(without[key])}`);
      });
    }
  });

  // Every way the page has, each found unflagged on 2026-12-05 but the
  // first: objects that print themselves (converted once, by the wrapper),
  // and first documents (wrapped as their frames are connected, realms.js).
  const WAYS = {
    plain: 'fetch with a string address and body',
    objurl: 'fetch with an address object that prints itself',
    stringurl: 'fetch with a String object address',
    objbody: 'fetch with a body object that prints itself',
    beaconobj: 'sendBeacon with a body object that prints itself',
    xhrobj: 'XMLHttpRequest opened with an address object that prints itself',
    crossgetter: "a first document reached with another first document's contentWindow getter",
    nested: 'a first document made inside a first document',
    openfromframe: "a popup opened by a first document's window.open",
    regexp: "a first document reached while the page's RegExp.prototype.exec throws",
  };
  for (const [via, what] of Object.entries(WAYS)) {
    test(`B2. typed text sent to a third party through ${what} is named`, async () => {
      const page = await open(`/attack2-keylog?via=${via}`);
      try {
        const hits = local.server.trackerHits.length;
        await page.click('#ta');
        await page.keyboard.type(TYPED);
        await page.waitForFunction((n) => window.__sent >= n, via === 'openfromframe' ? 1 : 9);
        await reached(hits);
        const shown = await waitForNotice(page, /This page sends what you type to Google before you post/, 8000, 'silbato-marker');
        assert.match(shown, /reached www\.google-analytics\.com/);
      } finally {
        await closeOthers(null);
      }
    });
  }

  // 40 frames: more than the group once kept (32), when the newest took the last place.
  for (const n of [2, 40]) {
    test(`B2. typed text in a same-origin frame made after ${n} others, sent to a third party, is named`, async () => {
      const page = await open(`/attack2-keylog?via=crowded&n=${n}`);
      try {
        const hits = local.server.trackerHits.length;
        await page.waitForFunction(() => document.querySelector('iframe').contentDocument.getElementById('ta2') !== null);
        // The box, at the top left of the first frame.
        await page.mouse.click(60, 40);
        await page.keyboard.type(TYPED);
        await page.waitForFunction(() => window.__sent >= 9);
        await reached(hits);
        const shown = await waitForNotice(page, /This page sends what you type to Google before you post/, 8000, 'silbato-marker');
        assert.match(shown, /reached www\.google-analytics\.com/);
      } finally {
        await closeOthers(null);
      }
    });
  }

  test('B3. a page that replaces JSON.stringify cannot put findings in the popup', async () => {
    const page = await open('/attack2-fake');
    try {
      await page.bringToFront();
      const [tabId] = await browser.worker.evaluate(async () => (await chrome.tabs.query({ active: true })).map((t) => t.id));
      const popup = await browser.context.newPage();
      await popup.goto(`chrome-extension://${extensionId}/popup/popup.html?tab=${tabId}`);
      await popup.waitForSelector('body[data-photos="done"], body[data-rendered="unavailable"]');
      assert.equal(await page.evaluate(() => window.__asked), 0, "the page's JSON.stringify was given the watch's records");
      assert.match(await popup.locator('#typing summary').innerText(), /Before you type\s*0/);
      assert.doesNotMatch(await popup.locator('#verdict').innerText(), /what you type|Meta/);
    } finally {
      await closeOthers(null);
    }
  });

  describe('B5. once the person has typed, the page observes what it observes without Silbato', () => {
    let without;
    let withSilbato;
    before(async () => {
      const observe = async (b) => {
        const p = await b.context.newPage();
        try {
          await p.goto(`${local.server.base}/attack2-typed`);
          await p.waitForLoadState('load');
          await p.click('#ta');
          await p.keyboard.type(TYPED);
          return await p.evaluate(() => window.observe());
        } finally {
          await p.close();
        }
      };
      const plain = await launch(local.proxy, { extension: false, localHosts: TRACKER_HOSTS });
      try {
        without = await observe(plain);
      } finally {
        await plain.close();
      }
      withSilbato = await observe(browser);
    });
    const PROBES = {
      initReads: "a fetch's init members are read once each, in the browser's order",
      stringThen: 'no "then" is asked of a string body',
      promiseThen: "a Blob body is read without the page's Promise.prototype.then",
      fieldsMap: "no Map of Silbato's (nor the typed text) reaches the page's Map size getter",
    };
    for (const [key, what] of Object.entries(PROBES)) {
      test(`B5. ${key}: ${what}`, () => {
        assert.deepEqual(withSilbato[key], without[key], `with Silbato (actual) and without (expected): ${JSON.stringify(withSilbato[key])} / ${JSON.stringify(without[key])}`);
      });
    }
  });
});
