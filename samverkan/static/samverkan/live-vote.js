// A member's vote from their own device. The ballot is sent with fetch; if the device
// has lost its connection, the vote is kept (localStorage) and sent again as soon as the
// connection is back, so no vote is lost. Sending it twice keeps one ballot on the server.
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

  function forget() {
    try { window.localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
  }

  var sending = false;
  function send(ballot) {
    if (sending) { return; }
    sending = true;
    var body = new URLSearchParams();
    body.set("csrfmiddlewaretoken", ballot.csrf);
    body.set("action", "ballot");
    body.set("vote", ballot.vote);
    body.set("choice", ballot.choice);
    fetch(ballot.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Live-Ballot": "1", "X-CSRFToken": ballot.csrf },
    }).then(function (response) {
      return response.text().then(function (text) {
        sending = false;
        forget();
        say(text);
        document.body.dispatchEvent(new CustomEvent("live-changed"));
      });
    }).catch(function () {
      sending = false;
      keep(ballot);
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
    };
    say("Skickar din röst …");
    send(ballot);
  });

  function retry() { var b = pending(); if (b) { send(b); } }
  window.addEventListener("online", retry);
  document.body.addEventListener("live-changed", function () { if (navigator.onLine) { retry(); } });
  window.setInterval(function () { if (navigator.onLine) { retry(); } }, 2000);
  retry();
})();
