// The upload guard in realms no content script runs in (issue 15): the
// first, empty document of a frame or popup, which a page can reach before
// its address loads (or for good, stopping it) and use with its own
// built-ins and inputs. Each way must end in the guard's own picker, and the
// page must receive only the cleaned copy; each check judges the bytes the
// local server received. Pages: realm-pages.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { dropFiles, launch, localMachine } from './browser.mjs';
import { pickSample, sample, uploadChecks } from './uploads.mjs';
import { WAYS } from './realm-pages.mjs';

let browser;
const local = localMachine();

const { received, nothingMore, assertCleaned } = uploadChecks(local);

describe("a frame's first document, in Chromium", { concurrency: false, timeout: 600000 }, () => {
  before(async () => {
    local.server.received.splice(0);
    browser = await launch(local.proxy);
  });
  after(async () => {
    await browser?.close();
  });

  for (const via of WAYS) {
    test(`its showPicker, reached ${via}, opens Silbato's picker and the page gets the cleaned copy`, async () => {
      local.server.received.splice(0);
      const p = await browser.context.newPage();
      try {
        await p.goto(`${local.server.base}/realm-picker?via=${via}`);
        await p.waitForLoadState('load');
        if (via === 'popup') {
          await p.click('#open');
          await p.waitForFunction(() => document.getElementById('status').textContent === 'opened');
        }
        const opened = await pickSample(p, () => p.click('#open'));
        const status = await p.textContent('#status');
        if (!opened) {
          // No picker at all is safe too, if nothing reaches the page.
          await nothingMore();
          assert.fail(`no picker opened (status: ${status})`);
        }
        assertCleaned((await received(1))[0]);
        await nothingMore();
      } finally {
        for (const other of browser.context.pages()) if (!other.isClosed()) await other.close().catch(() => {});
      }
    });
  }

  test("its click() and a dispatched click on a never-attached input open Silbato's picker", async () => {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/realm-picker?via=frames`);
      await p.waitForLoadState('load');
      assert.ok(await pickSample(p, () => p.click('#open')));
      assertCleaned((await received(1))[0]);
      // Later clicks, each with the person's activation (a click on the page).
      await p.evaluate(() => document.getElementById('open').addEventListener('click', (e) => { e.stopImmediatePropagation(); window[window.next](); }, true));
      for (const how of ['again', 'dispatched']) {
        await p.evaluate((h) => { window.next = h; }, how);
        assert.ok(await pickSample(p, () => p.click('#open')), `no picker for ${how}`);
        assertCleaned((await received(1))[0]);
      }
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  test('an input the person clicks in a frame kept at its first document goes through the guard', async () => {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/realm-visible`);
      await p.waitForFunction(() => window.ready === true);
      // Where the input is drawn, once it is (a real click, at its place on screen).
      const input = p.frameLocator('#f').locator('#file');
      await input.waitFor({ state: 'visible' });
      const box = await input.boundingBox();
      assert.ok(await pickSample(p, () => p.mouse.click(box.x + 20, box.y + box.height / 2)), 'no picker opened');
      assertCleaned((await received(1))[0]);
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  // Silbato's picker opens 50 ms after a click made in another frame
  // (own-picker.js): a page that spends the activation in between (a popup)
  // must get nothing but, at most, the cleaned copy.
  test('a page that spends the click in such a frame before the picker opens gets no original', async () => {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/realm-visible?spend=1`);
      await p.waitForFunction(() => window.ready === true);
      const input = p.frameLocator('#f').locator('#file');
      await input.waitFor({ state: 'visible' });
      const box = await input.boundingBox();
      const popup = p.context().waitForEvent('page', { timeout: 15000 });
      const picked = await pickSample(p, () => p.mouse.click(box.x + 20, box.y + box.height / 2), 5000);
      await (await popup).close();
      if (picked) assertCleaned((await received(1))[0]);
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  test('a photo dropped into a frame kept at its first document goes through the guard', async () => {
    local.server.received.splice(0);
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/realm-visible`);
      await p.waitForFunction(() => window.ready === true);
      await dropFiles(p, '#f', [sample]);
      assertCleaned((await received(1))[0]);
      await nothingMore();
    } finally {
      await p.close();
    }
  });

  // insertions.js takes the frames out of an insertion that also runs page
  // code and puts them back one at a time: what the page wrote must still
  // come out as written.
  test("a page's own insertions of frames with scripts and custom elements come out as written", async () => {
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/realm-visible`);
      await p.waitForFunction(() => window.ready === true);
      const r = await p.evaluate(async () => {
        const out = {};
        window.order = [];
        customElements.define('x-note', class extends HTMLElement { connectedCallback() { window.order.push(`ce ${this.parentNode.id}`); } });
        const frame = (src) => Object.assign(document.createElement('iframe'), { src });
        // A frame, a script and a custom element in one appendChild.
        const box = document.createElement('div');
        box.id = 'box';
        const s = document.createElement('script');
        s.textContent = "window.order.push('script')";
        box.append(frame('/px/a.gif'), s, document.createElement('x-note'), frame('/px/b.gif'));
        out.returned = document.body.appendChild(box) === box;
        out.children = [...box.children].map((e) => e.localName + (e.src ? ` ${new URL(e.src).pathname}` : ''));
        out.order = [...window.order];
        out.framesLive = [...box.querySelectorAll('iframe')].every((f) => f.contentWindow !== null);
        out.stray = [...box.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).length;
        // The same through a fragment and append(...nodes).
        const frag = document.createRange().createContextualFragment('<iframe src="/px/c.gif"></iframe><script>window.order.push("fragment")<\/script>');
        const holder = document.createElement('section');
        document.body.append(holder);
        holder.append(frag, 'text');
        out.fragment = [...holder.childNodes].map((n) => n.nodeName);
        out.fragmentRan = window.order.includes('fragment');
        // A live frame beside the insertion is neither moved nor reloaded.
        const live = document.createElement('div');
        live.append(Object.assign(document.createElement('iframe'), { srcdoc: '<p>live' }));
        document.body.append(live);
        await new Promise((res) => (live.firstChild.onload = res));
        live.firstChild.contentWindow.kept = 1;
        const s2 = document.createElement('script');
        s2.textContent = "window.order.push('before live')";
        document.body.insertBefore(s2, live);
        out.liveKept = live.firstChild.contentWindow.kept === 1;
        // An insertion that fails leaves the frame where it was.
        const bad = document.createElement('div');
        bad.append(frame('/px/d.gif'), document.createElement('x-note'));
        try {
          document.appendChild(bad);
          out.threw = false;
        } catch (e) {
          out.threw = e.name;
        }
        out.badChildren = [...bad.childNodes].map((n) => n.nodeName);
        return out;
      });
      assert.deepEqual(r, {
        returned: true,
        children: ['iframe /px/a.gif', 'script', 'x-note', 'iframe /px/b.gif'],
        order: ['script', 'ce box'],
        framesLive: true,
        stray: 0,
        fragment: ['IFRAME', 'SCRIPT', '#text'],
        fragmentRan: true,
        liveKept: true,
        threw: 'HierarchyRequestError',
        badChildren: ['IFRAME', 'X-NOTE'],
      });
    } finally {
      await p.close();
    }
  });

  // A definition that extends a frame is refused (insertions.js's
  // defineGuarded); any other is defined as written, its options read once.
  test("a page's customized built-in frames are refused, its other definitions made as written", async () => {
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/realm-visible`);
      await p.waitForFunction(() => window.ready === true);
      const r = await p.evaluate(() => {
        const out = {};
        for (const tag of ['iframe', 'frame', 'object', 'embed']) {
          try {
            customElements.define(`x-${tag}`, class extends HTMLElement {}, { extends: tag });
            out[tag] = 'defined';
          } catch (e) {
            out[tag] = e.name;
          }
        }
        const calls = [];
        let reads = 0;
        class XButton extends HTMLButtonElement {
          static get observedAttributes() {
            return ['title'];
          }
          connectedCallback() {
            calls.push(`connected ${this.localName}`);
          }
          attributeChangedCallback(name, old, value) {
            calls.push(`attribute ${name} ${old} ${value}`);
          }
        }
        const options = {
          get extends() {
            reads++;
            return 'button';
          },
        };
        customElements.define('x-button', XButton, options);
        out.same = customElements.get('x-button') === XButton;
        out.reads = reads;
        const b = document.createElement('button', { is: 'x-button' });
        b.title = 'a';
        document.body.append(b);
        b.remove();
        out.calls = calls;
        out.own = Object.getOwnPropertyNames(XButton.prototype).sort().join(',');
        try {
          customElements.define('x-bad', 1);
        } catch (e) {
          out.bad = e.name;
        }
        return out;
      });
      assert.deepEqual(r, {
        iframe: 'NotSupportedError',
        frame: 'NotSupportedError',
        object: 'NotSupportedError',
        embed: 'NotSupportedError',
        same: true,
        reads: 1,
        calls: ['attribute title null a', 'connected button'],
        own: 'attributeChangedCallback,connectedCallback,constructor',
        bad: 'TypeError',
      });
    } finally {
      await p.close();
    }
  });

  // An <object>/<embed> has its frame made as it goes in (insertions.js's
  // makeObjectFrame): the page's own still loads its document and fires
  // its load, and a hidden one still has no frame.
  test("a page's own <object> and <embed> load their documents as written", async () => {
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/realm-visible`);
      await p.waitForFunction(() => window.ready === true);
      const r = await p.evaluate(async () => {
        const make = (tag, hidden) => {
          const o = document.createElement(tag);
          o.type = 'text/html';
          o[tag === 'object' ? 'data' : 'src'] = '/realm-visible?inner';
          o.style.cssText = `width:50px;height:50px${hidden ? ';display:none' : ''}`;
          return o;
        };
        const out = {};
        for (const tag of ['object', 'embed']) {
          const before = window.length;
          const o = make(tag, false);
          const loaded = new Promise((res) => o.addEventListener('load', res));
          out[`${tag} returned`] = document.body.appendChild(o) === o;
          await loaded;
          out[`${tag} loaded`] = window[before].location.search;
          const hidden = make(tag, true);
          document.body.append(hidden);
          out[`${tag} hidden frames`] = window.length - before - 1;
        }
        return out;
      });
      assert.deepEqual(r, {
        'object returned': true,
        'object loaded': '?inner',
        'object hidden frames': 0,
        'embed returned': true,
        'embed loaded': '?inner',
        'embed hidden frames': 0,
      });
    } finally {
      await p.close();
    }
  });

  // Silbato asks for the frames of the <object>s the parser puts in at
  // once, open or not (attack11's parserobjectfallback); in Chromium an
  // object open then gets no frame unless looked at again once closed.
  test("a page's own nested <object>s in its HTML load their documents", async () => {
    const p = await browser.context.newPage();
    try {
      await p.goto(`${local.server.base}/realm-objects`);
      await p.waitForFunction(() => window.ready === true);
      const loaded = await p
        .waitForFunction(() => ['deep', 'flat'].every((id) => document.getElementById(id).contentWindow?.location.search === `?${id}`), null, { timeout: 15000 })
        .then(() => true, () => false);
      const r = await p.evaluate(() => ({ frames: window.length, deep: document.getElementById('deep').contentWindow?.location.search ?? null, flat: document.getElementById('flat').contentWindow?.location.search ?? null }));
      assert.ok(loaded, `not loaded: ${JSON.stringify(r)}`);
      assert.deepEqual(r, { frames: 2, deep: '?deep', flat: '?flat' });
    } finally {
      await p.close();
    }
  });
});
