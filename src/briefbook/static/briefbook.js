/* briefbook: definitions of terms and full references of citations, on hover and on keyboard focus.
 * The text comes from the links' own title attributes, written at build time: nothing is fetched,
 * so it works from file:// as well as from a server. Without JavaScript the title still shows. */
(function () {
  "use strict";
  var SELECTOR = "a.bb-term[title], a.reference.internal[title]:not(.headerlink):not(.bb-paranum)";
  var tip = null;
  var current = null;

  function tooltip() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "bb-tooltip";
      tip.className = "bb-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(link) {
    var text = link.getAttribute("data-bb-tip");
    if (!text) return;
    var box = tooltip();
    box.textContent = text;
    box.hidden = false;
    link.setAttribute("aria-describedby", "bb-tooltip");
    var r = link.getBoundingClientRect();
    var width = Math.min(448, document.documentElement.clientWidth - 16);
    box.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    box.style.left = left + "px";
    box.style.top = (r.bottom + window.scrollY + 6) + "px";
    current = link;
  }

  function hide() {
    if (tip) tip.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function nameToggles() {
    // The theme's navigation toggles are icon-only <summary> elements: give them a name.
    var toggles = document.querySelectorAll("summary");
    for (var i = 0; i < toggles.length; i++) {
      if (!toggles[i].textContent.trim() && !toggles[i].getAttribute("aria-label")) {
        toggles[i].setAttribute("aria-label", "Show or hide the pages of this part");
      }
    }
    // The theme's search buttons read "Search Ctrl+K" but are labelled "Search": a speech-input user
    // saying what they see must reach them, so their name is their visible text (WCAG 2.5.3).
    var buttons = document.querySelectorAll(".search-button__button[aria-label]");
    for (var j = 0; j < buttons.length; j++) {
      buttons[j].removeAttribute("aria-label");
    }
  }

  function init() {
    nameToggles();
    var links = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      // Keep the text, drop the native title so two tooltips do not show at once.
      link.setAttribute("data-bb-tip", link.getAttribute("title"));
      link.removeAttribute("title");
      link.addEventListener("mouseenter", function () { show(this); });
      link.addEventListener("focus", function () { show(this); });
      link.addEventListener("mouseleave", hide);
      link.addEventListener("blur", hide);
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
    // A printout shows the lines set aside too, not just their collapsed summary.
    window.addEventListener("beforeprint", function () {
      var boxes = document.querySelectorAll("details.bb-setaside");
      for (var j = 0; j < boxes.length; j++) boxes[j].open = true;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
