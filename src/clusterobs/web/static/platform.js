/* The cluster organisations' map: a Plotly scattergeo of the profiles' coordinates, drawn from data embedded
   in the page (no tile server, no CDN, no base-map download). Clicking a point opens its profile. */
(function () {
  "use strict";
  var TOPOJSON_URL = (document.documentElement.getAttribute("data-root") || "") + "/static/topojson/";

  function draw(el, data) {
    var pts = data.points || [];
    if (!pts.length) {
      el.setAttribute("data-state", "empty");
      el.textContent = "No profile found has coordinates.";
      return Promise.resolve();
    }
    var trace = {
      type: "scattergeo", mode: "markers",
      lat: pts.map(function (p) { return p.lat; }), lon: pts.map(function (p) { return p.lon; }),
      text: pts.map(function (p) { return p.name; }), customdata: pts.map(function (p) { return p.id; }),
      marker: { size: 9, color: "#0b5cad", opacity: 0.8, line: { color: "#ffffff", width: 1 } },
      hovertemplate: "%{text}<extra></extra>"
    };
    var layout = {
      margin: { l: 0, r: 0, t: 10, b: 0 }, dragmode: "pan",
      geo: { visible: false, fitbounds: "locations", projection: { type: "mercator" },
             lataxis: { showgrid: true, gridcolor: "#d9e2ec" }, lonaxis: { showgrid: true, gridcolor: "#d9e2ec" } }
    };
    var config = { responsive: true, displaylogo: false, topojsonURL: TOPOJSON_URL,
                   toImageButtonOptions: { format: "png", filename: "cluster_organisations", scale: 2 } };
    return Plotly.newPlot(el, [trace], layout, config).then(function (gd) {
      gd.on("plotly_click", function (ev) {
        var id = ev.points && ev.points[0] && ev.points[0].customdata;
        if (id) { window.location.href = (data.root || "") + "/profiles/" + id; }
      });
    });
  }

  function init() {
    var el = document.getElementById("profiles-map");
    var node = document.getElementById("profiles-map-data");
    if (!el || !node || typeof Plotly === "undefined") { return; }
    Promise.resolve(draw(el, JSON.parse(node.textContent)))
      .then(function () { if (!el.getAttribute("data-state")) { el.setAttribute("data-state", "drawn"); } })
      .catch(function (err) { el.setAttribute("data-state", "error"); el.textContent = "The map could not be drawn: " + err.message; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
