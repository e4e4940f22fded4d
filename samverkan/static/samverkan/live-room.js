// The secretary's live view: a form marked data-clear is emptied once the server took
// what it sent (its inputs are kept across the panel's refreshes by hx-preserve).
(function () {
  "use strict";
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-clear")) { return; }
    if (!event.detail.successful) { return; }
    var panel = document.getElementById("live-panel");
    if (panel && panel.querySelector(".msg-error")) { return; }
    form.querySelectorAll("input[type=text], textarea").forEach(function (input) {
      var kept = document.getElementById(input.id);
      if (kept) { kept.value = ""; }
    });
  });
})();
