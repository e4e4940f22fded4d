/* The reading view's service worker (läsplattan). Served at /lasplatta/sw.js with
   `LASPLATTA = {scope, manifest}` put before this text.

   It keeps what the offline manifest lists (computed by the server through the access
   policy: the member's meetings and the documents the member may read) in the Cache
   Storage, serves it when the network is gone, and drops whatever the manifest no
   longer lists. A signed-out manifest (403) drops everything. The reading pages are
   fetched from the network first, so a member online always reads what the policy
   gives today; a 403 or 404 drops the copy at once. */
"use strict";

const CACHE = "lasplatta-v1";
const USER_KEY = "/__lasplatta_user__";

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

async function dropAll() {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith("lasplatta")).map((n) => caches.delete(n)));
}

async function sync() {
  let response;
  try {
    response = await fetch(LASPLATTA.manifest, { credentials: "same-origin", cache: "no-store" });
  } catch (e) {
    return { offline: true };
  }
  if (response.status === 403 || response.status === 401 || response.redirected) {
    await dropAll();
    return { dropped: true };
  }
  if (!response.ok) {
    return { failed: response.status };
  }
  const manifest = await response.json();
  const cache = await caches.open(CACHE);
  // Another account on the same tablet: nothing of the former one stays.
  const stored = await cache.match(USER_KEY);
  const user = String(manifest.user);
  if (stored && (await stored.text()) !== user) {
    await dropAll();
  }
  const fresh = await caches.open(CACHE);
  await fresh.put(USER_KEY, new Response(user));
  const wanted = new Set(
    manifest.urls.concat(manifest.assets).map((u) => new URL(u, self.location.href).href)
  );
  wanted.add(new URL(USER_KEY, self.location.href).href);
  for (const request of await fresh.keys()) {
    if (!wanted.has(request.url)) {
      await fresh.delete(request);
    }
  }
  let kept = 0;
  for (const url of wanted) {
    if (url.endsWith(USER_KEY)) continue;
    if (await fresh.match(url)) {
      kept += 1;
      continue;
    }
    try {
      const got = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (got.ok && !got.redirected) {
        await fresh.put(url, got);
        kept += 1;
      }
    } catch (e) {
      /* the network went while filling: the rest waits for the next sync */
    }
  }
  return { kept: kept, listed: wanted.size - 1 };
}

self.addEventListener("install", (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (result) => {
    if (event.ports && event.ports[0]) event.ports[0].postMessage(result);
  };
  if (data.type === "sync") {
    event.waitUntil(sync().then(reply, () => reply({ failed: true })));
  } else if (data.type === "drop") {
    event.waitUntil(dropAll().then(() => reply({ dropped: true })));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !sameOrigin(request.url)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const url = request.url.split("#")[0];
      try {
        const response = await fetch(request);
        if (response.status === 403 || response.status === 404 || response.redirected) {
          // Access ended (or the session did): the copy goes too.
          await cache.delete(url);
        } else if (response.ok && (await cache.match(url))) {
          await cache.put(url, response.clone());
        }
        return response;
      } catch (e) {
        const copy = await cache.match(url, { ignoreSearch: true });
        if (copy) return copy;
        throw e;
      }
    })()
  );
});
