// Accessible names the Django admin's own markup lacks (found by axe):
// - the "available" list of a filter_horizontal widget, built by SelectFilter2.js;
// - the fields of a tabular inline, whose label is the column header;
// - the date and time halves of a split date-time field;
// - the empty header above a tabular inline's "original" column.
// Run on load and whenever the admin adds elements (SelectFilter, "add another").
(function () {
  "use strict";
  function text(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }
  function named(el) {
    return el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby") ||
      (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]'));
  }
  function fix(root) {
    root.querySelectorAll(".selector select[id$='_from'], .selector select[id$='_to']").forEach(function (select) {
      if (named(select)) return;
      var box = select.closest(".selector-available, .selector-chosen");
      var title = box ? text(box.querySelector("h2, .selector-available-title label, .selector-chosen-title label, label")) : "";
      select.setAttribute("aria-label", title || (/_from$/.test(select.id) ? "Tillgängliga" : "Valda"));
    });
    root.querySelectorAll(".tabular table").forEach(function (table) {
      var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), text);
      table.querySelectorAll("thead th").forEach(function (th) {
        if (!text(th)) {
          var span = document.createElement("span");
          span.className = "sv-visually-hidden";
          span.textContent = th.classList.contains("original") ? "Post" : "Åtgärd";
          th.appendChild(span);
        }
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell) {
          var name = cell.className.split(/\s+/).filter(function (c) { return c.indexOf("field-") === 0; })[0];
          var header = "";
          if (name) {
            var th = table.querySelector("thead th.column-" + name.slice(6));
            header = text(th);
          }
          if (!header && cell.classList.contains("delete")) header = "Radera";
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            if (!named(field) && header) field.setAttribute("aria-label", header);
          });
        });
      });
    });
    root.querySelectorAll("p.datetime input").forEach(function (field) {
      if (named(field)) return;
      var label = text(field.closest(".form-row, .fieldBox") && field.closest(".form-row, .fieldBox").querySelector("label"));
      var part = /_1$/.test(field.id) ? "tid" : "datum";
      field.setAttribute("aria-label", (label ? label.replace(/:$/, "") + ", " : "") + part);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    fix(document);
    new MutationObserver(function () { fix(document); })
      .observe(document.body, { childList: true, subtree: true });
  });
})();
