// WeBrana Cloud's service worker. Served by the app (server/src/installable/mod.rs), which
// fills in the current build's asset folder, so a new build is a new worker.
//
// Built assets live in a folder named by their content (pkg/<hash>/): once fetched they never
// change, so the worker keeps a copy for when the network is gone. Pages always come from the
// network (they show the signed-in account and live state); without it the offline page answers.
// Nothing else (server functions, the notification socket, POSTs) is touched.
const ASSETS = '__ASSETS__';
const OFFLINE = '__OFFLINE__';
const CACHE = `webrana-${ASSETS}`;
const PRECACHE = [OFFLINE, '__STYLESHEET__', '/favicon.svg'];
// Assets this worker has stored since it started: each is written once, not on every load.
const stored = new Set();

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

// The caches of earlier builds go once this one takes over. Navigation preload lets the
// browser fetch a page while the worker starts, so a page waits for no worker.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    Promise.resolve(self.registration.navigationPreload && self.registration.navigationPreload.enable())
      .then(() => caches.keys())
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith('webrana-') && name !== CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(ASSETS)) {
    // Network first: the browser's HTTP cache already keeps these files a year (immutable),
    // so "the network" is mostly that cache, and the worker's copy answers only when the
    // network is gone. Serving every file from Cache Storage instead made a page's chunk
    // fail to load now and then in Chromium (net::ERR_ABORTED on a cached response, seen in
    // the browser tests), and a page whose chunk fails does not come alive.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && !stored.has(request.url)) {
            stored.add(request.url);
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
          }
          return response;
        })
        .catch(() => caches.match(request).then((kept) => kept || Response.error())),
    );
  } else if (request.mode === 'navigate') {
    event.respondWith(
      Promise.resolve(event.preloadResponse)
        .then((preloaded) => preloaded || fetch(request))
        .catch(() => caches.match(OFFLINE)),
    );
  }
});
