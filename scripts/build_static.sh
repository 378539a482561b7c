#!/usr/bin/env bash
# Front-end libraries for the pages of this server, from the npm registry, served as static files.
#
# Runs `npm ci` against package-lock.json and copies what the pages load into the apps' static folders:
# MapLibre GL JS (the map viewer) into tiles/viewer/static/vendor/maplibre-gl/, terra-draw and its MapLibre adapter
# (the viewer's editor) into tiles/viewer/static/vendor/terra-draw/, Swagger UI (the API documentation page) into
# apidocs/static/vendor/swagger-ui/, Leaflet (the folium
# thematic maps) into maps/static/maps/vendor/leaflet/, ECharts and the Noto Sans SC web font (regular weight, in
# unicode-range subsets: the browser fetches only the pieces a page's text needs) for the dashboard into
# maps/static/maps/vendor/, each with its licence (terra-draw ships none as a file: its package.json names
# it, MIT). Neither node_modules/ nor the vendor copies
# are committed. Install scripts are not run (the pages need none; swagger-ui-dist's usage-analytics dependency
# would call out of the county's network). Idempotent and quick: when the vendor copies were made from the current
# package-lock.json it does nothing (a stamp file in each records the lock file's checksum).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "build_static: $*" >&2; }

# package directory in node_modules | destination | files copied
copies=(
    "maplibre-gl/dist|tiles/viewer/static/vendor/maplibre-gl|maplibre-gl.js maplibre-gl.css LICENSE.txt"
    "swagger-ui-dist|apidocs/static/vendor/swagger-ui|swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE"
    "terra-draw|tiles/viewer/static/vendor/terra-draw|dist/terra-draw.umd.js package.json"
    "terra-draw-maplibre-gl-adapter|tiles/viewer/static/vendor/terra-draw/adapter|dist/terra-draw-maplibre-gl-adapter.umd.js package.json"
    "leaflet|maps/static/maps/vendor/leaflet|dist/leaflet.js dist/leaflet.css LICENSE"
    "leaflet/dist/images|maps/static/maps/vendor/leaflet/images|layers.png layers-2x.png marker-icon.png marker-icon-2x.png marker-shadow.png"
    "echarts|maps/static/maps/vendor/echarts|dist/echarts.min.js LICENSE NOTICE"
    "@fontsource/noto-sans-sc|maps/static/maps/vendor/noto-sans-sc|400.css LICENSE"
    "@fontsource/noto-sans-sc/files|maps/static/maps/vendor/noto-sans-sc/files|*-400-normal.woff2"
)
want=$(sha256sum package-lock.json | cut -d' ' -f1)

up_to_date() {
    local entry dest files f
    for entry in "${copies[@]}"; do
        IFS='|' read -r _ dest files <<<"$entry"
        [ -f "$dest/.package-lock.sha256" ] && [ "$(cat "$dest/.package-lock.sha256")" = "$want" ] || return 1
        for f in $files; do compgen -G "$dest/$(basename "$f")" >/dev/null || return 1; done
    done
}

if up_to_date; then
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    say "npm is not installed; install Node.js and npm (Debian: apt-get install -y nodejs npm) and run again."
    exit 1
fi

say "npm ci (package-lock.json)"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
for entry in "${copies[@]}"; do
    IFS='|' read -r source dest files <<<"$entry"
    mkdir -p "$dest"
    for f in $files; do
        # a name with * (the font's subsets) copies every file it matches
        for path in "node_modules/$source/"$f; do cp "$path" "$dest/"; done
    done
    echo "$want" > "$dest/.package-lock.sha256"
    say "copied ${source%%/*} into $dest"
done
