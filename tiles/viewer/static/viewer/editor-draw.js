// The editor's drawing (see editor.js): terra-draw (served from this server) on the MapLibre map of map.js, with
// snapping to the vertices the vector tiles draw, and the tile feature in hand hidden while terra-draw shows it.
(function () {
  "use strict";

  const SNAP_PX = 12;
  const GEOMETRY_MODE = { Point: "point", LineString: "linestring", Polygon: "polygon" };

  function createDrawing(viewer) {
    const { map } = viewer;
    let hidden = null;  // {ids: style layer ids, filters: their own filters} while a tile feature is hidden

    // Snapping to the vertices of the features drawn by the vector tiles (of every layer shown), within SNAP_PX
    // pixels of the pointer; terra-draw's own toCoordinate snaps to the feature being drawn.
    function snapToRendered(event) {
      const ids = Object.keys(viewer.registryOf).filter((id) => map.getLayer(id));
      const x = event.containerX, y = event.containerY;
      let best, bestDistance = SNAP_PX;
      for (const feature of map.queryRenderedFeatures([[x - SNAP_PX, y - SNAP_PX], [x + SNAP_PX, y + SNAP_PX]], { layers: ids })) {
        if ("count" in feature.properties) continue;
        for (const position of positions(feature.geometry)) {
          const at = map.project(position);
          const distance = Math.hypot(at.x - x, at.y - y);
          if (distance <= bestDistance) { best = position; bestDistance = distance; }
        }
      }
      return best;
    }

    function positions(geometry) {
      const out = [];
      const walk = (c) => (typeof c[0] === "number" ? out.push(c) : c.forEach(walk));
      walk(geometry.coordinates);
      return out;
    }

    const snapping = { toCoordinate: true, toCustom: snapToRendered };
    const editable = { feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true, snappable: snapping } } };
    const { TerraDraw, TerraDrawPointMode, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode } = window.terraDraw;
    const draw = new TerraDraw({
      adapter: new window.terraDrawMaplibreGlAdapter.TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPointMode({ snapping }),
        new TerraDrawLineStringMode({ snapping }),
        new TerraDrawPolygonMode({ snapping }),
        new TerraDrawSelectMode({
          keyEvents: null,
          flags: { point: { feature: { draggable: true } }, linestring: editable, polygon: editable },
        }),
      ],
    });

    // terra-draw keeps guidance points (vertices, midpoints, snapping points) in its store beside the features.
    const GUIDANCE = ["selectionPoint", "midPoint", "closingPoint", "snappingPoint", "coordinatePoint"];
    const drawnFeatures = () => draw.getSnapshot().filter((f) => Object.values(GEOMETRY_MODE).includes(f.properties.mode)
      && !GUIDANCE.some((key) => f.properties[key]));

    function drawnId() {
      const features = drawnFeatures();
      return features.length ? features[features.length - 1].id : null;
    }

    function drawnGeometry() {
      const id = drawnId();
      return id === null ? null : draw.getSnapshotFeature(id).geometry;
    }

    // The part terra-draw can edit: the geometry itself, or the only part of a Multi; null for several parts.
    function editablePart(geometry) {
      if (!geometry) return null;
      if (GEOMETRY_MODE[geometry.type]) return geometry;
      const single = geometry.type.replace("Multi", "");
      if (GEOMETRY_MODE[single] && geometry.coordinates.length === 1) {
        return { type: single, coordinates: geometry.coordinates[0] };
      }
      return null;
    }

    // Puts `geometry` (GeoJSON, CRS84) in terra-draw, selected: {part, id}, or {part: null} when it cannot be edited
    // here (several parts; a reason when terra-draw refuses it).
    function showGeometry(geometry) {
      draw.clear();
      const part = editablePart(geometry);
      if (!part) return { part: null };
      const id = draw.getFeatureId();
      const [result] = draw.addFeatures([{ id, type: "Feature", geometry: part, properties: { mode: GEOMETRY_MODE[part.type] } }]);
      if (result && result.valid === false) return { part: null, reason: result.reason };
      draw.setMode("select");
      draw.selectFeature(id);
      return { part, id };
    }

    // The tile feature in hand is hidden while terra-draw shows it.
    function hideInTiles(layerId, id) {
      showInTiles();
      const ids = viewer.styleIdsOf[layerId] || [];
      hidden = { ids, filters: ids.map((styleId) => map.getFilter(styleId)) };
      ids.forEach((styleId, i) => {
        const own = hidden.filters[i];
        const not = ["!=", ["id"], Number(id)];
        map.setFilter(styleId, own ? ["all", own, not] : not);
      });
    }

    function showInTiles() {
      if (!hidden) return;
      hidden.ids.forEach((styleId, i) => map.setFilter(styleId, hidden.filters[i] || null));
      hidden = null;
    }

    return { draw, drawnFeatures, drawnGeometry, editablePart, showGeometry, hideInTiles, showInTiles };
  }

  window.pingdingEditorDraw = { createDrawing, GEOMETRY_MODE };
})();
