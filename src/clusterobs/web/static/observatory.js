/* Draws the page's Plotly figures from our own data: GeoJSON from /api/v1/maps (no tile server, no CDN) or
   data embedded in the page. Every figure's modebar downloads PNG and SVG. */
(function () {
  "use strict";
  var SVG_ICON = { width: 1000, height: 1000,
    path: "M500 0 L1000 500 L750 500 L750 1000 L250 1000 L250 500 L0 500 Z", transform: "matrix(1 0 0 -1 0 850)" };

  /* Plotly's geo loads a base-map topojson before drawing; ours is an empty one served by us (no CDN). */
  var TOPOJSON_URL = (document.documentElement.getAttribute("data-root") || "") + "/static/topojson/";

  function config(el) {
    var name = (el.dataset.title || el.id).replace(/[^A-Za-z0-9_-]+/g, "_");
    return {
      responsive: true, displaylogo: false, topojsonURL: TOPOJSON_URL,
      toImageButtonOptions: { format: "png", filename: name, scale: 2 },
      modeBarButtonsToAdd: [{
        name: "Download as SVG", title: "Download plot as SVG", icon: SVG_ICON,
        click: function (gd) { Plotly.downloadImage(gd, { format: "svg", filename: name }); }
      }]
    };
  }

  function geoLayout() {
    /* geo.visible=false: no base layers, so Plotly fetches no topojson; fitbounds frames our shapes. */
    return { margin: { l: 0, r: 0, t: 10, b: 0 }, dragmode: false,
             geo: { visible: false, fitbounds: "locations", projection: { type: "mercator" } } };
  }

  function choropleth(el, fc) {
    var have = fc.features.filter(function (f) { return f.properties.value !== null; });
    var missing = fc.features.filter(function (f) { return f.properties.value === null; });
    var unit = el.dataset.unit || "";
    var traces = [{
      type: "choropleth", geojson: fc, featureidkey: "properties.code",
      locations: have.map(function (f) { return f.properties.code; }),
      z: have.map(function (f) { return f.properties.value; }),
      text: have.map(function (f) { return f.properties.name; }),
      colorscale: "Viridis", marker: { line: { color: "#ffffff", width: 0.6 } },
      colorbar: { title: { text: unit } },
      hovertemplate: "%{text} (%{location})<br>%{z:,.6~g} " + unit + "<extra></extra>"
    }];
    if (missing.length) {
      traces.push({
        type: "choropleth", geojson: fc, featureidkey: "properties.code", showscale: false,
        locations: missing.map(function (f) { return f.properties.code; }),
        z: missing.map(function () { return 0; }), text: missing.map(function (f) { return f.properties.name; }),
        colorscale: [[0, "#d9dde3"], [1, "#d9dde3"]], marker: { line: { color: "#ffffff", width: 0.6 } },
        hovertemplate: "%{text} (%{location})<br>no data<extra></extra>", name: "no data"
      });
    }
    return Plotly.newPlot(el, traces, geoLayout(), config(el));
  }

  function locator(el, fc) {
    var target = el.dataset.highlight;
    var trace = {
      type: "choropleth", geojson: fc, featureidkey: "properties.code", showscale: false, zmin: 0, zmax: 1,
      locations: fc.features.map(function (f) { return f.properties.code; }),
      z: fc.features.map(function (f) { return f.properties.code === target ? 1 : 0; }),
      text: fc.features.map(function (f) { return f.properties.name; }),
      colorscale: [[0, "#d9dde3"], [1, "#c2410c"]], marker: { line: { color: "#ffffff", width: 0.8 } },
      hovertemplate: "%{text} (%{location})<extra></extra>"
    };
    return Plotly.newPlot(el, [trace], geoLayout(), config(el));
  }

  function line(el, data) {
    var trace = { type: "scatter", mode: "lines+markers", x: data.x, y: data.y, line: { color: "#0b5cad" },
                  hovertemplate: "%{x}: %{y:,.6~g} " + (data.unit || "") + "<extra></extra>" };
    var layout = { margin: { l: 60, r: 10, t: 10, b: 40 }, xaxis: { dtick: 1 },
                   yaxis: { title: { text: data.unit || "" }, rangemode: "tozero" } };
    return Plotly.newPlot(el, [trace], layout, config(el));
  }

  function fail(el, message) {
    el.setAttribute("data-state", "error");
    el.textContent = message;
  }

  function draw(el) {
    var kind = el.dataset.kind;
    var done = function () { el.setAttribute("data-state", "drawn"); };
    if (kind === "line") {
      var node = document.getElementById(el.id + "-data");
      return Promise.resolve(line(el, JSON.parse(node.textContent))).then(done);
    }
    return fetch(el.dataset.src, { headers: { Accept: "application/geo+json" } })
      .then(function (r) {
        if (!r.ok) { return r.json().then(function (b) { throw new Error(b.message || r.statusText); }); }
        return r.json();
      })
      .then(function (fc) { return kind === "locator" ? locator(el, fc) : choropleth(el, fc); })
      .then(done)
      .catch(function (err) { fail(el, "The map could not be drawn: " + err.message); });
  }

  function init() {
    if (typeof Plotly === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".plot[data-kind]"), draw);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
