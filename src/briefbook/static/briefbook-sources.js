/* briefbook: a filter box over the sources index (every source, a table per year, outlet or category,
 * each under its heading). Progressive enhancement: without JavaScript the whole list is there; with it,
 * typing narrows the rows to those containing every word typed (in the date, outlet, title or the
 * heading of the row's group, such as its category), hides the groups left empty and says how many
 * sources are shown. Loaded only by the sources index page. */
(function () {
  "use strict";

  function words(text) {
    return text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  }

  function init() {
    var list = document.querySelector("div.bb-sources");
    if (!list) return;
    var rows = Array.prototype.slice.call(list.querySelectorAll("tbody tr"));
    function heading(row) {
      var table = row.closest("table");
      var wrapper = table.closest(".pst-scrollable-table-container") || table;
      var before = wrapper.previousElementSibling;
      return before && before.classList.contains("rubric") ? before.textContent : "";
    }
    var texts = rows.map(function (row) { return (row.textContent + " " + heading(row)).toLocaleLowerCase(); });
    var box = document.createElement("div");
    box.className = "bb-sources-filter";
    box.setAttribute("role", "search");
    var label = document.createElement("label");
    label.htmlFor = "bb-sources-filter";
    label.textContent = "Filter the sources";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "bb-sources-filter";
    input.autocomplete = "off";
    input.placeholder = "outlet, year, words of the title";
    var status = document.createElement("p");
    status.className = "bb-sources-status";
    status.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    list.parentNode.insertBefore(box, list);

    function apply() {
      var wanted = words(input.value);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = wanted.every(function (w) { return texts[i].indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) shown++;
      });
      // A group with no row left: its heading and table go too.
      var tables = list.querySelectorAll("table");
      for (var t = 0; t < tables.length; t++) {
        var any = tables[t].querySelector("tbody tr:not([hidden])") !== null;
        var wrapper = tables[t].closest(".pst-scrollable-table-container") || tables[t];
        wrapper.hidden = !any;
        var heading = wrapper.previousElementSibling;
        if (heading && heading.classList.contains("rubric")) heading.hidden = !any;
      }
      status.textContent = wanted.length ? shown + " of " + rows.length + " sources match." : "";
    }

    input.addEventListener("input", apply);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
