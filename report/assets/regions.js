// Parts of a page that scroll sideways (a wide table on a phone, a long line of code) are
// regions a keyboard can reach: each gets tabindex="0", role="region" and a label (the caption
// of its table or figure), and a line above it that says it scrolls (report.css). Measured at
// load and again when the window's width changes; a part that no longer scrolls goes back.
(function () {
  "use strict";
  var SELECTOR = ".cell-output-display, .cell-output-display > div, pre, .table-responsive";

  function labelFor(element) {
    var float = element.closest("figure, .quarto-float, .quarto-figure");
    var caption = float && float.querySelector("figcaption, .quarto-float-caption");
    var text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    return text ? text.slice(0, 120) : "Scrolling content";
  }

  function scrolls(element) {
    var style = window.getComputedStyle(element);
    return (style.overflowX === "auto" || style.overflowX === "scroll") && element.scrollWidth > element.clientWidth + 1;
  }

  function mark(element, on) {
    var marked = element.classList.contains("scroll-region");
    if (on === marked) return;
    element.classList.toggle("scroll-region", on);
    if (on) {
      element.setAttribute("tabindex", "0");
      element.setAttribute("role", "region");
      element.setAttribute("aria-label", labelFor(element));
      var hint = document.createElement("p");
      hint.className = "scroll-hint";
      hint.setAttribute("aria-hidden", "true");
      hint.textContent = "Scrolls sideways \u2192";
      element.parentNode.insertBefore(hint, element);
      element._scrollHint = hint;
    } else {
      ["tabindex", "role", "aria-label"].forEach(function (name) { element.removeAttribute(name); });
      if (element._scrollHint) element._scrollHint.remove();
      element._scrollHint = null;
    }
  }

  function update() {
    var found = Array.prototype.slice.call(document.querySelectorAll(SELECTOR));
    found.forEach(function (element) {
      // One region per scrolling part: the outermost that scrolls.
      var outer = element.parentElement && element.parentElement.closest(".scroll-region");
      mark(element, !outer && scrolls(element));
    });
  }

  var width = window.innerWidth;
  function init() {
    update();
    window.addEventListener("resize", function () {
      if (window.innerWidth === width) return;
      width = window.innerWidth;
      update();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
