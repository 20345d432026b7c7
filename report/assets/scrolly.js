// Scrollytelling: as each `.step` of a `.scrolly` block scrolls into view (or gets keyboard
// focus), its data-* attributes set the state of the plotly chart in the block's `.sticky`:
//   data-show="A,B"            only these traces are visible (others hidden)
//   data-highlight="B"         these traces at full opacity, the rest greyed back
//   data-xrange="2012,2018"    x axis range in data units (years; log axes take raw values)
//   data-yrange="1e17,1e23"    y axis range
//   data-trend="Trend 2012-18" reveal these (initially hidden) traces, e.g. a trend line
//   data-annotate="text@x,y"   one annotation at data coordinates
// A step without an attribute returns that aspect to the chart's initial state.
(function () {
  "use strict";

  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function list(value) {
    if (!value) return null;
    return value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function toAxisValue(raw, axis) {
    var number = Number(raw);
    if (axis && axis.type === "log") return Math.log10(number);
    if (axis && axis.type === "date" && /^\d{4}$/.test(raw.trim())) return raw.trim() + "-01-01";
    return isNaN(number) ? raw.trim() : number;
  }

  function range(value, axis) {
    if (!value) return null;
    var parts = value.split(",");
    if (parts.length !== 2) {
      console.warn("scrolly: a range needs two comma-separated values, got", value);
      return null;
    }
    return [toAxisValue(parts[0], axis), toAxisValue(parts[1], axis)];
  }

  function annotation(value, layout) {
    if (!value) return null;
    var at = value.lastIndexOf("@");
    if (at < 0) { console.warn("scrolly: data-annotate needs text@x,y, got", value); return null; }
    var xy = value.slice(at + 1).split(",");
    return {
      text: value.slice(0, at), showarrow: true, arrowhead: 0, ax: -30, ay: -30,
      x: toAxisValue(xy[0], layout.xaxis), y: toAxisValue(xy[1], layout.yaxis),
      bgcolor: "rgba(255,255,255,0.85)", font: { size: 13 }
    };
  }

  // Charts draw lazily (figures.js) as they near the viewport: a block starts once its chart
  // has drawn, and its steps do nothing before that.
  function whenDrawn(gd, callback) {
    if (gd.data && gd._fullLayout && gd._fullLayout.xaxis) { callback(); return; }
    gd.addEventListener("figure:drawn", function onDrawn() {
      gd.removeEventListener("figure:drawn", onDrawn);
      callback();
    });
  }

  function Scrolly(section) {
    this.section = section;
    this.steps = Array.prototype.slice.call(section.querySelectorAll(":scope > .step"));
    this.gd = section.querySelector(".sticky .plotly-graph-div");
    this.initial = null;
    this.active = null;
    section.classList.add("scrolly-active");
  }

  Scrolly.prototype.capture = function () {
    var gd = this.gd, full = gd._fullLayout;
    this.initial = {
      names: gd.data.map(function (t) { return t.name; }),
      visible: gd.data.map(function (t) { return t.visible === undefined ? true : t.visible; }),
      opacity: gd.data.map(function (t) { return t.opacity === undefined ? 1 : t.opacity; }),
      xauto: !(gd.layout.xaxis && gd.layout.xaxis.autorange === false),
      yauto: !(gd.layout.yaxis && gd.layout.yaxis.autorange === false),
      xrange: full.xaxis.range.slice(),
      yrange: full.yaxis ? full.yaxis.range.slice() : null,
      annotations: (gd.layout.annotations || []).slice()
    };
  };

  Scrolly.prototype.warnUnknown = function (names, attribute) {
    var known = this.initial.names;
    (names || []).forEach(function (name) {
      if (known.indexOf(name) < 0) console.warn("scrolly: " + attribute + " names no trace called", name);
    });
  };

  Scrolly.prototype.apply = function (step) {
    var gd = this.gd;
    this.steps.forEach(function (s) { s.classList.toggle("is-active", s === step); });
    this.section.setAttribute("data-active-step", step.getAttribute("data-step") || "");
    if (!gd || !window.Plotly || !gd._fullLayout) return;
    if (!this.initial) this.capture();
    var init = this.initial, data = step.dataset;
    var show = list(data.show), highlight = list(data.highlight), trend = list(data.trend);
    this.warnUnknown(show, "data-show");
    this.warnUnknown(highlight, "data-highlight");
    this.warnUnknown(trend, "data-trend");
    var visible = init.names.map(function (name, i) {
      if (trend && trend.indexOf(name) >= 0) return true;
      if (show) return show.indexOf(name) >= 0;
      return init.visible[i];
    });
    var opacity = init.names.map(function (name, i) {
      if (!highlight) return init.opacity[i];
      return highlight.indexOf(name) >= 0 ? 1 : 0.2;
    });
    var full = gd._fullLayout, layout = {};
    var xr = range(data.xrange, full.xaxis), yr = range(data.yrange, full.yaxis);
    if (xr) { layout["xaxis.range"] = xr; layout["xaxis.autorange"] = false; }
    else if (init.xauto) { layout["xaxis.autorange"] = true; }
    else { layout["xaxis.range"] = init.xrange; }
    if (yr) { layout["yaxis.range"] = yr; layout["yaxis.autorange"] = false; }
    else if (init.yauto) { layout["yaxis.autorange"] = true; }
    else if (init.yrange) { layout["yaxis.range"] = init.yrange; }
    var note = annotation(data.annotate, full);
    layout.annotations = note ? init.annotations.concat([note]) : init.annotations;
    layout.transition = { duration: reduceMotion ? 0 : 400, easing: "cubic-in-out" };
    Plotly.update(gd, { visible: visible, opacity: opacity }, layout);
  };

  Scrolly.prototype.start = function () {
    var self = this;
    var activate = function (step) {
      if (self.active === step) return;
      self.active = step;
      self.apply(step);
    };
    if ("IntersectionObserver" in window) {
      // A step is current while it crosses the middle band of the viewport.
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) { if (entry.isIntersecting) activate(entry.target); });
      }, { rootMargin: "-45% 0px -45% 0px", threshold: 0 });
      this.steps.forEach(function (step) { observer.observe(step); });
    }
    this.steps.forEach(function (step) {
      step.addEventListener("focus", function () { activate(step); });
    });
  };

  // While a scrolly block is on screen it spans the contents column too: fade that column out
  // meanwhile (body.scrolly-in-view; scrolly.css) so the two do not show side by side.
  function watchInView(sections) {
    if (!("IntersectionObserver" in window)) return;
    var visible = new Set();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) visible.add(entry.target); else visible.delete(entry.target);
      });
      document.body.classList.toggle("scrolly-in-view", visible.size > 0);
    }, { rootMargin: "-20% 0px -20% 0px", threshold: 0 });
    sections.forEach(function (section) { observer.observe(section); });
  }

  function init() {
    var sections = Array.prototype.slice.call(document.querySelectorAll(".scrolly"));
    sections.forEach(function (section) {
      var scrolly = new Scrolly(section);
      if (scrolly.gd) whenDrawn(scrolly.gd, function () { scrolly.start(); });
      else scrolly.start();
    });
    watchInView(sections);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
