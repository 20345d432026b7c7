// Every chart four ways. Under each chart (an .aigrowth-figure container, see figures.js) this
// script adds a row of controls:
//   - "Table": the plotted rows as an accessible table (built from the figure's own payload,
//     the same numbers the chart draws), shown and hidden in place;
//   - "PNG" and "SVG": the chart as an image, made in the browser by plotly.js (works offline);
//   - "CSV": the data behind the chart (downloads/<figure id>.csv, with its description in
//     downloads/<figure id>.csv-metadata.json): the chapter's own download link, moved here;
//   - "Link": the figure's permalink (its anchor), copied to the clipboard.
// All are buttons or links, so they work with a keyboard and by touch. Nothing runs inline.
(function () {
  "use strict";
  var MAX_ROWS = 5000; // a larger table is cut, with a note that says where the rest is

  var DTYPES = {
    f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array,
    i2: Int16Array, u2: Uint16Array, i1: Int8Array, u1: Uint8Array, u1c: Uint8ClampedArray
  };

  // plotly's JSON may carry a numeric array as {dtype, bdata} (base64 of the typed array).
  function values(v) {
    if (v == null) return null;
    if (Array.isArray(v)) return v;
    if (v.bdata && DTYPES[v.dtype]) {
      var bytes = atob(v.bdata);
      var buffer = new ArrayBuffer(bytes.length);
      var view = new Uint8Array(buffer);
      for (var i = 0; i < bytes.length; i++) view[i] = bytes.charCodeAt(i);
      return Array.prototype.slice.call(new DTYPES[v.dtype](buffer));
    }
    return null;
  }

  // The text a plotly label shows (entities decoded, line breaks as spaces). Parsed in an inert
  // document, never in the page's, so no markup in a label can load or run anything.
  var parser = new DOMParser();
  function plain(text) {
    var html = String(text == null ? "" : text).replace(/<br\s*\/?>/gi, " ");
    var body = parser.parseFromString("<!doctype html><body>" + html, "text/html").body;
    return (body.textContent || "").replace(/\s+/g, " ").trim();
  }

  function axisTitle(layout, name, fallback) {
    var axis = layout[name] || {};
    var title = axis.title && (axis.title.text != null ? axis.title.text : axis.title);
    return plain(typeof title === "string" ? title : "") || fallback;
  }

  var number = new Intl.NumberFormat("en", { maximumSignificantDigits: 4 });
  function cell(value) {
    if (value == null || value === "") return "–";
    if (typeof value === "number") return isFinite(value) ? number.format(value) : "–";
    return plain(value);
  }

  // The plotted rows: one per point of every trace that is drawn (or that print shows).
  function plottedRows(figure) {
    var layout = figure.layout || {};
    var rows = [];
    var columns = null;
    (figure.data || []).forEach(function (trace, index) {
      var meta = trace.meta || {};
      if (trace.visible === false && meta.print !== "show") return;
      var series = plain(trace.name) || "Series " + (index + 1);
      var labels = values(trace.hovertext) || values(trace.text);
      if (trace.type === "choropleth") {
        // A map's colours may be a transform of the values (a log scale): the trace's text
        // holds the values as the reader reads them, its hover text the places' names.
        var locations = values(trace.locations) || [];
        var z = values(trace.z) || [];
        var names = Array.isArray(trace.hovertext) ? trace.hovertext : null;
        var shown = Array.isArray(trace.text) ? trace.text : null;
        var bar = (layout.coloraxis && layout.coloraxis.colorbar) || trace.colorbar || {};
        var title = bar.title && (bar.title.text != null ? bar.title.text : bar.title);
        columns = columns || ["Series", "Place", plain(typeof title === "string" ? title : "") || "Value"];
        locations.forEach(function (loc, i) { rows.push([series, names ? names[i] : loc, shown ? shown[i] : z[i]]); });
        return;
      }
      var x = values(trace.x);
      var y = values(trace.y);
      if (!x && !y) return;
      var horizontal = trace.orientation === "h";
      columns = columns || ["Series", axisTitle(layout, horizontal ? "yaxis" : "xaxis", horizontal ? "Category" : "x"),
        axisTitle(layout, horizontal ? "xaxis" : "yaxis", horizontal ? "Value" : "y"), "Label"];
      var n = Math.max(x ? x.length : 0, y ? y.length : 0);
      for (var i = 0; i < n; i++) {
        var label = labels && typeof labels === "object" ? labels[i] : (typeof trace.text === "string" ? trace.text : "");
        rows.push(horizontal
          ? [series, y ? y[i] : i, x ? x[i] : null, label]
          : [series, x ? x[i] : i, y ? y[i] : null, label]);
      }
    });
    return { columns: columns || ["Series"], rows: rows };
  }

  function buildTable(entry) {
    var figure = window.reportFigures.figure(entry.id);
    var data = plottedRows(figure);
    var table = document.createElement("table");
    table.className = "figure-data-table";
    var caption = document.createElement("caption");
    caption.textContent = "The data plotted in the chart: " + (entry.title || entry.id) +
      " (" + data.rows.length + " rows)";
    table.appendChild(caption);
    var head = table.createTHead().insertRow();
    data.columns.forEach(function (name) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.appendChild(th);
    });
    var body = table.createTBody();
    data.rows.slice(0, MAX_ROWS).forEach(function (row) {
      var tr = body.insertRow();
      row.slice(0, data.columns.length).forEach(function (value) { tr.insertCell().textContent = cell(value); });
    });
    var wrap = document.createElement("div");
    wrap.className = "figure-data-table-wrap";
    wrap.tabIndex = 0; // a scrolling region a keyboard can scroll
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Data table");
    wrap.appendChild(table);
    if (data.rows.length > MAX_ROWS) {
      var note = document.createElement("p");
      note.textContent = "The first " + MAX_ROWS + " rows; the CSV download has them all.";
      wrap.appendChild(note);
    }
    return wrap;
  }

  function whenDrawn(entry) {
    return new Promise(function (resolve) {
      if (entry.gd._fullLayout && window.Plotly) { resolve(entry.gd); return; }
      entry.gd.addEventListener("figure:drawn", function () { resolve(entry.gd); }, { once: true });
      window.reportFigures.draw(entry.id);
    });
  }

  function download(entry, format, button) {
    button.disabled = true;
    whenDrawn(entry).then(function (gd) {
      var box = gd.getBoundingClientRect();
      return window.Plotly.downloadImage(gd, {
        format: format, filename: entry.id,
        width: Math.max(Math.round(box.width), 600), height: Math.max(Math.round(box.height), 400)
      });
    }).catch(function (error) { console.error(error); }).then(function () { button.disabled = false; });
  }

  function permalink(entry) {
    return location.href.split("#")[0] + "#" + entry.anchor;
  }

  function copyLink(entry, button, status) {
    var url = permalink(entry);
    var done = function () { status.textContent = "Link copied"; setTimeout(function () { status.textContent = ""; }, 2500); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { status.textContent = url; });
    } else {
      status.textContent = url; // no clipboard here: show the address to copy by hand
    }
  }

  function button(text, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "figure-tool";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    return b;
  }

  // A chart with a plotly slider (the world map's years) gets one year control: a native range
  // input, which takes keyboard focus and touch, with a few year labels under it (fewer on a
  // phone). Plotly's own slider, drawn in SVG, is taken out before the chart draws, and the
  // map takes its room, as on paper.
  // Year labels every few years counted back from the last, at most TICKS_WIDE of them; a
  // phone keeps every other one when there are more than TICKS_NARROW_MAX.
  var TICKS_WIDE = 7, TICKS_NARROW_MAX = 5;

  function yearSlider(entry) {
    var layout = (window.reportFigures.figure(entry.id) || {}).layout || {};
    var spec = layout.sliders && layout.sliders[0];
    if (!spec || !spec.steps || !spec.steps.length) return null;
    var steps = spec.steps;
    layout.sliders = [];
    if (layout.geo && layout.geo.domain) layout.geo.domain.y = [0, 1];
    var wrap = document.createElement("div");
    wrap.className = "figure-slider";
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "range";
    input.min = "0";
    input.max = String(steps.length - 1);
    input.step = "1";
    input.value = String(spec.active != null ? spec.active : steps.length - 1);
    input.id = "figure-slider-" + entry.id;
    label.htmlFor = input.id;
    var prefix = plain((spec.currentvalue && spec.currentvalue.prefix) || "");
    if (prefix) prefix += " ";
    var output = document.createElement("output");
    output.setAttribute("for", input.id);
    function show(i) {
      var text = prefix + steps[i].label;
      output.textContent = text;
      input.setAttribute("aria-valuetext", text);
    }
    label.textContent = "Year";
    show(Number(input.value));
    input.addEventListener("input", function () {
      var i = Number(input.value);
      show(i);
      whenDrawn(entry).then(function (gd) { window.Plotly.restyle(gd, steps[i].args[0]); });
    });
    // The year labels under the track, each where the thumb stands for its year; those only
    // for wide screens are hidden on a phone (figure-tools.css). They repeat what the input's
    // value text says, so assistive technology skips them.
    var track = document.createElement("div");
    track.className = "figure-slider-track";
    var ticks = document.createElement("div");
    ticks.className = "figure-slider-ticks";
    ticks.setAttribute("aria-hidden", "true");
    var last = steps.length - 1, every = Math.max(1, Math.ceil(last / (TICKS_WIDE - 1)));
    var thin = Math.floor(last / every) + 1 > TICKS_NARROW_MAX;
    for (var i = last % every; i <= last; i += every) {
      var tick = document.createElement("span");
      tick.className = thin && (last - i) % (2 * every) ? "figure-slider-tick wide-only" : "figure-slider-tick";
      tick.style.setProperty("--at", String(last ? i / last : 0));
      if (i === 0) tick.classList.add("is-first");
      if (i === last) tick.classList.add("is-last");
      // Only the year ("2026 (to 15 Jul)" reads in full in the output beside the input).
      var text = plain(steps[i].label);
      tick.textContent = (/^\d{4}/.exec(text) || [text])[0];
      ticks.appendChild(tick);
    }
    track.appendChild(input);
    track.appendChild(ticks);
    wrap.appendChild(label);
    wrap.appendChild(track);
    wrap.appendChild(output);
    return wrap;
  }

  // The page's own download link for a chart ("Download the data behind this chart (CSV)",
  // written in the chapter so that it works without JavaScript and in the PDF) moves into the
  // row as its CSV control, so the two never say the same thing twice; a chart without one
  // gets a new link.
  function adoptDownload(id) {
    var href = "downloads/" + encodeURIComponent(id) + ".csv";
    var csv = document.querySelector('a[href="' + href + '"]:not(.figure-tool)');
    if (csv) {
      var paragraph = csv.parentElement;
      csv.remove();
      if (paragraph && paragraph.tagName === "P" && !paragraph.textContent.trim() && !paragraph.children.length) {
        paragraph.remove();
      }
    } else {
      csv = document.createElement("a");
      csv.href = href;
    }
    csv.classList.add("figure-tool", "figure-csv");
    csv.setAttribute("download", "");
    csv.textContent = "CSV";
    csv.setAttribute("aria-label", "CSV: download the data behind the chart");
    return csv;
  }

  function addTools(container, number) {
    var gd = container.querySelector(".plotly-graph-div");
    if (!gd || !gd.id || !window.reportFigures) return;
    var figureBlock = container.closest("[id^='fig-']");
    var entry = {
      id: gd.id, gd: gd, container: container,
      anchor: figureBlock ? figureBlock.id : gd.id,
      title: container.getAttribute("aria-label") || ""
    };
    var bar = document.createElement("div");
    bar.className = "figure-tools";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Chart tools");

    var tableButton = button("Table", null);
    var panelId = "figure-table-" + gd.id;
    tableButton.setAttribute("aria-expanded", "false");
    tableButton.setAttribute("aria-controls", panelId);
    var panel = document.createElement("div");
    panel.id = panelId;
    panel.className = "figure-table-panel";
    panel.hidden = true;
    tableButton.addEventListener("click", function () {
      var open = panel.hidden;
      if (open && !panel.firstChild) panel.appendChild(buildTable(entry));
      panel.hidden = !open;
      tableButton.setAttribute("aria-expanded", String(open));
      tableButton.textContent = open ? "Chart only" : "Table";
    });

    var png = button("PNG", "Download the chart as a PNG image");
    png.addEventListener("click", function () { download(entry, "png", png); });
    var svg = button("SVG", "Download the chart as an SVG image");
    svg.addEventListener("click", function () { download(entry, "svg", svg); });

    var csv = adoptDownload(gd.id);

    var link = document.createElement("a");
    link.className = "figure-tool figure-permalink";
    link.href = "#" + entry.anchor;
    link.textContent = "#";
    link.setAttribute("aria-label", "Permalink to this chart");
    var copy = button("Copy link", "Copy link to this chart");
    var status = document.createElement("span");
    status.className = "figure-tool-status";
    status.setAttribute("role", "status");
    copy.addEventListener("click", function () { copyLink(entry, copy, status); });

    [tableButton, png, svg, csv, link, copy, status].forEach(function (el) { bar.appendChild(el); });

    container.insertAdjacentElement("afterend", bar);
    bar.insertAdjacentElement("afterend", panel);
    var slider = yearSlider(entry);
    if (slider) container.insertAdjacentElement("afterend", slider); // right under the map
  }

  Array.prototype.slice.call(document.querySelectorAll(".aigrowth-figure")).forEach(addTools);
})();
