// The county dashboard: polls the figures endpoint (one JSON document; the browser revalidates it with its ETag, so
// an unchanged answer is a 304) and draws them: ECharts for open cases by state and the daily trend, MapLibre for
// the heat map of cases over the standard map and the closure rate per grid (the grids' vector tiles coloured by
// a match on the grid code), and an HTML table of the departments. Every script, style, tile and font comes from this
// server. body[data-state] says "ready" after the first drawing, data-updates counts the drawings;
// window.pingdingDashboard holds the map and the charts.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("dashboard-config").textContent);
  const absolute = (path) => new URL(path, window.location.href).href;
  const FONT = "Noto Sans SC";
  const OPEN = ["reported", "filed", "dispatched", "handling", "handled", "verified", "suspended"];
  const percent = (rate) => (rate === null || rate === undefined ? "–" : `${(rate * 100).toFixed(1)}%`);
  let charts = null;
  let map = null;
  let updates = 0;

  function text(id, value) {
    document.getElementById(id).textContent = value;
  }

  function makeMap() {
    map = new maplibregl.Map({
      container: "map",
      center: config.center,
      zoom: 9.2,
      attributionControl: false,
      style: {
        version: 8,
        sources: {
          base: { type: "raster", url: absolute(config.raster_tilejson), tileSize: 256 },
          grids: { type: "vector", url: absolute(config.grids_tilejson) },
          cases: { type: "geojson", data: { type: "FeatureCollection", features: [] } },
        },
        layers: [
          { id: "base", type: "raster", source: "base", paint: { "raster-opacity": 0.55 } },
          { id: "grid-rate", type: "fill", source: "grids", "source-layer": "grids",
            paint: { "fill-color": "rgba(0,0,0,0)", "fill-opacity": 0.55 } },
          { id: "grid-line", type: "line", source: "grids", "source-layer": "grids",
            paint: { "line-color": "#9fb8d0", "line-width": 0.4 } },
          { id: "heat", type: "heatmap", source: "cases",
            paint: { "heatmap-radius": ["interpolate", ["linear"], ["zoom"], 8, 6, 14, 24],
              "heatmap-intensity": ["interpolate", ["linear"], ["zoom"], 8, 0.6, 14, 2],
              "heatmap-opacity": 0.8,
              "heatmap-color": ["interpolate", ["linear"], ["heatmap-density"], 0, "rgba(255,237,160,0)",
                0.2, "#ffeda0", 0.5, "#feb24c", 0.8, "#f03b20", 1, "#bd0026"] } },
        ],
      },
    });
    return new Promise((resolve) => map.on("load", resolve));
  }

  function rateColour(grids) {
    const pairs = Object.entries(grids).filter(([, g]) => g.closure_rate !== null);
    if (!pairs.length) return "rgba(0,0,0,0)";
    const rate = ["match", ["get", "code"]];
    for (const [code, g] of pairs) rate.push(code, g.closure_rate);
    rate.push(-1);
    return ["case", [">=", rate, 0],
      ["interpolate", ["linear"], rate, 0, "#d73027", 0.5, "#fee08b", 1, "#1a9850"], "rgba(0,0,0,0)"];
  }

  function drawMap(figures) {
    map.setPaintProperty("grid-rate", "fill-color", rateColour(figures.grids));
    map.getSource("cases").setData({ type: "FeatureCollection", features: figures.heat.map((point) => (
      { type: "Feature", geometry: { type: "Point", coordinates: point }, properties: {} })) });
  }

  function makeCharts() {
    const init = (id) => echarts.init(document.getElementById(id), null, { renderer: "canvas" });
    charts = { states: init("chart-states"), trend: init("chart-trend") };
    window.addEventListener("resize", () => Object.values(charts).forEach((chart) => chart.resize()));
  }

  const axisText = { color: "#c7d6e6", fontFamily: FONT };

  function drawCharts(figures) {
    const byState = Object.fromEntries(figures.states.map((row) => [row.state, row]));
    const open = OPEN.filter((state) => byState[state]);
    charts.states.setOption({
      textStyle: { fontFamily: FONT },
      title: { text: "在办案件（按状态）", textStyle: { color: "#e6eef7", fontFamily: FONT, fontSize: 14, fontWeight: 400 } },
      tooltip: { trigger: "axis" },
      legend: { top: 0, right: 8, textStyle: axisText, data: ["按期", "超期"] },
      grid: { left: 48, right: 16, top: 40, bottom: 28 },
      xAxis: { type: "category", data: open.map((state) => config.state_labels[state] || state), axisLabel: axisText },
      yAxis: { type: "value", axisLabel: axisText, splitLine: { lineStyle: { color: "#1f3b5a" } } },
      series: [
        { name: "按期", type: "bar", stack: "cases", itemStyle: { color: "#5cc8ff" },
          data: open.map((state) => byState[state].cases - byState[state].overdue) },
        { name: "超期", type: "bar", stack: "cases", itemStyle: { color: "#ff7a59" },
          data: open.map((state) => byState[state].overdue) },
      ],
    }, true);
    charts.trend.setOption({
      textStyle: { fontFamily: FONT },
      title: { text: "立案与结案趋势", textStyle: { color: "#e6eef7", fontFamily: FONT, fontSize: 14, fontWeight: 400 } },
      tooltip: { trigger: "axis" },
      legend: { top: 0, right: 8, textStyle: axisText, data: ["立案", "结案"] },
      grid: { left: 48, right: 16, top: 40, bottom: 28 },
      xAxis: { type: "category", data: figures.trend.map((row) => row.day.slice(5)), axisLabel: axisText },
      yAxis: { type: "value", axisLabel: axisText, splitLine: { lineStyle: { color: "#1f3b5a" } } },
      series: [
        { name: "立案", type: "line", itemStyle: { color: "#5cc8ff" }, data: figures.trend.map((row) => row.filed) },
        { name: "结案", type: "line", itemStyle: { color: "#1a9850" }, data: figures.trend.map((row) => row.closed) },
      ],
    }, true);
  }

  function drawTable(figures) {
    const body = document.querySelector("#departments tbody");
    body.replaceChildren(...figures.departments.map((row) => {
      const tr = document.createElement("tr");
      const cells = [row.department, row.open, row.overdue, row.filed, row.closed, percent(row.closure_rate)];
      cells.forEach((value, i) => {
        const td = document.createElement("td");
        td.textContent = value;
        if (i === 2 && row.overdue > 0) td.className = "late";
        tr.append(td);
      });
      return tr;
    }));
  }

  function drawTotals(figures) {
    const t = figures.totals;
    text("total-open", t.open);
    text("total-overdue", t.overdue);
    text("total-filed", t.filed);
    text("total-closed", t.closed);
    text("total-rate", percent(t.filed ? t.closed / t.filed : null));
    text("window", `${figures.from} 至 ${figures.to}（${figures.days} 天） · 每 ${config.poll_seconds} 秒更新`);
  }

  async function poll() {
    try {
      const answer = await fetch(absolute(config.figures_url), { cache: "no-cache", credentials: "same-origin",
        headers: { Accept: "application/json" } });
      if (!answer.ok) throw new Error(`figures: HTTP ${answer.status}`);
      const figures = await answer.json();
      drawTotals(figures);
      drawCharts(figures);
      drawTable(figures);
      drawMap(figures);
      updates += 1;
      document.body.dataset.updates = String(updates);
      document.body.dataset.state = "ready";
    } catch (error) {
      document.body.dataset.state = "error";
      text("window", `更新失败 · update failed: ${error.message}`);
    }
  }

  async function start() {
    // Canvas text does not ask for a web font's pieces by itself: load those this page's words need first.
    await document.fonts.load(`14px "${FONT}"`, "平定县城市管理一屏观全城在办案件按状态立案与结案趋势超期按期部门结案率信息采集建立派遣任务处理反馈核查挂起");
    makeCharts();
    await makeMap();
    window.pingdingDashboard = { map, charts };
    await poll();
    window.setInterval(poll, config.poll_seconds * 1000);
  }

  start();
})();
