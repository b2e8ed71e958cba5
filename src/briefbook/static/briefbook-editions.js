// The edition switcher and the older edition's banner (sphinx/switcher.py, site.py).
// The site's list of editions is editions.json beside the editions' folders: two levels above this script
// (<site>/<edition>/_static/briefbook-editions.js). Outside a site the list is not found and the block is
// hidden (without script it stays a plain link to the site's list of editions).
(function () {
  "use strict";
  var script = document.currentScript;
  function start() {
    var nav = document.querySelector("nav.bb-editions");
    if (!nav || !script) { return; }
    var here = nav.getAttribute("data-edition");
    var root = new URL("../../", script.src);
    fetch(new URL("editions.json", root), { cache: "no-cache" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (editions) { show(nav, here, root, editions); })
      .catch(function () { nav.hidden = true; /* not in a site: no list to link to */ });
  }
  // A link to the same page in another edition; that edition's first page if it has no such page.
  function sameOrHome(link, root, folder, path) {
    link.href = new URL(folder + "/" + path, root).href;
    fetch(link.href, { method: "HEAD" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } })
      .catch(function () { link.href = new URL(folder + "/index.html", root).href; });
  }
  function text(tag, words, cls) {
    var el = document.createElement(tag);
    el.textContent = words;
    if (cls) { el.className = cls; }
    return el;
  }
  // Only an edition's own folder name (its date, "-r<k>" for a revision) becomes part of an address.
  var FOLDER = /^\d{4}-\d{2}-\d{2}(-r[1-9]\d*)?$/;
  function show(nav, here, root, editions) {
    if (!Array.isArray(editions)) { return; }
    editions = editions.filter(function (e) {
      return e && typeof e.folder === "string" && FOLDER.test(e.folder) && typeof e.name === "string";
    });
    if (editions.length === 0) { return; }
    var current = editions.filter(function (e) { return e.folder === here; })[0];
    if (!current) { return; }
    var edition = new URL(current.folder + "/", root);
    var path = location.href.split("#")[0].startsWith(edition.href) ?
      location.href.split("#")[0].slice(edition.href.length) : "index.html";
    var details = document.createElement("details");
    details.className = "bb-editions-switch";
    details.appendChild(text("summary", current.name + (editions[0] === current ? " (newest)" : "")));
    var list = document.createElement("ul");
    editions.forEach(function (e, n) {
      var item = document.createElement("li");
      var link = text("a", e.name + (n === 0 ? " (newest)" : ""));
      sameOrHome(link, root, e.folder, path);
      if (e === current) { link.setAttribute("aria-current", "page"); }
      item.appendChild(link);
      list.appendChild(item);
    });
    details.appendChild(list);
    nav.replaceChildren(details);
    if (editions[0] !== current) {
      var newest = editions[0];
      var banner = document.createElement("div");
      banner.className = "bb-edition-banner";
      banner.setAttribute("role", "note");
      banner.appendChild(text("strong", "An older edition. "));
      banner.appendChild(document.createTextNode("This is " + current.name + ". The newest is "));
      var link = text("a", newest.name);
      sameOrHome(link, root, newest.folder, path);
      banner.appendChild(link);
      banner.appendChild(document.createTextNode("."));
      nav.parentNode.insertBefore(banner, nav);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
