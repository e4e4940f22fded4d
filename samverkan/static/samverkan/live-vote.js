// A member's vote from their own device. The ballot is kept (localStorage) before it is
// sent and forgotten only when the server has answered it: registered (200) or refused
// with its own reason (400). Anything else (no connection, a proxy's 502 while the app
// restarts, a redirect to the login page, a 403) keeps it, and it is sent again when the
// connection is back and every few seconds, so no vote is lost. Sending the same vote
// twice keeps one ballot on the server; a later press replaces a vote still waiting.
(function () {
  "use strict";
  var KEY = "samverkan-pending-ballot";
  var status = document.getElementById("ballot-status");

  function say(text) { if (status) { status.textContent = text; } }

  function pending() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }

  function keep(ballot) {
    try { window.localStorage.setItem(KEY, JSON.stringify(ballot)); } catch (e) { /* private mode */ }
  }

  function forget(ballot) {
    var now = pending();
    // Only the ballot answered: a newer press made meanwhile stays to be sent.
    if (now && now.stamp !== ballot.stamp) { return; }
    try { window.localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
  }

  function csrf(ballot) {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : ballot.csrf;
  }

  var sending = false;
  function send(ballot) {
    if (sending) { return; }
    sending = true;
    var token = csrf(ballot);
    var body = new URLSearchParams();
    body.set("csrfmiddlewaretoken", token);
    body.set("action", "ballot");
    body.set("vote", ballot.vote);
    body.set("choice", ballot.choice);
    fetch(ballot.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Live-Ballot": "1", "X-CSRFToken": token },
    }).then(function (response) {
      return response.text().then(function (text) {
        sending = false;
        if (response.status === 200 || response.status === 400) {
          forget(ballot);
          say(text);
          document.body.dispatchEvent(new CustomEvent("live-changed"));
          retrySoon();
        } else if (response.type === "opaqueredirect" || response.status === 403) {
          say("Din röst är inte registrerad: logga in igen, så skickas den.");
        } else {
          say("Din röst är inte registrerad ännu; den skickas igen om en stund.");
        }
      });
    }).catch(function () {
      sending = false;
      say("Ingen anslutning: din röst skickas så snart anslutningen är tillbaka.");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-ballot")) { return; }
    event.preventDefault();
    var button = event.submitter;
    if (!button || !button.value) { return; }
    var ballot = {
      url: form.getAttribute("action"),  // not form.action: an input is named "action"
      vote: form.elements.namedItem("vote").value,
      choice: button.value,
      csrf: form.elements.namedItem("csrfmiddlewaretoken").value,
      stamp: Date.now(),
    };
    keep(ballot);
    say("Skickar din röst …");
    send(ballot);
  });

  function retry() { var b = pending(); if (b && navigator.onLine) { send(b); } }
  function retrySoon() { if (pending()) { window.setTimeout(retry, 500); } }
  window.addEventListener("online", retry);
  document.body.addEventListener("live-changed", retry);
  window.setInterval(retry, 2000);
  retry();
})();
