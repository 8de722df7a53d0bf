// budgetcheck dashboard: filter and sort the units table. Local, no dependencies, no network.
(function () {
  "use strict";
  var table = document.getElementById("units");
  if (!table) { return; }
  var body = table.tBodies[0];
  var search = document.getElementById("filter-text");
  var verdict = document.getElementById("filter-verdict");
  var count = document.getElementById("shown");

  function apply() {
    var text = (search.value || "").trim().toLowerCase();
    var want = verdict.value;
    var shown = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var ok = (!text || row.getAttribute("data-search").indexOf(text) >= 0) &&
               (!want || row.getAttribute("data-verdict") === want);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = String(shown);
  }

  function sortBy(th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-type") === "number";
    var descending = th.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-sort") || a.cells[index].textContent;
      var y = b.cells[index].getAttribute("data-sort") || b.cells[index].textContent;
      var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh");
      return descending ? -c : c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.addEventListener("click", function () { sortBy(th); });
  });
  search.addEventListener("input", apply);
  verdict.addEventListener("change", apply);
  // the filter can come in the address (index.html?q=…&verdict=failed), e.g. from a bookmark
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { search.value = params.get("q"); }
  if (params.get("verdict")) { verdict.value = params.get("verdict"); }
  if (params.get("sort")) {
    var th = document.getElementById("col-" + params.get("sort"));
    if (th) { sortBy(th); if (params.get("order") === "desc") { sortBy(th); } }
  }
  apply();
  document.body.setAttribute("data-ready", "1");
}());
