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
    var update = narrow ? meta.narrow : div._wideLayout;
    if (div.parentElement && update.height) div.parentElement.style.height = update.height + "px";
    window.Plotly.relayout(div, update);
  }

  function adaptAll() {
    document.querySelectorAll(".js-plotly-plot").forEach(adapt);
  }

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(adaptAll, 150);
  });
  if (document.readyState === "complete") adaptAll();
  else window.addEventListener("load", adaptAll);
})();
