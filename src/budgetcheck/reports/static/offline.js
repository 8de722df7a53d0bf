/* budgetcheck: a stand-in for the jQuery / Bootstrap / bootstrap-table calls the GX Data Docs pages
   make, shipped with the package so the site works without the network. It renders the tables
   GX fills from JavaScript (the index's Validation Results and Expectation Suites tabs), switches
   tabs, follows clickable rows and sorts any table by a click on its header. Calls it does not
   know are accepted and ignored, so a page never stops on a missing library. */
(function () {
  "use strict";
  function rows(opts) {
    var table = this.el;
    if (!table) return this;
    var cols = opts.columns || [], data = opts.data || [];
    var head = "<thead><tr>" + cols.map(function (c) { return "<th>" + (c.title || c.field) + "</th>"; }).join("") + "</tr></thead>";
    var body = data.map(function (row) {
      var link = row._table_row_link_path ? ' class="clickable-row" data-href="' + row._table_row_link_path + '"' : "";
      return "<tr" + link + ">" + cols.map(function (c) {
        var v = row[c.field]; return "<td>" + (v === undefined || v === null ? "" : v) + "</td>";
      }).join("") + "</tr>";
    }).join("");
    table.innerHTML = head + "<tbody>" + body + "</tbody>";
    table.classList.add("table");
    sortable(table);
    return this;
  }
  function sortable(table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, i) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0]; if (!body) return;
        var dir = th.getAttribute("data-dir") === "asc" ? "desc" : "asc";
        heads.forEach(function (h) { h.removeAttribute("data-dir"); });
        th.setAttribute("data-dir", dir);
        var list = Array.prototype.slice.call(body.rows);
        list.sort(function (a, b) {
          var x = (a.cells[i] || {}).textContent || "", y = (b.cells[i] || {}).textContent || "";
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, "zh-CN");
          return dir === "asc" ? c : -c;
        });
        list.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  function Wrapped(el) { this.el = el; }
  Wrapped.prototype.bootstrapTable = rows;
  var handler = { get: function (t, k) { return k in t ? t[k] : function () { return proxy(t); }; } };
  function proxy(t) { return typeof Proxy === "function" ? new Proxy(t, handler) : t; }
  function $(arg) {
    if (typeof arg === "function") { document.addEventListener("DOMContentLoaded", arg); return proxy(new Wrapped(null)); }
    var el = typeof arg === "string" ? (function () { try { return document.querySelector(arg); } catch (e) { return null; } })() : arg;
    var w = new Wrapped(el);
    w.ready = function (fn) { document.addEventListener("DOMContentLoaded", fn); return proxy(w); };
    return proxy(w);
  }
  if (!window.jQuery) { window.$ = window.jQuery = $; }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('[data-toggle="tab"]').forEach(function (a) {
      a.addEventListener("click", function (ev) {
        var target = document.querySelector(a.getAttribute("href")); if (!target) return;
        ev.preventDefault();
        target.parentNode.querySelectorAll(".tab-pane").forEach(function (p) { p.classList.remove("active", "show"); });
        a.closest(".nav").querySelectorAll(".nav-link").forEach(function (l) { l.classList.remove("active"); });
        target.classList.add("active", "show"); a.classList.add("active");
      });
    });
    document.addEventListener("click", function (ev) {
      var row = ev.target.closest && ev.target.closest("tr.clickable-row");
      if (row && row.getAttribute("data-href") && !ev.target.closest("a")) window.location = row.getAttribute("data-href");
    });
    document.querySelectorAll("table.bc-sortable").forEach(sortable);
  });
})();
