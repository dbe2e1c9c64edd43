// The fifty-sixth attack: photos the PERSON drops (a trusted drop through
// Chromium's input pipeline, browser.mjs dropFiles) onto a frame the page made,
// of kinds where the guard (guard.js onDrop, the window's first capture
// listener) may not listen first: sandboxed and opaque-origin frames, data:,
// blob:, javascript: and XSLT-made documents, a frame given the page's
// listener inside the call that connected it. The frame's script uploads the
// drop's files. Pages: attack56-pages.mjs.
import { describe, test } from 'node:test';

import assert from 'node:assert/strict';

import { assertNothingLeaked, attackSwitches, dropFiles, localMachine, noticeText, suiteBrowser } from './browser.mjs';
import { sample } from './uploads.mjs';

const local = localMachine();
const { explore } = attackSwitches(56);

describe('attack 56: a person\'s drop onto frames the page made, in Chromium', { concurrency: false, timeout: 1800000 }, () => {
  const browser = suiteBrowser(local);
  /** Way `via` of /attack56-drop: the person drops the sample onto #zone; after `settle` ms, what the server received and the page's notes. */
  const dropAttack = async (via, settle = 5000) => {
    local.server.received.splice(0);
    const p = await browser().context.newPage();
    try {
      await p.goto(`${local.server.base}/attack56-drop?via=${via}`, { timeout: 120000 });
      await p.waitForFunction('window.ready === true', null, { timeout: 60000 });
      await dropFiles(p, '#zone', [sample]);
      await new Promise((r) => setTimeout(r, settle));
      const notes = await p.evaluate(() => window.notes || []);
      // The notice of the page, and of each frame in a process of its own (a sandboxed frame's is not in the page's tree).
      let notice = await noticeText(p);
      for (const f of p.frames().slice(1)) notice += await noticeText(f).then((n) => (n ? ` | ${n}` : ''), () => '');
      const uploads = local.server.received.splice(0).map((f) => ({ name: f.name, size: f.bytes.length, text: f.type === 'text/plain' ? f.bytes.toString('utf8') : undefined }));
      const r = { uploads, notes, notice };
      console.log(`${via}: ${JSON.stringify(r)}`);
      return r;
    } finally {
      await p.close();
    }
  };
  /** The drop arrived, and only cleaned: one upload, the cleaned copy's name and not the original's size. */
  const cleanedOnly = (r) => {
    assertNothingLeaked(r);
    assert.ok(r.uploads.length >= 1 && r.uploads.every((u) => u.name === 'photo.jpg'), `not a cleaned copy: ${JSON.stringify(r.uploads)}`);
  };

  // Withstood (2026-12-07, Chromium, 1 run each): the server got only "photo.jpg", 12582 bytes, cleaned; the frame's
  // drop listener saw an untrusted drop (the guard's re-fired one) holding the cleaned copy. Before the drop, the
  // frame's dragenter/dragover saw only kind/type ("file/image/jpeg"; getAsFile null, webkitGetAsEntry null).
  // - top: control, a drop zone in the page itself.
  // - datasrc: a data: frame (opaque origin; match_origin_as_fallback runs the guard there).
  // - blobsrc: a blob: frame of the page's origin.
  // - jsurl: a javascript: URL frame whose document is the string it returns.
  // - xslt: an XML blob: frame turned into HTML by an XSLT stylesheet (a document made by the XSLT processor).
  // - loadlisten: a same-origin about:blank frame given the page's capture drop listener inside appendChild (its
  //   synchronous load event), before realms.js's wrapping returns: the guard's listener there still ran first.
  for (const via of ['top', 'datasrc', 'blobsrc', 'jsurl', 'xslt', 'loadlisten']) {
    test(`withstood: a drop onto ${via}: a cleaned copy`, async () => {
      cleanedOnly(await dropAttack(via));
    });
  }
  // Were a CRASH (2026-12-07): sandboxsrcdoc (a srcdoc frame sandboxed with allow-scripts only) hung the run, twice:
  // the person's drop made the guard start its cleaner, an extension page framed inside the sandboxed document, and
  // Chromium killed the page's renderer as it loaded ("Page crashed"; so did a plain click on a file input in such a
  // frame). Nothing of the original got out, but the tab died. Now no frame of Silbato's is made in a document
  // sandboxed without allow-same-origin (js/ext.js sandboxedHere): the drop's files are left out, the page lives on,
  // and the frame's notice says why ("walled off", failedBody with reasonSandboxed). The same for a sandboxed frame at
  // an address of the server (sandboxurl) and a data: frame inside a sandboxed one (nested).
  for (const via of ['sandboxsrcdoc', 'sandboxurl', 'nested']) {
    test(`a drop onto ${via}: the page lives on, nothing of the original arrives, and the person is told why`, async () => {
      const r = await dropAttack(via);
      assertNothingLeaked(r);
      assert.deepEqual(r.uploads, [], `something arrived: ${JSON.stringify(r.uploads)}`);
      assert.match(r.notice, /walled off/, `the person was not told: ${r.notice}`);
    });
  }

  for (const via of explore) {
    test(`explore ${via}`, async () => {
      await dropAttack(via);
    });
  }
});
