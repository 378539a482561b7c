// The map preview of a feature's GeoJSON geometry (CRS84) in the layer admin: the geometry alone over a plain
// background, redrawn as the text changes. MapLibre is served by this server; nothing is fetched from outside.
(function () {
  "use strict";

  const EMPTY = { type: "FeatureCollection", features: [] };

  function parsed(text) {
    try {
      const value = JSON.parse(text);
      const geometry = value && value.type === "Feature" ? value.geometry : value;
      return geometry && geometry.type ? { type: "Feature", geometry: geometry, properties: {} } : null;
    } catch (error) {
      return null;
    }
  }

  function bounds(coordinates, box) {
    if (typeof coordinates[0] === "number") {
      box[0] = Math.min(box[0], coordinates[0]); box[1] = Math.min(box[1], coordinates[1]);
      box[2] = Math.max(box[2], coordinates[0]); box[3] = Math.max(box[3], coordinates[1]);
    } else {
      coordinates.forEach((item) => bounds(item, box));
    }
    return box;
  }

  function show(map, feature) {
    map.getSource("feature").setData(feature || EMPTY);
    if (!feature || !feature.geometry.coordinates) return;
    const box = bounds(feature.geometry.coordinates, [Infinity, Infinity, -Infinity, -Infinity]);
    if (isFinite(box[0])) map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 40, maxZoom: 18, duration: 0 });
  }

  function preview(element) {
    const source = document.getElementById(element.dataset.source);
    if (!source || !window.maplibregl) return;
    const map = new maplibregl.Map({
      container: element,
      style: { version: 8, sources: { feature: { type: "geojson", data: EMPTY } }, layers: [
        { id: "background", type: "background", paint: { "background-color": "#f4f1ea" } },
        { id: "fill", type: "fill", source: "feature", filter: ["==", ["geometry-type"], "Polygon"],
          paint: { "fill-color": "#1f6fb2", "fill-opacity": 0.3 } },
        { id: "line", type: "line", source: "feature", filter: ["!=", ["geometry-type"], "Point"],
          paint: { "line-color": "#1f6fb2", "line-width": 2 } },
        { id: "point", type: "circle", source: "feature", filter: ["==", ["geometry-type"], "Point"],
          paint: { "circle-color": "#d62828", "circle-radius": 6, "circle-stroke-color": "#fff", "circle-stroke-width": 1 } },
      ] },
      center: [113.627, 37.795],
      zoom: 9,
      attributionControl: false,
    });
    map.on("load", () => {
      show(map, parsed(source.value));
      let timer = null;
      source.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => show(map, parsed(source.value)), 300);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => document.querySelectorAll(".geojson-preview").forEach(preview));
})();
