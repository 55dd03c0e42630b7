// The service worker of Kiln's pages: the verify page, with its verifier
// module, works with no network after the first visit.
//
// pkg/sw-build.js, written by web/build.mjs at every build, sets
// self.KILN_BUILD = { version, precache, onDemand }: the version is a hash of
// every file this worker may cache, so a new build changes it; the browser
// compares imported scripts when it checks for an update, installs the new
// worker, which fills a new cache, and the old cache is deleted when it takes
// over. Within one version, the files are served from the cache first (they
// belong together: a module's JavaScript glue and its .wasm must come from
// the same build).
//
// - precache: the verify page, its style sheets and scripts, the small
//   verifier module, the manifest and icons (fetched at install); the page
//   itself comes from the network first, the cache when that fails;
// - onDemand: path prefixes (the verifier-full module, the QR module) cached
//   the first time a page fetches them;
// - anything else (badges, online documents, other pages) is left to the
//   network, untouched.
/* global importScripts */
importScripts("pkg/sw-build.js");

const BUILD = self.KILN_BUILD;
const PREFIX = "kiln-";
const CACHE = `${PREFIX}${BUILD.version}`;
const scope = () => new URL(self.registration.scope);
const inScope = (path) => new URL(path, scope()).href;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // cache: "no-cache" revalidates with the server, so no HTTP-cached file of an older build is kept.
      await cache.addAll(BUILD.precache.map((path) => new Request(inScope(path), { cache: "no-cache" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

/** The cache key of a request this worker answers, or null to leave it to the network. */
function cacheKey(request) {
  if (request.method !== "GET") return null;
  const url = new URL(request.url);
  const base = scope();
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  const path = url.pathname.slice(base.pathname.length);
  // The verify page, whatever its query (a fragment never reaches a worker).
  if (request.mode === "navigate" && (path === "" || path === "index.html")) return { key: base.href, page: true };
  if (url.search !== "") return null;
  if (BUILD.precache.includes(path)) return { key: url.href };
  if (BUILD.onDemand.some((prefix) => path.startsWith(prefix))) return { key: url.href };
  return null;
}

/** How long the page waits for the network before it takes the cached copy. */
const PAGE_NETWORK_MS = 4000;

/**
 * The page itself from the network first, so that a site's configuration in it (trust list,
 * relay) is always the current one; the cached copy when the network fails or is too slow.
 */
async function pageFirst(event, cache, key) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("no answer in time")), PAGE_NETWORK_MS);
  });
  try {
    // A navigation request cannot be given options (a signal): it races a timer instead.
    const response = await Promise.race([fetch(event.request), late]);
    if (response.ok && response.type === "basic") event.waitUntil(cache.put(key, response.clone()));
    return response;
  } catch (e) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

self.addEventListener("fetch", (event) => {
  const hit = cacheKey(event.request);
  if (hit === null) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (hit.page) return pageFirst(event, cache, hit.key);
      const cached = await cache.match(hit.key);
      if (cached) return cached;
      const response = await fetch(event.request);
      if (response.ok && response.type === "basic") {
        event.waitUntil(cache.put(hit.key, response.clone()));
      }
      return response;
    })(),
  );
});
