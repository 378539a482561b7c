// The map page of the Pingding server: MapLibre GL JS (served from this server) over the standard map raster
// and the composite vector tileset. Every layer comes from the page's configuration (rendered by Django from
// the layer registry, see tiles/viewer/styles.py); nothing here names a layer. No glyphs or sprites are used,
// so nothing is fetched from outside this server: labels are HTML drawn over the map in the system's fonts (CJK
// glyphs would otherwise have to be served as PBF ranges). The search box asks the geocoder. The editor
// (editor.js, for a signed-in editor only) reads window.pingdingViewer.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("viewer-config").textContent);
  const absolute = (path) => new URL(path, window.location.href).href;
  const RASTER = "standard-map";
  const VECTOR = "pingding";

  function colourOf(layer) {
    if (!layer.colour_by) return layer.colour;
    const match = ["match", ["get", layer.colour_by.field]];
    for (const [value, colour] of Object.entries(layer.colour_by.colours)) match.push(value, colour);
    match.push(layer.colour);
    return match;
  }

  // Radius in pixels: growing with the zoom, and with the number of points for a cluster (a feature with a
  // "count" attribute). "zoom" may only stand at the top of the expression, so the cluster case sits inside.
  function radiusOf(layer) {
    const at = (single) => !layer.clustered ? single : ["case", ["has", "count"],
      ["interpolate", ["linear"], ["get", "count"], 2, 3.5, 10, 5.5, 100, 9, 1000, 14], single];
    return ["interpolate", ["linear"], ["zoom"], 12, at(2.5), 18, at(6)];
  }

  // The style layers that draw one registry layer: [{style layer}, ...]; polygons get an invisible fill too,
  // so that a click inside a polygon finds it.
  function styleLayersOf(layer) {
    const base = { source: VECTOR, "source-layer": layer.id, minzoom: layer.minzoom };
    const id = (suffix) => `${layer.id}:${suffix}`;
    const polygons = ["==", ["geometry-type"], "Polygon"];
    const lines = ["==", ["geometry-type"], "LineString"];
    const points = ["==", ["geometry-type"], "Point"];
    if (layer.kind === "fill") {
      return [{ ...base, id: id("fill"), type: "fill", filter: polygons,
        paint: { "fill-color": layer.colour, "fill-opacity": 0.45, "fill-outline-color": layer.colour } }];
    }
    if (layer.kind === "outline") {
      return [
        { ...base, id: id("hit"), type: "fill", filter: polygons, paint: { "fill-color": layer.colour, "fill-opacity": 0.02 } },
        { ...base, id: id("line"), type: "line", filter: polygons,
          paint: { "line-color": layer.colour, "line-width": ["interpolate", ["linear"], ["zoom"], 8, 0.8, 16, 2] } },
      ];
    }
    if (layer.kind === "line") {
      return [{ ...base, id: id("line"), type: "line", paint: { "line-color": layer.colour, "line-width": 2 } }];
    }
    const drawn = [{ ...base, id: id("circle"), type: "circle", filter: points,
      paint: { "circle-color": colourOf(layer), "circle-radius": radiusOf(layer), "circle-opacity": 0.9,
        "circle-stroke-color": "#ffffff", "circle-stroke-width": 1 } }];
    if (layer.mixed_geometry) {
      drawn.push({ ...base, id: id("line"), type: "line", filter: ["any", lines, polygons],
        paint: { "line-color": colourOf(layer), "line-width": 2 } });
    }
    return drawn;
  }

  const styleLayers = [
    { id: "background", type: "background", paint: { "background-color": "#eef1f4" } },
    { id: RASTER, type: "raster", source: RASTER, paint: { "raster-fade-duration": 0 } },
  ];
  const registryOf = {};      // style layer id -> registry layer
  const styleIdsOf = { [RASTER]: [RASTER] };  // switcher key -> style layer ids
  for (const layer of config.layers) {
    styleIdsOf[layer.id] = [];
    for (const styleLayer of styleLayersOf(layer)) {
      styleLayers.push(styleLayer);
      registryOf[styleLayer.id] = layer;
      styleIdsOf[layer.id].push(styleLayer.id);
    }
  }

  const map = new maplibregl.Map({
    container: "map",
    style: {
      version: 8,
      sources: {
        [RASTER]: { type: "raster", url: absolute(config.raster_tilejson), tileSize: 256 },
        [VECTOR]: { type: "vector", url: absolute(config.vector_tilejson) },
      },
      layers: styleLayers,
    },
    center: config.center,
    zoom: config.zoom,
    hash: true,
    attributionControl: { compact: true },
  });
  map.addControl(new maplibregl.NavigationControl(), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");
  window.pingdingMap = map;

  const errors = [];
  map.on("error", (event) => {
    const error = event && event.error;
    errors.push(String((error && (error.message || error.url)) || event.type));
    document.body.dataset.mapErrors = JSON.stringify(errors);
  });
  map.on("idle", () => { document.body.dataset.mapState = "idle"; });

  for (const box of document.querySelectorAll("#layers input[data-layer]")) {
    box.addEventListener("change", () => {
      for (const id of styleIdsOf[box.dataset.layer] || []) {
        map.setLayoutProperty(id, "visibility", box.checked ? "visible" : "none");
      }
    });
  }

  function row(table, label, value) {
    const tr = table.insertRow();
    const th = document.createElement("th");
    th.textContent = label;
    tr.appendChild(th);
    tr.insertCell().textContent = value === null || value === undefined ? "" : String(value);
  }

  function coordinatesText(data) {
    const c = data.cgcs2000, gk = data.gk;
    return `CGCS2000 ${c.lon.toFixed(7)}, ${c.lat.toFixed(7)} · GK EPSG:4547 N ${gk.northing.toFixed(3)} m, E ${gk.easting.toFixed(3)} m`;
  }

  async function showCoordinates(lngLat, target) {
    const url = new URL(absolute(config.coords_url));
    url.searchParams.set("lon", lngLat.lng.toFixed(7));
    url.searchParams.set("lat", lngLat.lat.toFixed(7));
    const response = await fetch(url);
    const data = await response.json();
    const text = response.ok ? coordinatesText(data) : data.description;
    document.getElementById("readout").textContent = text;
    target.textContent = text;
  }

  // Labels: at high zoom, the name or code of the features drawn (the layer's label_field), as HTML over the
  // map, at most LABEL_LIMIT, one per feature id and place.
  const LABEL_LIMIT = 200;
  const labelled = config.layers.filter((layer) => layer.label_field);
  function drawLabels() {
    const box = document.getElementById("labels");
    box.replaceChildren();
    const zoom = map.getZoom();
    const ids = labelled.filter((layer) => zoom >= layer.label_minzoom)
      .flatMap((layer) => styleIdsOf[layer.id].filter((id) => map.getLayer(id) &&
        map.getLayoutProperty(id, "visibility") !== "none"));
    if (!ids.length) return;
    const seen = new Set();
    for (const feature of map.queryRenderedFeatures({ layers: ids })) {
      const layer = registryOf[feature.layer.id];
      const text = feature.properties[layer.label_field];
      const key = `${layer.id}:${feature.id}`;
      if (!text || seen.has(key) || seen.size >= LABEL_LIMIT) continue;
      seen.add(key);
      const at = map.project(labelPoint(feature.geometry));
      const label = document.createElement("span");
      label.className = "label";
      label.dataset.layer = layer.id;
      label.textContent = text;
      label.style.transform = `translate(${Math.round(at.x)}px, ${Math.round(at.y)}px)`;
      box.appendChild(label);
    }
  }
  function labelPoint(geometry) {
    const c = geometry.coordinates;
    if (geometry.type === "Point") return c;
    const ring = geometry.type === "Polygon" ? c[0] : geometry.type === "MultiPolygon" ? c[0][0]
      : geometry.type === "LineString" ? c : c[0];
    const sum = ring.reduce((acc, p) => [acc[0] + p[0], acc[1] + p[1]], [0, 0]);
    return [sum[0] / ring.length, sum[1] / ring.length];
  }
  map.on("idle", drawLabels);
  map.on("movestart", () => document.getElementById("labels").replaceChildren());

  // The search box: the geocoder's candidates; the first is flown to, any other on a click.
  const ZOOM_OF_LEVEL = { county: 11, town: 13, community: 15, road: 16, number: 17, building: 18, unit: 18, room: 18 };
  let searchMarker = null;
  function flyTo(candidate) {
    const at = [candidate.point.lon, candidate.point.lat];
    map.flyTo({ center: at, zoom: ZOOM_OF_LEVEL[candidate.matched_level || candidate.level] || 17 });
    if (searchMarker) searchMarker.remove();
    searchMarker = new maplibregl.Marker({ color: "#d62828" }).setLngLat(at).addTo(map);
    document.getElementById("readout").textContent = candidate.full_text;
  }
  document.getElementById("search").addEventListener("submit", async (event) => {
    event.preventDefault();
    const list = document.getElementById("search-results");
    list.replaceChildren();
    const query = document.getElementById("search-text").value.trim();
    if (!query) return;
    const url = new URL(absolute(config.geocode_url));
    url.searchParams.set("q", query);
    const response = await fetch(url);
    const body = await response.json();
    const candidates = response.ok ? body.candidates : [];
    if (!response.ok || !candidates.length) {
      const item = document.createElement("li");
      item.className = "none";
      item.textContent = response.ok ? "没有找到 · nothing found" : body.description;
      list.appendChild(item);
      return;
    }
    for (const candidate of candidates.slice(0, 8)) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = candidate.full_text;
      button.addEventListener("click", () => flyTo(candidate));
      item.appendChild(button);
      list.appendChild(item);
    }
    flyTo(candidates[0]);
  });

  // Tiles are cached by the browser (max-age): after an edit, the vector source asks again under a new URL.
  let tileGeneration = 0;
  function refreshTiles() {
    const source = map.getSource(VECTOR);
    if (!source || !source.tiles) return;
    tileGeneration += 1;
    source.setTiles(source.tiles.map((url) => `${url.split("?")[0]}?edit=${tileGeneration}`));
  }
  window.pingdingViewer = { map, config, styleIdsOf, registryOf, refreshTiles, editing: false };

  map.on("click", (event) => {
    if (window.pingdingViewer.editing) return;
    const content = document.createElement("div");
    content.className = "popup";
    const where = document.createElement("p");
    where.className = "coords";
    content.appendChild(where);
    const hit = map.queryRenderedFeatures(event.point, { layers: Object.keys(registryOf) })[0];
    if (hit) {
      const layer = registryOf[hit.layer.id];
      const title = document.createElement("h2");
      title.textContent = `${layer.title_zh} ${layer.title}`;
      content.appendChild(title);
      const table = document.createElement("table");
      if (hit.properties.count !== undefined) row(table, "count 数量", hit.properties.count);
      for (const [field, label] of Object.entries(layer.fields)) {
        if (field in hit.properties) row(table, `${field} · ${label}`, hit.properties[field]);
      }
      content.appendChild(table);
    }
    new maplibregl.Popup({ maxWidth: "360px" }).setLngLat(event.lngLat).setDOMContent(content).addTo(map);
    showCoordinates(event.lngLat, where).catch((error) => { where.textContent = String(error); });
  });
})();
