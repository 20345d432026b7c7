// Phone-width charts: each report figure carries a narrow layout in layout.meta.narrow
// (shorter title lines, room for a taller legend). Apply it when the chart is narrow and
// restore the wide layout when it is wide again.
(function () {
  "use strict";
  var NARROW_BELOW = 560;

  function read(layout, path) {
    return path.split(".").reduce(function (obj, key) { return obj == null ? undefined : obj[key]; }, layout);
  }

  function adapt(div) {
    var meta = div.layout && div.layout.meta;
    if (!meta || !meta.narrow || !window.Plotly) return;
    if (!div._wideLayout) {
      div._wideLayout = {};
      Object.keys(meta.narrow).forEach(function (path) { div._wideLayout[path] = read(div.layout, path); });
    }
    var narrow = div.getBoundingClientRect().width < NARROW_BELOW;
    if (div._isNarrow === narrow) return;
    div._isNarrow = narrow;
    var update = Object.assign({}, narrow ? meta.narrow : div._wideLayout);
    // A height given to relayout would fix the chart's width too (plotly turns autosize off),
    // so the height goes to the container and plotly re-measures it.
    var height = update.height;
    delete update.height;
    if (div.parentElement && height) div.parentElement.style.height = height + "px";
    window.Plotly.relayout(div, update).then(function () { window.Plotly.Plots.resize(div); });
  }

  function adaptAll() {
    document.querySelectorAll(".js-plotly-plot").forEach(adapt);
  }

  // Re-measure a chart whenever its container changes width (a scrolly block switching to its
  // pinned layout, a rotated phone), then pick its wide or narrow layout.
  if ("ResizeObserver" in window) {
    var widths = new WeakMap();
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        var div = entry.target.querySelector(".js-plotly-plot");
        var width = Math.round(entry.contentRect.width);
        if (!div || widths.get(div) === width) return;
        widths.set(div, width);
        if (window.Plotly && div._fullLayout) window.Plotly.Plots.resize(div);
        adapt(div);
      });
    });
    var watch = function () {
      document.querySelectorAll(".js-plotly-plot").forEach(function (div) {
        if (div.parentElement) observer.observe(div.parentElement);
      });
    };
    if (document.readyState === "complete") watch();
    else window.addEventListener("load", watch);
  }

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(adaptAll, 150);
  });
  if (document.readyState === "complete") adaptAll();
  else window.addEventListener("load", adaptAll);
})();
