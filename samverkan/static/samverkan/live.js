/* The live meeting's screens follow the meeting's number (server-sent events).
 *
 * For every element [data-live-events] (its value: the stream's address) an EventSource
 * is opened. When a `changed` event carries a number other than the one the element
 * shows (data-live-version), the event `live-changed` is sent on document.body; htmx
 * fragments listen with hx-trigger="live-changed from:body" and fetch themselves again,
 * so what a screen shows is always fetched with the viewer's own access. After a
 * reconnect `live-changed` is always sent: nothing that happened offline is missed.
 * An element [data-live-status] tells the connection's state (aria-live="polite"). */
(function () {
  "use strict";

  var CONNECTED = "Ansluten";
  var CONNECTING = "Ansluter …";
  var RECONNECTING = "Återansluter …";

  function setStatus(text, state) {
    document.querySelectorAll("[data-live-status]").forEach(function (el) {
      if (!el.hasAttribute("aria-live")) {
        el.setAttribute("aria-live", "polite");
      }
      if (el.textContent !== text) {
        el.textContent = text;
      }
      el.setAttribute("data-live-state", state);
    });
  }

  function announce(version) {
    document.body.dispatchEvent(
      new CustomEvent("live-changed", { detail: { version: version } })
    );
  }

  function follow(url) {
    var opened = false; // has this page been connected before (then: a reconnect)
    var source = null;
    var backoff = 1000;
    var timer = null;

    // The element is looked up each time: a fragment swap may have replaced it.
    function shown() {
      var els = document.querySelectorAll("[data-live-events]");
      for (var i = 0; i < els.length; i++) {
        if (els[i].getAttribute("data-live-events") === url) {
          return els[i];
        }
      }
      return null;
    }

    function connect() {
      timer = null;
      setStatus(opened ? RECONNECTING : CONNECTING, "connecting");
      source = new EventSource(url);
      source.addEventListener("open", function () {
        setStatus(CONNECTED, "open");
        backoff = 1000;
        if (opened) {
          announce(null);
        }
        opened = true;
      });
      source.addEventListener("changed", function (e) {
        var version = null;
        try {
          version = JSON.parse(e.data).version;
        } catch (err) {
          return;
        }
        var el = shown();
        var current = el ? el.getAttribute("data-live-version") : null;
        if (String(version) !== current) {
          if (el) {
            el.setAttribute("data-live-version", String(version));
          }
          announce(version);
        }
      });
      source.addEventListener("error", function () {
        if (source.readyState === EventSource.CLOSED) {
          // The browser gave up (an HTTP error, e.g. a proxy's 502): try again, slower.
          source = null;
          setStatus(RECONNECTING, "closed");
          timer = window.setTimeout(connect, backoff);
          backoff = Math.min(backoff * 2, 30000);
        } else {
          setStatus(RECONNECTING, "connecting");
        }
      });
    }

    window.addEventListener("online", function () {
      if (source === null || source.readyState === EventSource.CLOSED) {
        if (timer !== null) {
          window.clearTimeout(timer);
        }
        backoff = 1000;
        connect();
      }
    });
    connect();
  }

  function start() {
    var seen = {};
    document.querySelectorAll("[data-live-events]").forEach(function (el) {
      var url = el.getAttribute("data-live-events");
      if (url && !seen[url]) {
        seen[url] = true;
        follow(url);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
