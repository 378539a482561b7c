// Patrol tracks and coverage on the map viewer: a toggle and a day. The tracks come from GET /api/patrols/tracks
// (personal data: a signed-in session sees what its role may read; others get a note instead), the day's coverage
// summary from GET /api/patrols/coverage.
(function () {
  const viewer = window.pingdingViewer;
  const toggle = document.getElementById("patrol-toggle");
  const day = document.getElementById("patrol-day");
  const note = document.getElementById("patrol-note");
  if (!viewer || !toggle || !day) return;
  const map = viewer.map;
  const SOURCE = "patrol-tracks";

  function clear() {
    if (map.getLayer(SOURCE)) map.removeLayer(SOURCE);
    if (map.getSource(SOURCE)) map.removeSource(SOURCE);
  }

  async function show() {
    clear();
    note.textContent = "";
    if (!toggle.checked || !day.value) return;
    const query = `date=${encodeURIComponent(day.value)}`;
    const [tracks, coverage] = await Promise.all([
      fetch(`/api/patrols/tracks?${query}`, { credentials: "same-origin" }),
      fetch(`/api/patrols/coverage?${query}`),
    ]);
    if (coverage.ok) {
      const summary = (await coverage.json()).summary;
      const share = summary.coverage === null ? "–" : `${(summary.coverage * 100).toFixed(1)} %`;
      note.textContent = `覆盖 coverage ${share} · 两巡 twice ${summary.patrolled_twice}/${summary.grids}`;
    }
    if (!tracks.ok) {
      note.textContent += ` · 轨迹需登录 tracks: ${(await tracks.json()).description}`;
      return;
    }
    map.addSource(SOURCE, { type: "geojson", data: await tracks.json() });
    map.addLayer({ id: SOURCE, type: "line", source: SOURCE,
                   paint: { "line-color": "#d7301f", "line-width": 2.5, "line-opacity": 0.8 } });
  }

  toggle.addEventListener("change", () => show().catch((error) => { note.textContent = String(error); }));
  day.addEventListener("change", () => show().catch((error) => { note.textContent = String(error); }));
})();
