// Scrollytelling: as each `.step` of a `.scrolly` block scrolls into view (or gets keyboard
// focus), its data-* attributes set the state of the plotly chart in the block's `.sticky`:
//   data-show="A,B"            only these traces are visible (others hidden)
//   data-highlight="B"         these traces at full opacity, the rest greyed back
//   data-xrange="2012,2018"    x axis range in data units (years; log axes take raw values)
//   data-yrange="1e17,1e23"    y axis range
//   data-trend="Trend 2012-18" reveal these (initially hidden) traces, e.g. a trend line
//   data-annotate="text@x,y"   one annotation at data coordinates
// A step without an attribute returns that aspect to the chart's initial state.
// Direct labels (annotations named "label: <trace>") follow their line when a step zooms.
// Keyboard: on a step, ArrowDown / j and ArrowUp / k move to the next and previous step.
// The block's layout (scrolly.css) decides where a step becomes current: the middle of the
// screen beside the chart (sidebar), or just below the plot's data area when the cards scroll
// over the chart (overlay), so the current card is read where it hides no data; there it stays
// pinned while it is read, and fades as it leaves.
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

  // -- the sticky site header ---------------------------------------------------------------
  // The pinned chart sits under the site header when that header stays on screen (sticky or
  // fixed, as under Quarto), at the top of the screen otherwise.
  var header = document.getElementById("quarto-header");
  function headerBottom() {
    if (!header) return 0;
    var style = window.getComputedStyle(header);
    if (style.position !== "sticky" && style.position !== "fixed") return 0;
    var box = header.getBoundingClientRect();
    return box.top <= 1 && box.bottom > 0 ? Math.round(box.bottom) : 0;
  }
  function measureHeader() {
    document.documentElement.style.setProperty("--scrolly-top", headerBottom() + "px");
  }

  // -- direct labels that follow their line ------------------------------------------------
  var LABEL = "label: ";
  var LABEL_GAP_PX = 18;
  var LEADER_PX = 8, LEADER_AX = 10;

  function logical(axis, value) {
    var v = axis.d2l(value);
    return v === undefined || v === null || isNaN(v) ? null : v;
  }

  // A trace's values: plotly's JSON may carry an array as base64 ({dtype, bdata}).
  var TYPED = { f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array, i2: Int16Array,
    u2: Uint16Array, i1: Int8Array, u1: Uint8Array };
  function values(v) {
    if (!v) return [];
    if (Array.isArray(v) || ArrayBuffer.isView(v)) return v;
    if (v.bdata && TYPED[String(v.dtype).replace(/[<>|=]/g, "")]) {
      var bin = window.atob(v.bdata), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return new TYPED[String(v.dtype).replace(/[<>|=]/g, "")](bytes.buffer);
    }
    return [];
  }

  // The labels for a view given by ranges in the axes' own units (log10 on a log axis): each
  // label at the last point of its line inside the view, pushed apart so none overlap; a label
  // whose line is hidden or outside the view is hidden too.
  function followLabels(gd, base, visible, xrange, yrange) {
    var full = gd._fullLayout, xa = full.xaxis, ya = full.yaxis;
    if (!xa || !ya) return base;
    // A label's text box is about 1.4 lines of its 12 px font tall: closer than that, two touch.
    var height = full._size.h, minGap = LABEL_GAP_PX / height * (yrange[1] - yrange[0]);
    var xlo = Math.min(xrange[0], xrange[1]), xhi = Math.max(xrange[0], xrange[1]);
    var ylo = Math.min(yrange[0], yrange[1]), yhi = Math.max(yrange[0], yrange[1]);
    var placed = [];
    var out = base.map(function (a) {
      if (!a.name || a.name.indexOf(LABEL) !== 0) return a;
      var index = -1;
      gd.data.forEach(function (t, i) { if (t.name === a.name.slice(LABEL.length)) index = i; });
      if (index < 0) return a;
      var xs = values(gd.data[index].x), ys = values(gd.data[index].y), end = null, last = true;
      for (var k = 0; k < xs.length; k++) {
        var x = logical(xa, xs[k]), y = logical(ya, ys[k]);
        if (x === null || y === null) continue;
        if (x >= xlo && x <= xhi && y >= ylo && y <= yhi) { end = [xs[k], y]; last = true; }
        else if (end) last = false;
      }
      var copy = Object.assign({}, a);
      if (visible[index] !== true || !end) { copy.visible = false; return copy; }
      copy.visible = true;
      copy.x = end[0];
      copy.y = end[1];
      if (!last) {
        // The line runs on out of view: label it where it leaves, on the side with room.
        var left = (xa.d2l(end[0]) - xlo) / (xhi - xlo) < 0.5;
        copy.xanchor = left ? "left" : "right";
        copy.xshift = left ? 6 : -6;
        copy.yanchor = "bottom";
      }
      placed.push(copy);
      return copy;
    });
    // Push apart, bottom up, keeping each cluster centred on its lines and inside the view.
    placed.sort(function (p, q) { return p.y - q.y; });
    var clusters = [];
    placed.forEach(function (p) {
      p._target = p.y;
      clusters.push({ members: [p], low: p.y });
      while (clusters.length > 1) {
        var below = clusters[clusters.length - 2], above = clusters[clusters.length - 1];
        if (below.low + below.members.length * minGap <= above.low) break;
        var members = below.members.concat(above.members);
        var mean = members.reduce(function (s, m) { return s + m._target; }, 0) / members.length;
        clusters.splice(-2, 2, { members: members, low: mean - (members.length - 1) * minGap / 2 });
      }
    });
    // A label pushed more than a few pixels off its line's end gets a thin leader to it.
    clusters.forEach(function (c) {
      var low = Math.max(ylo + minGap / 2, Math.min(c.low, yhi - minGap / 2 - (c.members.length - 1) * minGap));
      c.members.forEach(function (m, i) {
        m.y = low + i * minGap;
        var off = (m.y - m._target) / (yhi - ylo) * height;
        if (Math.abs(off) > LEADER_PX) {
          var right = m.xanchor === "right";
          Object.assign(m, { y: m._target, showarrow: true, arrowhead: 0, arrowwidth: 0.8, standoff: 2,
            arrowcolor: (m.font && m.font.color) || "#6c757d", ax: right ? -LEADER_AX : LEADER_AX, ay: -Math.round(off),
            xshift: 0, yanchor: "middle" });
        }
        delete m._target;
      });
    });
    return out;
  }

  function Scrolly(section) {
    this.section = section;
    this.steps = Array.prototype.slice.call(section.querySelectorAll(":scope > .step"));
    this.gd = section.querySelector(".sticky .plotly-graph-div");
    this.sticky = section.querySelector(":scope > .sticky");
    this.initial = null;
    this.active = null;
    section.classList.add("scrolly-active");
    section._scrolly = this;
    // One short line for screen readers when a step changes the chart; the chart itself is
    // not a live region.
    this.status = document.createElement("p");
    this.status.className = "scrolly-status";
    this.status.setAttribute("role", "status");
    section.appendChild(this.status);
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

  // Cards over the chart (overlay) rather than beside it (sidebar).
  Scrolly.prototype.overlay = function () {
    return !!this.sticky && window.getComputedStyle(this.sticky).position === "sticky" &&
      window.getComputedStyle(this.section).display !== "grid";
  };

  // Where a step becomes current, in pixels from the top of the viewport.
  Scrolly.prototype.line = function () {
    var height = window.innerHeight;
    if (!this.overlay() || !this.gd || !this.gd._fullLayout) return height / 2;
    var size = this.gd._fullLayout._size;
    var plotBottom = this.gd.getBoundingClientRect().top - this.sticky.getBoundingClientRect().top + size.t + size.h;
    var stuck = headerBottom() + plotBottom;
    return Math.min(height * 0.85, Math.max(height * 0.4, stuck + 0.25 * (height - stuck)));
  };

  Scrolly.prototype.apply = function (step) {
    var gd = this.gd;
    this.steps.forEach(function (s) { s.classList.toggle("is-active", s === step); });
    var number = step.getAttribute("data-step") || "";
    this.section.setAttribute("data-active-step", number);
    this.status.textContent = "Chart at step " + number + " of " + this.steps.length;
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
    // Direct labels for this step's view (ranges in the axes' own units; an autoranged axis
    // keeps the range it had at the start).
    var xa = full.xaxis, ya = full.yaxis, annotations = init.annotations;
    if (ya && init.yrange) {
      var xView = (xr || init.xrange).map(function (v) { return xa.r2l(v); });
      var yView = (yr || init.yrange).map(function (v) { return ya.r2l(v); });
      annotations = followLabels(gd, init.annotations, visible, xView, yView);
    }
    // A named model's label faces the middle of the step's view, so a zoom never leaves it
    // running off the chart's edge.
    if (xr) {
      var lo = Math.min(xr[0], xr[1]), hi = Math.max(xr[0], xr[1]);
      annotations = annotations.map(function (a) {
        if (!a.name || a.name.indexOf("model: ") !== 0 || typeof a.x !== "number") return a;
        var left = a.x > (lo + hi) / 2;
        return Object.assign({}, a, { ax: left ? -Math.abs(a.ax || 24) : Math.abs(a.ax || 24), xanchor: left ? "right" : "left" });
      });
    }
    var note = annotation(data.annotate, full);
    layout.annotations = note ? annotations.concat([note]) : annotations;
    layout.transition = { duration: reduceMotion ? 0 : 400, easing: "cubic-in-out" };
    var self = this;
    this.drawing = Plotly.update(gd, { visible: visible, opacity: opacity }, layout).then(function () {
      return self.compactKey();
    }).then(function (changed) {
      // A new key moved the plot: draw the current step again for it (the reader may have
      // moved on meanwhile).
      if (changed) return self.apply(self.active || step);
      if (self.active && self.active !== step) return; // that step's own drawing does the rest
      if (window.reportFigures && window.reportFigures.separateLabels) return window.reportFigures.separateLabels(gd);
    });
  };

  // -- the phone's key -----------------------------------------------------------------------
  // On a phone a legend of many entries would take a third of the screen. The key keeps at
  // most KEY_ROWS rows: lines lose their entry for a direct label at their end (which then
  // follows the line like any other), and if that is not enough the point groups with the
  // fewest points take the colour of the chart's "Other" group and its entry, the smallest
  // first, never a group a step names. The space the legend gave up goes back to the screen.
  var KEY_ROWS = 2;
  var KEY_GAP_PX = 6;
  var NARROW_BELOW = 560; // figures.js draws the phone layout below this width

  function legendRows(gd) {
    var rows = new Set();
    Array.prototype.forEach.call(gd.querySelectorAll(".legend .traces"), function (g) {
      var box = g.getBoundingClientRect();
      if (box.height) rows.add(Math.round(box.top / 4));
    });
    return rows.size;
  }

  function inLegend(gd, i) {
    var t = gd._fullData[i];
    return t && t.showlegend !== false && t.visible !== false;
  }

  function isLine(trace) {
    return (trace.mode || "").indexOf("lines") >= 0 && (trace.mode || "").indexOf("markers") < 0;
  }

  Scrolly.prototype.narrow = function () {
    return this.gd.getBoundingClientRect().width < NARROW_BELOW;
  };

  // Names any step shows, highlights or reveals: their entries stay in the key.
  Scrolly.prototype.named = function () {
    var names = new Set();
    this.steps.forEach(function (step) {
      ["show", "highlight", "trend"].forEach(function (key) { (list(step.dataset[key]) || []).forEach(function (n) { names.add(n); }); });
    });
    return names;
  };

  // One key change at a time: a step drawn meanwhile waits for it (and leaves the redraw to it).
  Scrolly.prototype.compactKey = function () {
    var self = this;
    if (this.keying) return this.keying.then(function () { return false; });
    this.keying = this.makeKey().then(function (changed) { self.keying = null; return changed; },
      function (error) { self.keying = null; throw error; });
    return this.keying;
  };

  Scrolly.prototype.makeKey = function () {
    var gd = this.gd, self = this;
    if (!this.narrow() || !gd._fullLayout.showlegend || legendRows(gd) <= KEY_ROWS) return Promise.resolve(false);
    var lineNames = [];
    gd.data.forEach(function (t, i) { if (isLine(t) && inLegend(gd, i)) lineNames.push(i); });
    var chain = Promise.resolve();
    if (lineNames.length) {
      var known = new Set(this.initial.annotations.map(function (a) { return a.name; }));
      lineNames.forEach(function (i) {
        var name = gd.data[i].name, colour = (gd._fullData[i].line || {}).color;
        if (known.has(LABEL + name)) return;
        self.initial.annotations.push({
          name: LABEL + name, text: name, xref: "x", yref: "y", x: 0, y: 0, showarrow: false,
          xanchor: "right", yanchor: "bottom", xshift: -2, yshift: 1,
          bgcolor: "rgba(255,255,255,0.8)", font: { size: 11, color: colour }, visible: false
        });
      });
      chain = chain.then(function () { return Plotly.restyle(gd, { showlegend: false }, lineNames); });
    }
    var named = this.named();
    var sink = -1;
    gd.data.forEach(function (t, i) { if (/^Other\b/.test(t.name || "") && !isLine(t)) sink = i; });
    var fold = function () {
      if (legendRows(gd) <= KEY_ROWS || sink < 0) return null;
      var candidates = [];
      gd.data.forEach(function (t, i) {
        if (i === sink || isLine(t) || named.has(t.name) || !inLegend(gd, i)) return;
        candidates.push([values(t.x).length, i]);
      });
      if (!candidates.length) return null;
      candidates.sort(function (p, q) { return p[0] - q[0]; });
      var i = candidates[0][1], colour = gd._fullData[sink].marker.color;
      return Plotly.restyle(gd, { showlegend: false, "marker.color": colour }, [i]).then(fold);
    };
    return chain.then(fold).then(function () {
      // The key hangs from the plot's top edge: the plot moves up until the key sits just
      // under the subtitle, the title staying where it is.
      var legend = gd.querySelector(".legend .bg"), over = gd.querySelector(".gtitle-subtitle") || gd.querySelector(".gtitle");
      if (!legend || !over) return true;
      var saved = Math.round(legend.getBoundingClientRect().top - over.getBoundingClientRect().bottom - KEY_GAP_PX);
      if (saved < 4) return true;
      var full = gd._fullLayout, container = gd.closest(".aigrowth-figure") || gd.parentElement;
      container.style.height = (container.getBoundingClientRect().height - saved) + "px";
      return Plotly.relayout(gd, { "margin.t": full.margin.t - saved, "title.pad.b": (full.title.pad.b || 0) - saved })
        .then(function () { return Plotly.Plots.resize(gd); }).then(function () { return true; });
    });
  };

  Scrolly.prototype.activate = function (step) {
    if (this.active === step) return;
    this.active = step;
    this.apply(step);
  };

  // Over the chart, where a card stays pinned while it is read (scrolly.css): just above the
  // line, or higher where a tall card would otherwise run off the bottom, never under the header.
  Scrolly.prototype.cardTop = function (card, line) {
    var fit = window.innerHeight - card.getBoundingClientRect().height - 8;
    return Math.round(Math.max(headerBottom() + 4, Math.min(line - 4, fit)));
  };

  // Over the chart: each card's pinned place, and the cards that have left it upwards fade.
  Scrolly.prototype.place = function (line) {
    if (!this.overlay()) {
      this.steps.forEach(function (step) { step.classList.remove("is-past"); });
      return;
    }
    var self = this;
    this.steps.forEach(function (step) {
      var card = step.firstElementChild || step, top = self.cardTop(card, line);
      if (card.style.getPropertyValue("--scrolly-card-top") !== top + "px") card.style.setProperty("--scrolly-card-top", top + "px");
      step.classList.toggle("is-past", card.getBoundingClientRect().top < top - 2);
    });
  };

  // The current step: the last one whose top has passed the line.
  Scrolly.prototype.update = function () {
    var line = this.line(), current = this.steps[0];
    this.place(line);
    // While a keyboard move scrolls its step into place, the scroll does not pick a step.
    if (this.holdUntil && Date.now() < this.holdUntil) return;
    this.steps.forEach(function (step) {
      var card = step.firstElementChild || step;
      if (card.getBoundingClientRect().top <= line) current = step;
    });
    var box = this.section.getBoundingClientRect();
    if (box.bottom > 0 && box.top < window.innerHeight) this.activate(current);
  };

  Scrolly.prototype.move = function (from, by) {
    var index = this.steps.indexOf(from) + by;
    if (index < 0 || index >= this.steps.length) return false;
    var step = this.steps[index];
    this.holdUntil = Date.now() + (reduceMotion ? 100 : 900);
    step.focus({ preventScroll: true });
    var behavior = reduceMotion ? "auto" : "smooth";
    if (this.overlay()) {
      // The card's own place: its step's top (the card's unpinned position) at its pinned top.
      var card = step.firstElementChild || step;
      window.scrollBy({ top: step.getBoundingClientRect().top - this.cardTop(card, this.line()), behavior: behavior });
    } else {
      step.scrollIntoView({ block: "center", behavior: behavior });
    }
    this.activate(step);
    return true;
  };

  Scrolly.prototype.start = function () {
    var self = this;
    this.started = true;
    this.steps.forEach(function (step) {
      step.addEventListener("focus", function () { self.activate(step); });
      step.addEventListener("keydown", function (event) {
        if (event.altKey || event.ctrlKey || event.metaKey) return;
        var key = event.key;
        var by = key === "ArrowDown" || key === "j" ? 1 : key === "ArrowUp" || key === "k" ? -1 : 0;
        if (by && self.move(step, by)) event.preventDefault();
      });
    });
    this.update();
  };

  // While a scrolly block is on screen it spans the contents column too: hide that column
  // meanwhile (body.scrolly-in-view; scrolly.css), whole, so the two never show side by side.
  function watchInView(sections) {
    if (!("IntersectionObserver" in window)) return;
    var visible = new Set();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) visible.add(entry.target); else visible.delete(entry.target);
      });
      document.body.classList.toggle("scrolly-in-view", visible.size > 0);
    }, { rootMargin: "0px", threshold: 0 });
    sections.forEach(function (section) { observer.observe(section); });
  }

  function init() {
    var sections = Array.prototype.slice.call(document.querySelectorAll(".scrolly"));
    var blocks = sections.map(function (section) {
      var scrolly = new Scrolly(section);
      if (scrolly.gd) whenDrawn(scrolly.gd, function () { scrolly.start(); });
      else scrolly.start();
      return scrolly;
    });
    measureHeader();
    var pending = false;
    var onScroll = function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        measureHeader();
        blocks.forEach(function (b) { if (b.started) b.update(); });
      });
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onScroll);
    watchInView(sections);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
