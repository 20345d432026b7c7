// Site search for the offline build, over Quarto's own index (search.json: one entry per page
// and per section). Word matching: every word typed must begin a word of the section (its page
// title, heading or text), in any order; accents and case do not matter. Results list the
// section and a snippet with the words marked; arrow keys move through them, Enter opens the
// chosen one (the first if none is chosen) and lands on the section. "/" or "s" focuses the box.
(function () {
  "use strict";
  var input = document.getElementById("site-search-input");
  var list = document.getElementById("site-search-results");
  if (!input || !list) return;
  var MAX_RESULTS = 12, PER_PAGE = 4, SNIPPET = 160;
  var index = null, results = [], selected = -1, timer = null, shown = null;

  // One character in, one character out, so positions in the folded text are positions in the text.
  function fold(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i].normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      c = c.charAt(0) || " ";
      out += /[\p{L}\p{N}]/u.test(c) ? c : " ";
    }
    return out;
  }
  function decode(text) { return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">"); }

  function load() {
    if (index) return Promise.resolve(index);
    return fetch(input.dataset.index).then(function (r) { return r.json(); }).then(function (data) {
      index = data.map(function (entry, order) {
        var text = decode(entry.text || "");
        return { entry: entry, order: order, text: text,
                 head: " " + fold(entry.title + " " + (entry.section || "")),
                 body: " " + fold(text) };
      });
      return index;
    });
  }

  function words(query) {
    return fold(query).split(" ").filter(function (w) { return w.length > 0; });
  }

  function count(hay, word) {
    var n = 0, at = hay.indexOf(" " + word);
    while (at !== -1 && n < 20) { n++; at = hay.indexOf(" " + word, at + 1); }
    return n;
  }

  function search(query) {
    var ws = words(query);
    if (!ws.length || query.trim().length < 2) return [];
    var hits = [];
    index.forEach(function (item) {
      var score = 0;
      for (var i = 0; i < ws.length; i++) {
        var inHead = count(item.head, ws[i]), inBody = count(item.body, ws[i]);
        if (!inHead && !inBody) return;
        score += 5 * inHead + inBody;
      }
      hits.push({ item: item, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.item.order - b.item.order; });
    var perPage = {}, kept = [];
    hits.forEach(function (hit) {
      var page = hit.item.entry.href.split("#")[0];
      perPage[page] = (perPage[page] || 0) + 1;
      if (perPage[page] <= PER_PAGE && kept.length < MAX_RESULTS) kept.push(hit.item);
    });
    return kept;
  }

  // The snippet around the first word found, with every word found marked.
  function snippet(item, ws) {
    var body = item.body, text = item.text, first = -1;
    ws.forEach(function (w) {
      var at = body.indexOf(" " + w);
      if (at !== -1 && (first === -1 || at < first)) first = at;
    });
    var start = Math.max(0, first - 40), end = Math.min(text.length, start + SNIPPET);
    var fragment = document.createDocumentFragment(), pos = start;
    if (start > 0) fragment.appendChild(document.createTextNode("…"));
    var marks = [];
    ws.forEach(function (w) {
      var at = body.indexOf(" " + w, start);
      while (at !== -1 && at < end) { marks.push([at, Math.min(end, at + w.length)]); at = body.indexOf(" " + w, at + 1); }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      fragment.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      fragment.appendChild(mark);
      pos = m[1];
    });
    fragment.appendChild(document.createTextNode(text.slice(pos, end) + (end < text.length ? "…" : "")));
    return fragment;
  }

  function select(i) {
    var options = list.querySelectorAll('[role="option"]');
    selected = options.length ? (i + options.length) % options.length : -1;
    options.forEach(function (option, n) { option.setAttribute("aria-selected", n === selected ? "true" : "false"); });
    if (selected >= 0) {
      input.setAttribute("aria-activedescendant", options[selected].id);
      options[selected].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    selected = -1;
  }

  function show(query) {
    shown = query;
    results = search(query);
    list.textContent = "";
    selected = -1;
    if (query.trim().length < 2) { close(); return; }
    var ws = words(query);
    results.forEach(function (item, n) {
      var li = document.createElement("li");
      li.id = "site-search-result-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = document.createElement("a");
      a.href = input.dataset.root + item.entry.href;
      a.tabIndex = -1;
      var page = document.createElement("span");
      page.className = "search-result-page";
      page.textContent = item.entry.title;
      var section = document.createElement("span");
      section.className = "search-result-section";
      section.textContent = item.entry.section || item.entry.title;
      var text = document.createElement("span");
      text.className = "search-result-text";
      text.appendChild(snippet(item, ws));
      a.appendChild(page);
      a.appendChild(section);
      a.appendChild(text);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!results.length) {
      var none = document.createElement("li");
      none.className = "search-no-results";
      none.textContent = "No results";
      list.appendChild(none);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function go() {
    var chosen = results[selected >= 0 ? selected : 0];
    if (chosen) window.location.href = input.dataset.root + chosen.entry.href;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value;
    timer = setTimeout(function () {
      load().then(function () { show(query); }).catch(close);
    }, 80);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!list.hidden) select(selected + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      var query = input.value;
      load().then(function () { if (query !== shown) show(query); go(); });
    } else if (event.key === "Escape") {
      input.value = "";
      close();
    }
  });
  input.form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.addEventListener("click", function (event) {
    if (!input.form.contains(event.target)) close();
  });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });
})();
