/* Cluster-mapping and scoreboard figures (radar, bars) drawn from data embedded in the page, and sortable
   tables. Loaded once per section (deferred); the guard makes repeated loads harmless. Maps use the base
   choropleth of observatory.js; the modebar config below mirrors it (PNG and SVG downloads). */
(function () {
  "use strict";
  if (window.clusterobsAnalytics) { return; }
  window.clusterobsAnalytics = true;
  var SVG_ICON = { width: 1000, height: 1000,
    path: "M500 0 L1000 500 L750 500 L750 1000 L250 1000 L250 500 L0 500 Z", transform: "matrix(1 0 0 -1 0 850)" };
  var COLOURS = { region: "#c2410c", peers: "#0b5cad", eu: "#52606d" };

  function config(el) {
    var name = (el.dataset.title || el.id).replace(/[^A-Za-z0-9_-]+/g, "_");
    return {
      responsive: true, displaylogo: false,
      toImageButtonOptions: { format: "png", filename: name, scale: 2 },
      modeBarButtonsToAdd: [{
        name: "Download as SVG", title: "Download plot as SVG", icon: SVG_ICON,
        click: function (gd) { Plotly.downloadImage(gd, { format: "svg", filename: name }); }
      }]
    };
  }

  function closeLoop(a) { return a.concat(a.length ? [a[0]] : []); }

  function radar(el, d) {
    var keys = ["region", "peers", "eu"];
    var traces = d.series.map(function (s, i) {
      return { type: "scatterpolar", name: s.name, r: closeLoop(s.r), theta: closeLoop(d.theta),
               fill: i === 0 ? "toself" : "none", opacity: i === 0 ? 0.85 : 1,
               line: { color: COLOURS[s.key || keys[i]], width: 2, dash: i === 2 ? "dot" : "solid" },
               hovertemplate: "%{theta}: %{r:.2f}<extra>" + s.name + "</extra>" };
    });
    var layout = { margin: { l: 70, r: 70, t: 30, b: 30 }, showlegend: true, legend: { orientation: "h" },
                   polar: { radialaxis: { range: [0, 1], tickformat: ".1f" } } };
    return Plotly.newPlot(el, traces, layout, config(el));
  }

  function bars(el, d) {
    var keys = ["region", "peers", "eu"];
    var traces = d.series.map(function (s, i) {
      return { type: "bar", orientation: "h", name: s.name, x: s.x, y: d.labels,
               marker: { color: COLOURS[keys[i]] }, hovertemplate: "%{y}: %{x:.2f}<extra>" + s.name + "</extra>" };
    });
    var layout = { barmode: "group", margin: { l: 320, r: 20, t: 10, b: 40 }, legend: { orientation: "h" },
                   xaxis: { range: [0, 1], title: { text: "normalised score (0–1)" } },
                   yaxis: { autorange: "reversed", automargin: true } };
    return Plotly.newPlot(el, traces, layout, config(el));
  }

  var KINDS = { radar: radar, bars: bars };

  function draw(el) {
    var kind = KINDS[el.dataset.akind];
    var node = document.getElementById(el.id + "-data");
    if (!kind || !node) { el.setAttribute("data-state", "error"); return; }
    Promise.resolve(kind(el, JSON.parse(node.textContent)))
      .then(function () { el.setAttribute("data-state", "drawn"); })
      .catch(function (err) { el.setAttribute("data-state", "error"); el.textContent = "The chart could not be drawn: " + err.message; });
  }

  function sortValue(td) {
    var raw = td.getAttribute("data-sort");
    if (raw === null || raw === "" || raw === "None") { return null; }
    var n = Number(raw);
    return isNaN(n) ? raw.toLowerCase() : n;
  }

  function sortBy(table, col, th) {
    var asc = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = sortValue(a.cells[col]), y = sortValue(b.cells[col]);
      if (x === null && y === null) { return 0; }
      if (x === null) { return 1; }   /* missing last, whatever the direction */
      if (y === null) { return -1; }
      var c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y));
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function sortable(table) {
    Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (th, col) {
      var button = th.querySelector("button.sort");
      if (button) { button.addEventListener("click", function () { sortBy(table, col, th); }); }
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-block.sortable table"), sortable);
    if (typeof Plotly === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".aplot[data-akind]"), draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
