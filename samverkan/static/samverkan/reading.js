/* The reading view on the page (läsplattan): registers the service worker and asks it
   to keep the member's documents; keeps notes written without a connection in
   localStorage ("väntar på anslutning") and sends them when the connection is back (the
   note's id makes a repeated send save it once); and on signing out, or on any page
   seen signed out, drops every offline copy and queued note from the device. */
(function () {
  "use strict";
  const QUEUE = "lasplatta-queue";

  function signedIn() {
    return document.querySelector('form[action$="/logga-ut/"]') !== null;
  }

  function readQueue() {
    try {
      return JSON.parse(localStorage.getItem(QUEUE) || "[]");
    } catch (e) {
      return [];
    }
  }

  function writeQueue(queue) {
    if (queue.length) localStorage.setItem(QUEUE, JSON.stringify(queue));
    else localStorage.removeItem(QUEUE);
  }

  async function dropEverything() {
    localStorage.removeItem(QUEUE);
    if ("caches" in window) {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith("lasplatta")).map((n) => caches.delete(n)));
    }
    if ("serviceWorker" in navigator) {
      const registrations = await navigator.serviceWorker.getRegistrations();
      await Promise.all(registrations.map((r) => r.unregister()));
    }
  }

  function status(text) {
    const el = document.getElementById("lasplatta-status");
    if (el) el.textContent = text;
  }

  function ask(worker, message) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      worker.postMessage(message, [channel.port2]);
    });
  }

  async function keepOffline() {
    const root = document.getElementById("lasplatta");
    if (!root || !("serviceWorker" in navigator)) return;
    if (!navigator.onLine) {
      status("Ingen uppkoppling: du läser den kopia som finns sparad på enheten.");
      document.documentElement.classList.add("is-offline");
      return;
    }
    try {
      await navigator.serviceWorker.register(root.dataset.sw, { scope: root.dataset.scope });
      const ready = await navigator.serviceWorker.ready;
      const result = await ask(ready.active, { type: "sync" });
      if (result && typeof result.kept === "number") {
        status(
          result.kept === result.listed
            ? "Sparat för läsning utan uppkoppling (" + result.kept + " sidor och filer)."
            : "Sparat " + result.kept + " av " + result.listed + " sidor och filer för läsning utan uppkoppling."
        );
        document.documentElement.dataset.lasplattaSaved = String(result.kept);
      }
    } catch (e) {
      status("Handlingarna kunde inte sparas för läsning utan uppkoppling på den här enheten.");
    }
  }

  function showPending() {
    const box = document.querySelector("[data-pending-notes]");
    if (!box) return;
    const list = box.querySelector("[data-pending-list]");
    const here = readQueue().filter((q) => q.url === location.pathname);
    list.textContent = "";
    for (const q of here) {
      const li = document.createElement("li");
      li.className = "note note-pending";
      const meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = "Sida " + q.page + " · väntar på anslutning";
      const text = document.createElement("p");
      text.textContent = q.text;
      li.append(meta, text);
      list.append(li);
    }
    box.hidden = here.length === 0;
  }

  async function send(q) {
    const body = new URLSearchParams({
      csrfmiddlewaretoken: q.csrf,
      page: q.page,
      text: q.text,
      visibility: q.visibility,
      uuid: q.uuid,
    });
    const response = await fetch(q.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    return response;
  }

  async function flush() {
    if (!navigator.onLine) return;
    let queue = readQueue();
    let sent = 0;
    for (const q of queue.slice()) {
      try {
        const response = await send(q);
        if (response.ok || response.status === 400 || response.status === 404 || response.status === 403) {
          // Saved, or refused for good (the document is no longer readable): not again.
          queue = queue.filter((x) => x.uuid !== q.uuid);
          if (response.ok) sent += 1;
        }
      } catch (e) {
        break;
      }
    }
    writeQueue(queue);
    if (sent && document.querySelector("[data-note-form]")) location.reload();
    showPending();
  }

  function onNoteSubmit(event) {
    const form = event.target.closest("[data-note-form]");
    if (!form) return;
    event.preventDefault();
    const data = new FormData(form);
    const q = {
      url: location.pathname,
      csrf: data.get("csrfmiddlewaretoken"),
      page: data.get("page"),
      text: String(data.get("text") || "").trim(),
      visibility: data.get("visibility") || "private",
      uuid: self.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random(),
    };
    if (!q.text) {
      form.submit();
      return;
    }
    if (navigator.onLine) {
      send(q).then(
        (response) => {
          if (response.ok) location.href = location.pathname + "#sida-" + q.page;
          else {
            form.querySelector('input[name="uuid"]').value = q.uuid;
            form.submit();
          }
        },
        () => queueNote(form, q)
      );
    } else {
      queueNote(form, q);
    }
  }

  function queueNote(form, q) {
    const queue = readQueue();
    queue.push(q);
    writeQueue(queue);
    form.querySelector("textarea").value = "";
    showPending();
    status("Anteckningen är sparad på enheten och skickas när uppkopplingen är tillbaka.");
  }

  document.addEventListener("submit", (event) => {
    const target = event.target;
    if (target.matches && target.matches('form[action$="/logga-ut/"]')) {
      event.preventDefault();
      dropEverything().finally(() => target.submit());
    } else if (target.matches && target.matches("[data-note-form]")) {
      onNoteSubmit(event);
    }
  });
  window.addEventListener("online", () => {
    document.documentElement.classList.remove("is-offline");
    flush();
    keepOffline();
  });
  window.addEventListener("offline", () => {
    document.documentElement.classList.add("is-offline");
    status("Ingen uppkoppling: du läser den kopia som finns sparad på enheten.");
  });

  function start() {
    if (!signedIn()) {
      dropEverything();
      return;
    }
    showPending();
    flush().finally(keepOffline);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
