// Site search for the offline build: a small index (search.json) filtered as you type.
(function () {
  "use strict";
  var input = document.getElementById("site-search-input");
  var list = document.getElementById("site-search-results");
  if (!input || !list) return;
  var index = null;
  function load() {
    if (index) return Promise.resolve(index);
    return fetch(input.dataset.index).then(function (r) { return r.json(); }).then(function (data) {
      index = data;
      return data;
    });
  }
  function snippet(text, at, length) {
    var start = Math.max(0, at - 40);
    return (start > 0 ? "…" : "") + text.slice(start, start + length) + "…";
  }
  function show(query) {
    list.innerHTML = "";
    if (query.length < 2) { list.hidden = true; return; }
    var q = query.toLowerCase();
    var hits = index.filter(function (entry) {
      return (entry.title + " " + entry.text).toLowerCase().indexOf(q) !== -1;
    }).slice(0, 8);
    hits.forEach(function (entry) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = input.dataset.root + entry.href;
      a.textContent = entry.title;
      var p = document.createElement("p");
      p.textContent = snippet(entry.text, entry.text.toLowerCase().indexOf(q), 120);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = "No results";
      list.appendChild(none);
    }
    list.hidden = false;
  }
  input.addEventListener("input", function () {
    var query = input.value.trim();
    load().then(function () { show(query); }).catch(function () { list.hidden = true; });
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; list.hidden = true; }
  });
})();
