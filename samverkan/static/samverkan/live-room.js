// The secretary's live view follows the meeting: when the stream says it changed, the
// panel is fetched again and replaced, keeping what is being written (elements marked
// data-keep keep their text, open state and the cursor), so a member's vote never wipes
// the decision the secretary is typing. An answer older than the panel shown is dropped.
(function () {
  "use strict";
  var busy = false;
  var again = false;

  function version(el) { return parseInt(el.getAttribute("data-live-version") || "0", 10); }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(window.location.href, {
      credentials: "same-origin", cache: "no-store", headers: { "X-Live-Panel": "1" },
    })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var old = document.getElementById("live-panel");
        if (!html || !old) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live-panel");
        if (!fresh || version(fresh) < version(old)) { return; }
        var active = document.activeElement;
        var activeId = active && old.contains(active) ? active.id : "";
        var start = null;
        var end = null;
        try { start = active.selectionStart; end = active.selectionEnd; } catch (e) { /* not text */ }
        fresh.querySelectorAll("[data-keep]").forEach(function (el) {
          var kept = document.getElementById(el.id);
          if (!kept) { return; }
          if (el.tagName === "DETAILS") {
            el.open = kept.open;
          } else if (el.type === "checkbox") {
            el.checked = kept.checked;
          } else {
            el.value = kept.value;
          }
        });
        old.replaceWith(fresh);
        if (window.htmx) { window.htmx.process(fresh); }
        if (activeId) {
          var target = document.getElementById(activeId);
          if (target) {
            target.focus();
            try { if (start !== null) { target.setSelectionRange(start, end); } } catch (e) { /* not text */ }
          }
        }
      })
      .catch(function () { /* offline: the stream's reconnect asks again */ })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  document.body.addEventListener("live-changed", refresh);
})();
