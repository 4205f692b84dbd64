/* Loa's service worker: pages a reader opened stay readable without a connection.
   Pages: the network first (fresh news when online), the saved copy when offline.
   Hashed CSS/JS never change: the saved copy first. Other files: the saved copy at once,
   refreshed in the background. Nothing is saved ahead of time: only what the reader opened. */
"use strict";

const SETTINGS = /*SETTINGS*/{};
const SCOPE = self.registration.scope;
const CACHE = "loa-offline:" + SCOPE;
const HASHED = /\.[0-9a-f]{8}\.(css|js)$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// The first page a reader opens loads before this worker runs: the page sends its own URL
// and those of the files it used, so that it too can be read offline.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "loa-save" || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((url) => typeof url === "string" && url.startsWith(SCOPE));
  event.waitUntil(caches.open(CACHE).then((cache) =>
    Promise.all(urls.map((url) => fetch(url).then((response) => save(cache, url, response)).catch(() => null)))
  ).then(trim));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  if (request.mode === "navigate") event.respondWith(page(request, event));
  else if (HASHED.test(new URL(request.url).pathname)) event.respondWith(savedFirst(request));
  else event.respondWith(savedThenRefreshed(request, event));
});

async function page(request, event) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (response) => {
    if (response.ok) {
      await save(cache, request, response.clone());
      await trim();
    }
    return response;
  });
  event.waitUntil(network.catch(() => null));
  try {
    return await withTimeout(network, SETTINGS.timeout_ms, () => cache.match(request));
  } catch (error) {
    return (await cache.match(request, { ignoreSearch: true })) || offlinePage();
  }
}

async function savedFirst(request) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(request);
  if (saved) return saved;
  const response = await fetch(request);
  await save(cache, request, response.clone());
  return response;
}

async function savedThenRefreshed(request, event) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(request);
  const fresh = fetch(request).then(async (response) => {
    await save(cache, request, response.clone());
    return response;
  });
  if (saved) {
    event.waitUntil(fresh.catch(() => null));
    return saved;
  }
  return fresh;
}

async function save(cache, request, response) {
  if (response && response.ok && response.type === "basic") await cache.put(request, response);
}

// When the network is slow and a saved copy exists, show the copy rather than wait forever.
function withTimeout(promise, ms, fallback) {
  if (!ms) return promise;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(async () => {
      const saved = await fallback();
      if (saved) resolve(saved);
    }, ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); },
                 (error) => { clearTimeout(timer); reject(error); });
  });
}

// Keep the newest pages: the oldest saved entries go first when there are too many.
async function trim() {
  const cache = await caches.open(CACHE);
  const keys = await cache.keys();
  const extra = keys.length - SETTINGS.max_entries;
  for (let i = 0; i < extra; i++) await cache.delete(keys[i]);
}

function offlinePage() {
  const t = SETTINGS.text;
  const body = "<!DOCTYPE html><html lang=\"" + t.lang + "\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + t.title + "</title></head>" +
    "<body style=\"font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em\"><h1>" + t.title +
    "</h1><p>" + t.text + "</p><p><a href=\"" + SCOPE + "index.html\">" + t.home + "</a></p></body></html>";
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
