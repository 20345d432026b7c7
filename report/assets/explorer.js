// The explorer (report/explorer.qmd): pick a measure, filter the models, switch log/linear,
// find a model by name, and read the fitted growth rate of the selection with its bootstrap
// interval and n, computed here by the report's method (aigrowth.trends): OLS of log10(value)
// on decimal year, and a percentile bootstrap over models (pairs resampling) with the report's
// number of resamples, seed and level. The resamples are numpy's own (numpy-random.js
// reproduces numpy.random.default_rng), so the interval is the package's, up to rounding.
(function () {
  "use strict";
  var root = document.getElementById("explorer");
  if (!root) return;
  var SIG = 2; // significant digits of the rates shown (and of the test that checks them)

  function el(id) { return document.getElementById(id); }
  var controls = {
    measure: el("explorer-measure"), selection: el("explorer-selection"), domain: el("explorer-domain"),
    country: el("explorer-country"), org: el("explorer-org"), open: el("explorer-open"),
    from: el("explorer-from"), log: el("explorer-log"), search: el("explorer-search")
  };
  var result = el("explorer-result");
  var plot = el("explorer-plot");

  // Names from the data drawn by plotly, which reads a subset of HTML in every label and
  // substitutes %{...}: entities make it show them literally (as aigrowth.style.text does).
  function plotlyText(value) {
    return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/%\{/g, "%&#123;");
  }
  var data = null;
  var fits = {}; // the fit of each selection, as a promise
  var updates = 0; // how many times the controls changed

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    var tag = document.querySelector("script[data-plotly-charts]");
    var url = tag && new URL(tag.getAttribute("data-plotly-charts"), document.baseURI).href;
    return new Promise(function (resolve, reject) {
      if (!url) { reject(new Error("explorer.js: no plotly.js bundle named")); return; }
      var s = document.createElement("script");
      s.src = url;
      s.onload = function () { resolve(window.Plotly); };
      s.onerror = function () { reject(new Error("explorer.js: could not load " + url)); };
      document.head.appendChild(s);
    });
  }

  // plotly.js, a large bundle, loads only once the plot comes near the screen: on a phone the
  // plot sits below the controls, and running the bundle at once blocks the page for a second.
  var plotNear = new Promise(function (resolve) {
    if (!("IntersectionObserver" in window)) { resolve(); return; }
    var watch = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { watch.disconnect(); resolve(); }
    }, { rootMargin: "400px 0px" });
    watch.observe(plot);
  });

  // -- the method --------------------------------------------------------------------------
  function slopeOf(x, y, idx) {
    var n = idx ? idx.length : x.length, xm = 0, ym = 0, i, k;
    for (i = 0; i < n; i++) { k = idx ? idx[i] : i; xm += x[k]; ym += y[k]; }
    xm /= n; ym /= n;
    var sxx = 0, sxy = 0;
    for (i = 0; i < n; i++) { k = idx ? idx[i] : i; sxx += (x[k] - xm) * (x[k] - xm); sxy += (x[k] - xm) * (y[k] - ym); }
    return { slope: sxx > 0 ? sxy / sxx : NaN, intercept: ym - (sxx > 0 ? sxy / sxx : NaN) * xm };
  }

  // numpy's default percentile (linear interpolation between closest ranks).
  function percentile(sorted, p) {
    var h = (sorted.length - 1) * p / 100, lo = Math.floor(h);
    return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
  }

  // The fit, its bootstrap run in slices of at most SLICE_MS so that the page stays responsive
  // (one long task of a thousand resamples blocks a phone for over a second); the slices draw
  // the same resamples in the same order, so the interval is the one a single loop gives.
  var SLICE_MS = 30;
  function fit(x, y, method) {
    return new Promise(function (resolve) {
      if (x.length < 3) { resolve(null); return; }
      var line = slopeOf(x, y, null);
      if (!isFinite(line.slope)) { resolve(null); return; }
      // numpy.random.default_rng(seed) and its integers(0, n, size=(n_boot, n)), draw for draw
      // (numpy-random.js): the package's very resamples.
      var rng = new window.NumpyRandom.Generator(method.seed), n = x.length, slopes = [], idx = new Array(n), b = 0;
      (function slice() {
        var until = performance.now() + SLICE_MS;
        for (; b < method.n_boot && performance.now() < until; b++) {
          for (var i = 0; i < n; i++) idx[i] = rng.below(n);
          var s = slopeOf(x, y, idx).slope;
          if (isFinite(s)) slopes.push(s);
        }
        if (b < method.n_boot) { setTimeout(slice, 0); return; }
        slopes.sort(function (a, c) { return a - c; });
        var alpha = 1 - method.level;
        resolve({
          n: n, slope: line.slope, intercept: line.intercept,
          growth: Math.pow(10, line.slope),
          low: Math.pow(10, percentile(slopes, 100 * alpha / 2)),
          high: Math.pow(10, percentile(slopes, 100 * (1 - alpha / 2)))
        });
      })();
    });
  }

  // -- the selection -----------------------------------------------------------------------
  function selected() {
    var m = data.models, rows = [];
    var measure = controls.measure.value, sel = controls.selection.value, domain = controls.domain.value;
    var country = controls.country.value, org = controls.org.value, open = controls.open.value;
    for (var i = 0; i < m.model.length; i++) {
      if (m[measure][i] == null) continue;
      if (sel !== "all" && !m[sel][i]) continue;
      if (domain && m.domain[i] !== domain) continue;
      if (country && m.countries[i].indexOf(country) < 0) continue;
      if (org && m.organization_type[i] !== org) continue;
      if (open === "open" && m.open_weights[i] !== true) continue;
      if (open === "closed" && m.open_weights[i] !== false) continue;
      rows.push(i);
    }
    return rows;
  }

  var number = function (v) { return new Intl.NumberFormat("en", { minimumSignificantDigits: SIG, maximumSignificantDigits: SIG }).format(v); };

  function describe(f, variable, from) {
    if (!f) return "Too few models in this selection to fit a trend (a trend needs at least 3).";
    return "Fitted trend since " + from + ": the " + variable.label.toLowerCase() + " of the selection multiplies by " +
      '<strong data-rate="growth">' + number(f.growth) + "×</strong> a year (" + Math.round(data.method.level * 100) +
      '% bootstrap interval <span data-rate="low">' + number(f.low) + '</span>–<span data-rate="high">' +
      number(f.high) + '</span>×), fitted on <span data-rate="n">' + f.n + "</span> models.";
  }

  function update() {
    var m = data.models, measure = controls.measure.value;
    var variable = data.variables.filter(function (v) { return v.name === measure; })[0];
    var from = Number(controls.from.value) || data.method.first_year;
    var rows = selected();
    var x = [], y = [];
    rows.forEach(function (i) { if (m.decimal_year[i] >= from) { x.push(m.decimal_year[i]); y.push(Math.log10(m[measure][i])); } });
    // Refit only when the selection changes (not when the search or the scale does).
    var key = [measure, controls.selection.value, controls.domain.value, controls.country.value,
      controls.org.value, controls.open.value, from].join("|");
    if (!(key in fits)) fits[key] = fit(x, y, data.method);
    // data-ready is "true" once what the controls ask for is drawn; a later change supersedes
    // a fit still running.
    var generation = ++updates;
    root.setAttribute("data-ready", "false");
    result.setAttribute("aria-busy", "true");
    fits[key].then(function (f) {
      if (generation === updates) draw(f, rows, x, variable, from, generation);
    });
  }

  function draw(f, rows, x, variable, from, generation) {
    var m = data.models, measure = controls.measure.value;
    result.removeAttribute("aria-busy");
    result.innerHTML = describe(f, variable, from);
    var query = controls.search.value.trim().toLowerCase();
    var found = query ? rows.filter(function (i) { return m.model[i].toLowerCase() === query; }) : [];
    if (query && !found.length) found = rows.filter(function (i) { return m.model[i].toLowerCase().indexOf(query) >= 0; }).slice(0, 1);
    el("explorer-found").textContent = query ? (found.length ? "Highlighted: " + m.model[found[0]] : "No model of this selection matches “" + controls.search.value + "”.") : "";
    var traces = [{
      type: "scatter", mode: "markers", name: "Models",
      x: rows.map(function (i) { return m.date[i]; }), y: rows.map(function (i) { return m[measure][i]; }),
      text: rows.map(function (i) { return plotlyText(m.model[i] + " (" + m.organization[i] + ")"); }),
      hovertemplate: "%{text}<br>%{x}<br>%{y:.3s} " + variable.unit + "<extra></extra>",
      marker: { size: 6, color: "rgba(140, 140, 140, 0.55)" }  // context grey: no hue, which names a category elsewhere
    }];
    if (f) {
      var x0 = Math.min.apply(null, x), x1 = Math.max.apply(null, x);
      var toDate = function (t) { var year = Math.floor(t); return new Date(Date.UTC(year, 0, 1) + (t - year) * 365.25 * 864e5).toISOString().slice(0, 10); };
      traces.push({
        type: "scatter", mode: "lines", name: "Fitted trend", hoverinfo: "skip",
        x: [toDate(x0), toDate(x1)], y: [Math.pow(10, f.intercept + f.slope * x0), Math.pow(10, f.intercept + f.slope * x1)],
        line: { color: "#1A1A1A", width: 2.5 }  // ink: trend lines are ink across the report
      });
    }
    if (found.length) {
      var i = found[0];
      traces.push({
        type: "scatter", mode: "markers+text", name: plotlyText(m.model[i]), x: [m.date[i]], y: [m[measure][i]],
        text: [plotlyText(m.model[i])], textposition: "top center", hoverinfo: "skip",
        marker: { size: 14, color: "rgba(0, 0, 0, 0)", line: { color: "#1A1A1A", width: 2.5 } }  // an ink ring, as highlighted models are drawn elsewhere
      });
    }
    var layout = {
      margin: { l: 70, r: 20, t: 20, b: 50 }, showlegend: false, hovermode: "closest",
      xaxis: { type: "date", title: { text: "Publication date" } },
      yaxis: { type: controls.log.checked ? "log" : "linear", title: { text: variable.label + " (" + variable.unit + ")" }, exponentformat: "power" }
    };
    plotNear.then(loadPlotly).then(function (Plotly) { return Plotly.react(plot, traces, layout, { responsive: true, displaylogo: false }); })
      .then(function () { if (generation === updates) root.setAttribute("data-ready", "true"); })
      .catch(function (error) { console.error(error); });
  }

  function fill(select, values, labels) {
    values.forEach(function (value, i) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = labels ? labels[i] : value;
      select.appendChild(option);
    });
  }

  function distinct(list) { return Array.from(new Set(list)).sort(); }

  fetch(root.getAttribute("data-src")).then(function (r) {
    if (!r.ok) throw new Error("explorer.js: " + r.status + " for " + r.url);
    return r.json();
  }).then(function (payload) {
    data = payload;
    fill(controls.measure, data.variables.map(function (v) { return v.name; }), data.variables.map(function (v) { return v.label + " (" + v.unit + ")"; }));
    fill(controls.selection, data.selections.map(function (s) { return s.key; }), data.selections.map(function (s) { return s.label; }));
    controls.selection.value = "notable";
    fill(controls.domain, distinct(data.models.domain));
    fill(controls.country, data.countries.map(function (c) { return c.code; }), data.countries.map(function (c) { return c.name; }));
    fill(controls.org, distinct(data.models.organization_type));
    controls.from.value = String(data.method.first_year);
    var names = el("explorer-names");
    var options = document.createDocumentFragment();
    distinct(data.models.model).forEach(function (name) { var o = document.createElement("option"); o.value = name; options.appendChild(o); });
    names.appendChild(options);
    Object.keys(controls).forEach(function (key) {
      controls[key].addEventListener(key === "search" || key === "from" ? "input" : "change", update);
    });
    update();
  }).catch(function (error) { result.textContent = "The explorer's data could not be loaded."; console.error(error); });
})();
