// The report's charts. Each figure arrives as an empty plot div with its data in a JSON block
// (aigrowth.display writes them; the page has no inline script). This script
//   - loads the plotly.js bundle the page needs (the map bundle where a map is) only when the
//     first chart nears the viewport: a page read without scrolling to a chart loads no library;
//   - draws each chart once, when it nears the viewport, one chart per task, in the layout its
//     width calls for: the phone layout in layout.meta.narrow below NARROW_BELOW pixels;
//   - switches between the two layouts when a chart's width later crosses that line;
//   - on a phone, lets a key that wraps into the titles use the chart's whole width (widenKey);
//   - moves apart annotations that touch (separateLabels, also run by scrolly.js per step);
//   - tells whoever waits (scrolly.js) with a "figure:drawn" event on the plot div.
// window.reportFigures.figure(id) returns a figure's data, for views built on the same payload.
(function () {
  "use strict";
  var NARROW_BELOW = 560;
  // At load only the charts on screen draw (the first screen reads as text, at once); once the
  // reader scrolls, a chart starts drawing a screen before it comes into view.
  var AT_LOAD = "0px";
  var NEAR = "100% 0px";
  var script = document.currentScript;
  var containers = Array.prototype.slice.call(document.querySelectorAll(".aigrowth-figure"));
  var entries = [];
  var byId = {};

  function attribute(name) {
    var value = script && script.getAttribute(name);
    return value ? new URL(value, document.baseURI).href : null;
  }

  var needsMaps = containers.some(function (c) { return c.getAttribute("data-plotly-bundle") === "maps"; });
  var bundleUrl = attribute(needsMaps ? "data-plotly-maps" : "data-plotly-charts");
  var topojsonUrl = attribute("data-topojson");
  var library = null;

  function loadPlotly() {
    if (!library) {
      library = new Promise(function (resolve, reject) {
        if (window.Plotly) { resolve(window.Plotly); return; }
        if (!bundleUrl) { reject(new Error("figures.js: no plotly.js bundle named on its script tag")); return; }
        var tag = document.createElement("script");
        tag.src = bundleUrl;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () { reject(new Error("figures.js: could not load " + bundleUrl)); };
        document.head.appendChild(tag);
      });
    }
    return library;
  }

  // -- the payload -------------------------------------------------------------------------
  // Repeated hover texts travel once per figure: a trace's customdata may be
  // {"columns": [...]} where a column is a list of values or {"table": t, "codes": [...]},
  // codes into the figure's shared string table `tables[t]`.
  function expandCustomdata(custom, tables) {
    if (!custom || Array.isArray(custom) || !custom.columns) return custom;
    var columns = custom.columns.map(function (column) {
      if (Array.isArray(column)) return column;
      var table = tables[column.table];
      return column.codes.map(function (code) { return code < 0 ? null : table[code]; });
    });
    var rows = columns.length ? columns[0].length : 0;
    var out = new Array(rows);
    for (var i = 0; i < rows; i++) {
      out[i] = columns.map(function (column) { return column[i]; });
    }
    return out;
  }

  function readFigure(entry) {
    if (!entry.figure) {
      var figure = JSON.parse(entry.block.textContent);
      var tables = figure.tables || [];
      (figure.data || []).forEach(function (trace) {
        if (trace.customdata) trace.customdata = expandCustomdata(trace.customdata, tables);
      });
      delete figure.tables;
      entry.figure = figure;
    }
    return entry.figure;
  }

  // -- layouts -----------------------------------------------------------------------------
  function read(obj, path) {
    return path.split(".").reduce(function (o, key) { return o == null ? undefined : o[key]; }, obj);
  }

  function write(obj, path, value) {
    var keys = path.split(".");
    var last = keys.pop();
    keys.forEach(function (key) {
      if (obj[key] == null || typeof obj[key] !== "object") obj[key] = {};
      obj = obj[key];
    });
    obj[last] = value;
  }

  function narrowLayout(layout) {
    var meta = layout.meta;
    return meta && meta.narrow ? meta.narrow : null;
  }

  // The chart's height goes to its container and plotly measures the container: a height in
  // the layout would fix the chart's width as well (plotly's autosize then stops).
  function firstLayout(entry, narrow) {
    var layout = JSON.parse(JSON.stringify(readFigure(entry).layout || {}));
    var changes = narrow ? narrowLayout(layout) : null;
    if (changes) Object.keys(changes).forEach(function (path) { write(layout, path, changes[path]); });
    entry.container.style.height = (layout.height || entry.container.offsetHeight) + "px";
    delete layout.height;
    return layout;
  }

  function isNarrow(entry) {
    return entry.container.getBoundingClientRect().width < NARROW_BELOW && !!narrowLayout(readFigure(entry).layout || {});
  }

  function switchLayout(entry, narrow) {
    var layout = readFigure(entry).layout || {};
    var changes = narrowLayout(layout);
    if (!changes || entry.narrow === narrow) return;
    entry.narrow = narrow;
    var update = {};
    // A key the wide layout leaves to the template goes back to it (null), not nowhere.
    Object.keys(changes).forEach(function (path) {
      var wide = read(layout, path);
      update[path] = narrow ? changes[path] : (wide === undefined ? null : wide);
    });
    if (!narrow && entry.widened) {
      var x = read(layout, "legend.x");
      update["legend.x"] = x === undefined ? null : x;
      entry.widened = false;
    }
    if (update.height) entry.container.style.height = update.height + "px";
    delete update.height;
    window.Plotly.relayout(entry.gd, update).then(function () { return window.Plotly.Plots.resize(entry.gd); })
      .then(function () { return widenKey(entry); });
  }

  // -- a phone's key beside wide tick labels -----------------------------------------------
  // plotly wraps a horizontal legend within the plot's width. Beside wide tick labels (country
  // names) that leaves room for one entry a row on a phone, and the key, anchored to the plot's
  // top, grows up over the subtitle. Such a key starts at the chart's left edge instead and
  // wraps within the whole width (plotly does so for a key left of the plot). Only a key that
  // would run into the titles moves; a scrolly block's key is scrolly.js's to fold.
  var KEY_LEFT_PX = 8;

  function keyUnderTitles(gd) {
    var legend = gd.querySelector(".legend .bg");
    var over = gd.querySelector(".gtitle-subtitle") || gd.querySelector(".gtitle");
    return !legend || !over || legend.getBoundingClientRect().top >= over.getBoundingClientRect().bottom;
  }

  function widenKey(entry) {
    var gd = entry.gd, full = gd._fullLayout, legend = full && full.legend;
    if (!entry.narrow || gd.closest(".scrolly") || !full || !full.showlegend || !legend) return Promise.resolve();
    if (legend.orientation !== "h" || legend.xref !== "paper" || keyUnderTitles(gd)) return Promise.resolve();
    var size = full._size, x = -(size.l - KEY_LEFT_PX) / size.w;
    if (!(x < 0)) return Promise.resolve();
    entry.widened = true;
    return window.Plotly.relayout(gd, { "legend.x": x });
  }

  // -- labels that do not touch -------------------------------------------------------------
  // Annotations (a named model with its arrow, a line's direct label) are placed by their data
  // and may land on one another. Measured as drawn, each that touches one above it moves down
  // (an arrowed label lengthens its arrow, a plain one shifts), or up where the plot's bottom
  // leaves no room, by just enough; each stays beside its point.
  var LABEL_PAD_PX = 2;

  function separateLabels(gd) {
    var full = gd._fullLayout;
    if (!full || !full.annotations || !full._size) return Promise.resolve();
    // A label may hang a little below the plot, over the axis line, not over the tick labels.
    var top = gd.getBoundingClientRect().top + full._size.t, bottom = top + full._size.h + 6;
    var boxes = [];
    full.annotations.forEach(function (a, i) {
      var el = gd.querySelector('.annotation[data-index="' + i + '"] .annotation-text-g');
      // Only labels of the data: a note placed on the page (the source line) stays put.
      if (!el || a.visible === false || a.yref === "paper" || a.xref === "paper") return;
      var b = el.getBoundingClientRect();
      if (!b.width) return;
      boxes.push({ i: i, a: a, left: b.left, right: b.right, top: b.top, bottom: b.bottom, move: 0 });
    });
    // First into the plot's height (a label above it would sit on the legend or the title)...
    boxes.forEach(function (box) {
      var into = Math.max(top - box.top, 0) || Math.min(bottom - box.bottom, 0);
      box.top += into; box.bottom += into; box.move += into;
    });
    // ... then apart, top down.
    boxes.sort(function (p, q) { return p.top - q.top; });
    for (var k = 0; k < boxes.length; k++) {
      var box = boxes[k];
      for (var j = 0; j < k; j++) {
        var above = boxes[j];
        var across = Math.min(box.right, above.right) - Math.max(box.left, above.left);
        var overlap = above.bottom + LABEL_PAD_PX - box.top;
        if (across <= 0 || overlap <= 0) continue;
        if (box.bottom + overlap <= bottom) {
          box.top += overlap; box.bottom += overlap; box.move += overlap;
        } else {
          var up = box.bottom + LABEL_PAD_PX - above.top;
          above.top -= up; above.bottom -= up; above.move -= up;
        }
      }
    }
    var update = {};
    boxes.forEach(function (box) {
      if (Math.abs(box.move) < 0.5) return;
      var a = box.a, shift = Math.round(box.move);
      if (a.showarrow) update["annotations[" + box.i + "].ay"] = (a.ay || 0) + shift;
      else update["annotations[" + box.i + "].yshift"] = (a.yshift || 0) - shift;
    });
    return Object.keys(update).length ? window.Plotly.relayout(gd, update) : Promise.resolve();
  }

  // -- drawing -----------------------------------------------------------------------------
  var queue = Promise.resolve();
  var resizer = "ResizeObserver" in window ? new ResizeObserver(function (records) {
    records.forEach(function (record) {
      var entry = record.target._reportFigure;
      var width = Math.round(record.contentRect.width);
      if (!entry || !entry.drawn || entry.width === width) return;
      entry.width = width;
      var narrow = isNarrow(entry);
      if (narrow !== entry.narrow) switchLayout(entry, narrow);
      else window.Plotly.Plots.resize(entry.gd);
    });
  }) : null;

  // The container describes the chart (aria-label from the figure's alt text) as one image.
  // Where the chart has a toolbar, whose buttons take keyboard focus, it cannot be an image
  // (an image has no interactive parts): it becomes a figure with that label, its drawing
  // hidden from assistive technology, and the toolbar's two buttons reachable in it.
  function describe(entry) {
    var toolbar = entry.gd.querySelector(".modebar-btn");
    entry.container.setAttribute("role", toolbar ? "figure" : "img");
    Array.prototype.forEach.call(entry.gd.querySelectorAll("svg.main-svg"), function (svg) {
      svg.setAttribute("aria-hidden", "true");
    });
  }

  function draw(entry) {
    var figure = readFigure(entry);
    entry.narrow = isNarrow(entry);
    entry.width = Math.round(entry.container.getBoundingClientRect().width);
    var config = Object.assign({}, figure.config || {});
    // The toolbar keeps what a reader uses, image download and reset, and none on a phone,
    // where it would sit over the title (report.css hides it there after a resize too).
    var reset = figure.layout && (figure.layout.geo || figure.layout.mapbox || figure.layout.map) ? "resetGeo" : "resetScale2d";
    config.modeBarButtons = [["toImage", reset]];
    if (entry.narrow) config.displayModeBar = false;
    if (needsMaps && topojsonUrl) config.topojsonURL = topojsonUrl;
    return window.Plotly.newPlot(entry.gd, figure.data, firstLayout(entry, entry.narrow), config).then(function () {
      entry.drawn = true;
      describe(entry);
      // A scrolly block's chart has its labels placed by each step (scrolly.js).
      if (!entry.gd.closest(".scrolly")) return widenKey(entry).then(function () { return separateLabels(entry.gd); });
    }).then(function () {
      entry.gd.on("plotly_afterplot", function () { describe(entry); });
      if (resizer) resizer.observe(entry.container);
      entry.gd.dispatchEvent(new CustomEvent("figure:drawn", { bubbles: true }));
    });
  }

  function request(entry) {
    if (entry.requested) return;
    entry.requested = true;
    loadPlotly().then(function () {
      // One chart per task, so the page stays responsive while several draw.
      queue = queue.then(function () {
        return new Promise(function (resolve) { setTimeout(resolve, 0); });
      }).then(function () { return draw(entry); }).catch(function (error) { console.error(error); });
    }, function (error) { console.error(error); });
  }

  containers.forEach(function (container) {
    var gd = container.querySelector(".plotly-graph-div");
    var block = container.querySelector('script[type="application/json"]');
    if (!gd || !block) return;
    var entry = { container: container, gd: gd, block: block };
    container._reportFigure = entry;
    entries.push(entry);
    byId[gd.id] = entry;
  });

  window.reportFigures = {
    figure: function (id) { return byId[id] ? readFigure(byId[id]) : null; },
    separateLabels: separateLabels,
    draw: function (id) { if (byId[id]) request(byId[id]); }
  };

  if (!entries.length) return;
  if ("IntersectionObserver" in window) {
    var observer = null;
    var watch = function (margin) {
      if (observer) observer.disconnect();
      observer = new IntersectionObserver(function (records) {
        records.forEach(function (record) {
          if (!record.isIntersecting) return;
          observer.unobserve(record.target);
          request(record.target._reportFigure);
        });
      }, { rootMargin: margin });
      entries.forEach(function (entry) { if (!entry.requested) observer.observe(entry.container); });
    };
    watch(AT_LOAD);
    window.addEventListener("scroll", function onScroll() {
      window.removeEventListener("scroll", onScroll);
      watch(NEAR);
    }, { passive: true });
  } else {
    entries.forEach(request);
  }
})();
