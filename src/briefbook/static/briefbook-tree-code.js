/* briefbook: every source in the left navigation (briefbook_sources_tree = True). The list
 * (window.briefbookTree, written above this code once per build) is shown in a disclosure under
 * the navigation, filled in when it is first opened; the current page is marked (aria-current).
 * Without JavaScript nothing is added: the navigation's link to the sources index lists them all. */
(function () {
  "use strict";

  function fill(details, data) {
    var root = document.documentElement.getAttribute("data-content_root") || "";
    var here = location.href.split("#")[0];
    var outer = document.createElement("ul");
    data.groups.forEach(function (group) {
      var item = document.createElement("li");
      var name = document.createElement("span");
      name.className = "bb-tree-group";
      name.textContent = group.name;
      item.appendChild(name);
      var list = document.createElement("ul");
      group.items.forEach(function (source) {
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = root + source[1];
        link.textContent = source[0];
        if (link.href === here) link.setAttribute("aria-current", "page");
        li.appendChild(link);
        list.appendChild(li);
      });
      item.appendChild(list);
      outer.appendChild(item);
    });
    details.appendChild(outer);
  }

  function init() {
    var data = window.briefbookTree;
    var nav = document.querySelector("nav.bd-docs-nav");
    if (!data || !nav || nav.querySelector("details.bb-tree")) return;
    var details = document.createElement("details");
    details.className = "bb-tree";
    var summary = document.createElement("summary");
    summary.textContent = data.label;
    details.appendChild(summary);
    details.addEventListener("toggle", function () {
      if (details.open && !details.querySelector("ul")) fill(details, data);
    });
    nav.appendChild(details);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
