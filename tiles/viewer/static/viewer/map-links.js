// "Export this view" (the thematic map page, tiles/../maps) and "print this view" (a PDF page): their links follow
// the map's bounds and the layers ticked in the panel.
(function () {
  "use strict";
  const map = window.pingdingMap;
  const exportLink = document.getElementById("export-view");
  const printLink = document.getElementById("print-view");
  if (!map || !exportLink || !printLink) return;
  const MAX_LAYERS = 6;
  const MAX_SPAN_DEG = 2;

  function ticked() {
    return Array.from(document.querySelectorAll("#layers input[data-layer]:checked"))
      .map((box) => box.dataset.layer)
      .filter((id) => id !== "standard-map")
      .slice(0, MAX_LAYERS);
  }

  function update() {
    const b = map.getBounds();
    const params = new URLSearchParams();
    if (b.getEast() - b.getWest() <= MAX_SPAN_DEG && b.getNorth() - b.getSouth() <= MAX_SPAN_DEG) {
      params.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(","));
    }
    const layers = ticked();
    if (layers.length) params.set("layers", layers.join(","));
    const thematic = new URLSearchParams(params);
    thematic.set("f", "html");
    exportLink.href = exportLink.dataset.base + "?" + thematic.toString();
    const page = new URLSearchParams(params);
    if (!layers.length) page.set("measure", "incidents");
    page.set("size", "A4");
    page.set("orientation", "landscape");
    page.set("f", "pdf");
    printLink.href = printLink.dataset.base + "?" + page.toString();
  }

  map.on("moveend", update);
  for (const box of document.querySelectorAll("#layers input[data-layer]")) box.addEventListener("change", update);
  update();
})();
