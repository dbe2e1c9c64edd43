// The offline page's service worker: it caches every file of the page when
// installed and answers from that cache, so the page works with no
// connection. It fetches nothing but the page's own files; the list and the
// version are written by scripts/build-www.mjs.
//
// It is also the share target (manifest.webmanifest `share_target`): photos
// and videos shared to the installed page from the phone's gallery arrive as
// a multipart POST to ./share-target. They are kept only in this worker's
// memory, handed to the page that asks for them in a message, and dropped:
// never in the Cache API or IndexedDB, so nothing is left once the page is
// closed (tests/e2e/share.test.mjs checks it).
const VERSION = '__VERSION__';
const FILES = __FILES__;
const SHARE_PATH = new URL('./share-target', self.location.href).pathname;
/** A share nobody asks for within this time is dropped (the page asks as soon as it opens). */
const SHARE_KEEP_MS = 60000;
/** The form field the manifest names for files. */
const SHARE_FIELD = 'media';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The latest share not yet handed over: { files: Promise<File[]>, handed: Promise, done() }.
let pending = null;

/** The files of a shared form: only File values of the files field (text, title and url are ignored). */
async function sharedFiles(request) {
  try {
    const form = await request.formData();
    return form.getAll(SHARE_FIELD).filter((v) => typeof v === 'object' && v !== null && typeof v.arrayBuffer === 'function' && v.size > 0);
  } catch {
    return []; // not a form we can read: the page opens with nothing shared
  }
}

function receiveShare(event) {
  let done;
  const share = { files: sharedFiles(event.request), handed: new Promise((resolve) => (done = resolve)) };
  share.done = done;
  pending = share;
  // The page opens at once (303: the browser follows with a GET, answered from the cache).
  event.respondWith(Response.redirect(new URL('./index.html?share', self.location.href).href, 303));
  // Stay alive until the page has the files, or give up and forget them.
  const timeout = new Promise((resolve) => setTimeout(resolve, SHARE_KEEP_MS));
  event.waitUntil(Promise.race([share.handed, timeout]).then(() => {
    if (pending === share) pending = null;
  }));
}

self.addEventListener('message', (event) => {
  const source = event.source;
  if (!source || source.type !== 'window' || event.data?.type !== 'silbato-share-ready') return;
  // Whatever was shared goes to the first page that asks, once; later asks get nothing.
  const share = pending;
  pending = null;
  event.waitUntil(
    (share ? share.files : Promise.resolve([])).then((files) => {
      source.postMessage({ type: 'silbato-shared', files });
      share?.done();
    }),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method === 'POST' && url.pathname === SHARE_PATH) {
    receiveShare(event);
    return;
  }
  if (event.request.method !== 'GET') return;
  event.respondWith(
    caches.open(VERSION).then((cache) =>
      cache.match(event.request, { ignoreSearch: true }).then((hit) => hit || fetch(event.request)),
    ),
  );
});
