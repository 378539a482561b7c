// The browser editor of the map page, for a signed-in caller who may change a layer (the page loads this script
// only then). Drawing, reshaping and moving are terra-draw's (served from this server) on the MapLibre map of
// map.js (window.pingdingViewer); every change goes through OGC API - Features Part 4 of this server as a session
// write (X-CSRFToken from the csrftoken cookie): POST a new feature, PATCH an existing one with If-Match, DELETE
// with If-Match, revert and restore from its history. The attribute form is generated from the page configuration
// (tiles/viewer/editing.py: the layer as this caller sees it); the server judges every value again and its
// answer is shown where it belongs: a 412 as "changed by someone else" with what changed and a reload, a 409
// topology breach on the map, a 400/403 on the field its `parameter` names.
(function () {
  "use strict";

  const viewer = window.pingdingViewer;
  const { map, config } = viewer;
  const editor = config.editor;
  const absolute = (path) => new URL(path, window.location.href).href;
  const MODE_LABELS = { select: "选择/修改 select", point: "点 point", linestring: "线 line", polygon: "面 polygon" };
  const { GEOMETRY_MODE } = window.pingdingEditorDraw;
  const $ = (id) => document.getElementById(id);
  const form = window.pingdingEditorForm;

  const layers = Object.fromEntries(editor.layers.map((layer) => [layer.id, layer]));
  let layer = editor.layers[0];
  // The feature in hand: its layer, id (null: new), ETag and the feature as the server last gave it (base).
  let current = null;
  let topologyMarker = null;

  // --- HTTP ------------------------------------------------------------------------------------------------

  function csrfToken() {
    const found = document.cookie.split(";").map((c) => c.trim()).find((c) => c.startsWith("csrftoken="));
    return found ? decodeURIComponent(found.slice("csrftoken=".length)) : "";
  }

  async function api(method, path, { body, etag, contentType } = {}) {
    const headers = { Accept: "application/geo+json, application/json" };
    if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
    if (etag) headers["If-Match"] = etag;
    if (body !== undefined) headers["Content-Type"] = contentType || "application/json";
    const response = await fetch(absolute(path), {
      method, headers, credentials: "same-origin", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    if (response.status !== 204) {
      try { data = await response.json(); } catch (error) { data = null; }
    }
    if (method !== "GET") $("editor-status").dataset.status = String(response.status);  // the last write's answer
    return { response, data, status: response.status, etag: response.headers.get("ETag") };
  }

  const itemsUrl = (layerId) => `${editor.collections_url}/${layerId}/items`;
  const itemUrl = (layerId, id) => `${itemsUrl(layerId)}/${encodeURIComponent(id)}`;
  const versionOf = (etag) => (etag ? Number(etag.replace(/"/g, "").split(".").pop()) : null);

  function say(text, kind) {
    const status = $("editor-status");
    status.textContent = text;
    status.className = kind || "";
  }

  const drawing = window.pingdingEditorDraw.createDrawing(viewer);
  const { draw, drawnFeatures, drawnGeometry, editablePart, hideInTiles, showInTiles } = drawing;

  function showGeometry(geometry) {
    const shown = drawing.showGeometry(geometry);
    if (shown.reason) say(`此几何无法在浏览器中编辑 (${shown.reason}) · this geometry cannot be edited here`, "error");
    if (shown.part) setMode("select");
    return shown.part;
  }

  // --- the form --------------------------------------------------------------------------------------------

  function modeOfCurrent() {
    const geometry = drawnGeometry() || (current && current.base && current.base.geometry);
    const part = editablePart(geometry);
    return part ? GEOMETRY_MODE[part.type] : null;
  }

  function renderForm(properties) {
    form.render($("editor-form"), layer, properties, modeOfCurrent());
    $("editor-actions").hidden = false;
    $("editor-delete").disabled = !current || current.id === null;
    $("editor-history-button").disabled = !current || current.id === null;
  }


  const rounded = (geometry) => JSON.stringify(geometry, (key, v) => (typeof v === "number" ? Math.round(v * 1e7) / 1e7 : v));

  // --- the feature in hand ---------------------------------------------------------------------------------

  function close() {
    if (draw.enabled) draw.clear();
    showInTiles();
    current = null;
    $("editor-form").hidden = true;
    $("editor-actions").hidden = true;
    $("editor-conflict").hidden = true;
    $("editor-history").hidden = true;
    if (topologyMarker) { topologyMarker.remove(); topologyMarker = null; }
  }

  async function openFeature(layerId, id) {
    const { data, status, etag } = await api("GET", itemUrl(layerId, id));
    if (status !== 200) {
      say(`${status}: ${data && data.description}`, "error");
      return;
    }
    close();
    if (layer.id !== layerId) selectLayer(layerId);
    current = { layer: layerId, id: data.id, etag, base: data };
    hideInTiles(layerId, data.id);
    if (!showGeometry(data.geometry) && data.geometry) say("多部件几何只能修改属性 · several parts: attributes only");
    else say(`${layer.title_zh} ${data.id} · 版本 version ${versionOf(etag)}`);
    renderForm(data.properties);
    document.body.dataset.editorFeature = `${layerId}.${data.id}.${versionOf(etag)}`;
  }

  function saved(data, etag, verb) {
    current = { layer: layer.id, id: data.id, etag, base: data };
    hideInTiles(layer.id, data.id);
    showGeometry(data.geometry);
    renderForm(data.properties);
    viewer.refreshTiles();
    say(`已${verb} ${layer.title_zh} ${data.id} · ${verb === "保存" ? "saved" : verb}, 版本 version ${versionOf(etag)}`, "ok");
    document.body.dataset.editorFeature = `${layer.id}.${data.id}.${versionOf(etag)}`;
    if (!$("editor-history").hidden) showHistory();
  }

  async function save() {
    if (!current) return;
    $("editor-conflict").hidden = true;
    const isNew = current.id === null;
    const properties = form.values(layer, isNew ? null : current.base.properties);
    if (properties === null) { say("请更正标出的字段 · correct the marked fields", "error"); return; }
    const geometry = drawnGeometry();
    if (isNew) {
      if (!geometry) { say("请先画出几何 · draw the geometry first", "error"); return; }
      const answer = await api("POST", itemsUrl(layer.id), {
        body: { type: "Feature", geometry, properties }, contentType: "application/geo+json",
      });
      return answer.status === 201 ? saved(answer.data, answer.etag, "保存") : refused(answer);
    }
    const body = {};
    if (Object.keys(properties).length) body.properties = properties;
    const base = editablePart(current.base.geometry);
    if (geometry && base && rounded(geometry) !== rounded(base)) body.geometry = geometry;
    if (!Object.keys(body).length) { say("没有修改 · nothing changed"); return; }
    const answer = await api("PATCH", itemUrl(layer.id, current.id), {
      body, etag: current.etag, contentType: "application/merge-patch+json",
    });
    return answer.status === 200 ? saved(answer.data, answer.etag, "保存") : refused(answer);
  }

  async function remove() {
    if (!current || current.id === null) return;
    const answer = await api("DELETE", itemUrl(layer.id, current.id), { etag: current.etag });
    if (answer.status !== 204) return refused(answer);
    const id = current.id;
    close();
    current = { layer: layer.id, id, etag: null, base: null, deleted: true };
    viewer.refreshTiles();
    say(`已删除 ${layer.title_zh} ${id} · deleted (可在历史中恢复 restore it from its history)`, "ok");
    document.body.dataset.editorFeature = `${layer.id}.${id}.deleted`;
    showHistory();
  }

  // --- refusals --------------------------------------------------------------------------------------------

  function refused({ status, data }) {
    const description = (data && data.description) || `HTTP ${status}`;
    if (status === 412) return conflict();
    if (status === 409 && data && data.topology) return topology(description, data.topology);
    const parameter = (data && data.parameter) || "";
    const name = parameter.replace(/^properties\./, "");
    if (parameter.startsWith("properties.") && form.fieldError(name, description)) {
      say(`${status}: ${name} — ${description}`, "error");
      return;
    }
    say(`${status}: ${description}`, "error");
  }

  function topology(description, breach) {
    say(`409 拓扑规则 topology: ${description}${breach.area_m2 ? ` (${breach.area_m2} m²)` : ""}`, "error");
    if (topologyMarker) topologyMarker.remove();
    if (breach.location) {
      const element = document.createElement("div");
      element.className = "topology-marker";
      element.title = `${breach.kind || breach.rule}: ${description}`;
      topologyMarker = new maplibregl.Marker({ element }).setLngLat(breach.location).addTo(map);
    }
  }

  // 412: somebody changed the feature since it was loaded; show what changed between the version in hand and the
  // current one, and offer to reload (the edits in hand are then dropped).
  async function conflict() {
    const { data, status, etag } = await api("GET", itemUrl(layer.id, current.id));
    const box = $("editor-conflict");
    box.replaceChildren();
    const title = document.createElement("p");
    title.className = "error";
    title.textContent = status === 200
      ? `已被他人修改 · changed by someone else (版本 version ${versionOf(current.etag)} → ${versionOf(etag)})`
      : `已被他人删除 · deleted by someone else (${status})`;
    box.appendChild(title);
    if (status === 200) {
      const v1 = versionOf(current.etag), v2 = versionOf(etag);
      box.appendChild(form.diffTable(current.base, data, v1, v2, rounded(current.base.geometry) === rounded(data.geometry)));
      const reload = form.button("重新载入 reload", () => openFeature(layer.id, current.id));
      reload.id = "editor-reload";
      box.appendChild(reload);
    }
    box.hidden = false;
    say("412: 已被他人修改 · changed by someone else", "error");
  }

  // --- history ---------------------------------------------------------------------------------------------

  async function showHistory() {
    if (!current || current.id === null) return;
    const { data, status } = await api("GET", `${itemUrl(layer.id, current.id)}/history`);
    const box = $("editor-history");
    box.replaceChildren();
    box.hidden = false;
    if (status !== 200) { box.textContent = `${status}: ${data && data.description}`; return; }
    box.appendChild(form.historyTable(data, (version) => revert(version, data.etag)));
    if (data.deleted) box.appendChild(form.button("恢复要素 restore", () => restore(data.etag)));
  }

  async function revert(version, etag) {
    const answer = await api("POST", `${itemUrl(layer.id, current.id)}/revert`, { body: { version }, etag });
    if (answer.status !== 200) return refused(answer);
    await openFeature(layer.id, current.id);
    viewer.refreshTiles();
    say(`已恢复到版本 ${version} · reverted to version ${version}, 现为 now version ${versionOf(current.etag)}`, "ok");
    showHistory();
  }

  async function restore(etag) {
    const id = current.id;
    const answer = await api("POST", `${itemUrl(layer.id, id)}/restore`, { etag });
    if (answer.status !== 200 && answer.status !== 201) return refused(answer);
    await openFeature(layer.id, id);
    viewer.refreshTiles();
    say(`已恢复 · restored ${layer.title_zh} ${id}`, "ok");
    showHistory();
  }

  // --- tools, layers, clicks -------------------------------------------------------------------------------

  function setMode(mode) {
    if (draw.getMode() !== mode) draw.setMode(mode);
    for (const button of document.querySelectorAll("#editor-tools button")) {
      button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
    }
  }

  function selectLayer(layerId) {
    close();
    layer = layers[layerId];
    $("editor-layer").value = layerId;
    const tools = $("editor-tools");
    tools.replaceChildren();
    for (const mode of ["select", ...layer.modes]) {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.mode = mode;
      button.textContent = MODE_LABELS[mode];
      button.addEventListener("click", () => {
        if (mode !== "select") close();
        setMode(mode);
        say(mode === "select" ? "点击要素以编辑 · click a feature to edit it" : "在地图上绘制 · draw on the map");
      });
      tools.appendChild(button);
    }
    const scope = layer.scope ? ` · 仅 ${layer.scope}` : "";
    say(`点击要素以编辑，或选择绘制工具 · click a feature to edit it, or pick a drawing tool${scope}`);
    if (draw.enabled) setMode("select");
  }

  function tileFeatureAt(point) {
    const ids = (viewer.styleIdsOf[layer.id] || []).filter((id) => map.getLayer(id));
    const box = [[point.x - 4, point.y - 4], [point.x + 4, point.y + 4]];
    return map.queryRenderedFeatures(box, { layers: ids }).find((f) => !("count" in f.properties) && f.id !== undefined);
  }

  map.on("click", (event) => {
    if (!draw.enabled || draw.getMode() !== "select") return;
    const onDrawn = draw.getFeaturesAtLngLat(event.lngLat, { pointerDistance: 10 });
    if (onDrawn.length) return;
    const hit = tileFeatureAt(event.point);
    if (hit) openFeature(layer.id, hit.id);
  });

  draw.on("finish", (id, context) => {
    if (!context || context.action !== "draw") return;
    const others = drawnFeatures().filter((other) => other.id !== id).map((other) => other.id);
    if (others.length) draw.removeFeatures(others);
    current = { layer: layer.id, id: null, etag: null, base: null };
    setMode("select");
    draw.selectFeature(id);
    renderForm(Object.fromEntries(layer.fields.filter((f) => f.default !== null).map((f) => [f.name, f.default])));
    say("新要素：填写属性后保存 · new feature: fill in its attributes and save");
  });

  for (const layerSpec of editor.layers) {
    const option = document.createElement("option");
    option.value = layerSpec.id;
    option.textContent = `${layerSpec.title_zh} ${layerSpec.title}`;
    $("editor-layer").appendChild(option);
  }
  $("editor-layer").addEventListener("change", (event) => selectLayer(event.target.value));
  $("editor-save").addEventListener("click", save);
  $("editor-delete").addEventListener("click", remove);
  $("editor-cancel").addEventListener("click", () => { close(); setMode("select"); say("已取消 · cancelled"); });
  $("editor-history-button").addEventListener("click", showHistory);

  viewer.editing = true;
  selectLayer(layer.id);
  const start = () => {
    draw.start();
    setMode("select");
    document.body.dataset.editor = "ready";
  };
  if (map.loaded()) start(); else map.once("load", start);
  window.pingdingEditor = { draw, openFeature, get current() { return current; } };
})();
