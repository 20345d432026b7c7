// Draws every plotly figure of the page from its JSON data block (what qmdrender.kernel writes
// for a figure: an empty plot div and <script type="application/json" data-plotly-figure="id">).
// The page needs no inline script, so its Content-Security-Policy can forbid them.
(function () {
  "use strict";
  function drawAll() {
    if (!window.Plotly) return;
    document.querySelectorAll('script[type="application/json"][data-plotly-figure]').forEach(function (block) {
      var div = document.getElementById(block.getAttribute("data-plotly-figure"));
      if (!div || div.classList.contains("js-plotly-plot")) return;
      var figure = JSON.parse(block.textContent);
      window.Plotly.newPlot(div, figure.data, figure.layout, figure.config);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
