/* The reading view on the page (läsplattan): registers the service worker and asks it
   to keep the member's documents; keeps notes written without a connection in
   localStorage ("väntar på anslutning") and sends them when the connection is back (the
   note's id makes a repeated send save it once). A note leaves the queue only when the
   server says it is saved, or refuses it with its own validation answer (400); a session
   that has ended (a redirect to the login page), a refusal (401, 403) or a server error
   keeps it queued, and it is sent again with the CSRF token of the current session.
   Queued notes are sent only on the reading pages of the account that wrote them (another
   account signing in on the tablet drops them). Signing out drops every offline copy and
   queued note from the device; any page seen signed out drops the offline copies. */
(function () {
  "use strict";
  const QUEUE = "lasplatta-queue";

  function signedIn() {
    return document.querySelector('form[action$="/logga-ut/"]') !== null;
  }

  function currentUser() {
    const root = document.getElementById("lasplatta");
    return root ? root.dataset.user || "" : "";
  }

  function csrfToken(q) {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    if (cookie) return decodeURIComponent(cookie.slice("csrftoken=".length));
    const field = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return field ? field.value : q.csrf;
  }

  function count(n) {
    return n === 1 ? "1 sida eller fil" : n + " sidor och filer";
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

  async function dropEverything(keepQueue) {
    if (!keepQueue) localStorage.removeItem(QUEUE);
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
            ? "Sparat för läsning utan uppkoppling (" + count(result.kept) + ")."
            : "Sparat " + result.kept + " av " + count(result.listed) + " för läsning utan uppkoppling."
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
    const token = csrfToken(q);
    const body = new URLSearchParams({
      csrfmiddlewaretoken: token,
      page: q.page,
      text: q.text,
      visibility: q.visibility,
      uuid: q.uuid,
    });
    const response = await fetch(q.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token },
    });
    return response;
  }

  // What the server said of a sent note: "saved"; "refused" (its own validation answer,
  // with its messages); "login" (the session has ended); or "keep" (try again later).
  async function outcome(response) {
    if (response.redirected) return { kind: "login" };
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    if (response.ok && data && data.saved === true) return { kind: "saved" };
    if (response.status === 400 && data && data.saved === false) {
      const messages = [];
      for (const errors of Object.values(data.errors || {})) {
        for (const error of errors) messages.push(error.message);
      }
      return { kind: "refused", message: messages.join(" ") };
    }
    return { kind: "keep" };
  }

  async function flush() {
    if (!navigator.onLine) return;
    const user = currentUser();
    if (!user) return; // sent only where the page names the account signed in
    let queue = readQueue();
    if (queue.some((q) => q.user !== user)) {
      // Written by another account on this tablet: never sent as this one's.
      queue = queue.filter((q) => q.user === user);
      writeQueue(queue);
    }
    let sent = 0;
    const refused = [];
    let login = false;
    for (const q of queue.slice()) {
      let result;
      try {
        result = await outcome(await send(q));
      } catch (e) {
        break; // the connection went: the rest waits
      }
      if (result.kind === "saved" || result.kind === "refused") {
        queue = queue.filter((x) => x.uuid !== q.uuid);
        if (result.kind === "saved") sent += 1;
        else refused.push(result.message);
      } else if (result.kind === "login") {
        login = true;
        break;
      }
    }
    writeQueue(queue);
    if (login) status("Logga in igen för att skicka anteckningen.");
    else if (refused.length) status("En anteckning kunde inte sparas: " + refused.join(" "));
    else if (sent && document.querySelector("[data-note-form]")) location.reload();
    showPending();
    return { sent: sent, refused: refused.length, login: login, left: queue.length };
  }

  function onNoteSubmit(event) {
    const form = event.target.closest("[data-note-form]");
    if (!form) return;
    event.preventDefault();
    const data = new FormData(form);
    const q = {
      url: location.pathname,
      user: currentUser(),
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
      send(q)
        .then(outcome)
        .then(
          (result) => {
            if (result.kind === "saved") location.href = location.pathname + "#sida-" + q.page;
            else if (result.kind === "refused") {
              // The server's own answer: the form shows its messages.
              form.querySelector('input[name="uuid"]').value = q.uuid;
              form.submit();
            } else {
              queueNote(form, q);
              if (result.kind === "login") status("Logga in igen för att skicka anteckningen.");
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
      // The offline copies go; queued notes stay for their author to send after signing
      // in again (they are sent only as that account's).
      dropEverything(true);
      return;
    }
    showPending();
    flush().finally(keepOffline);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
