#!/usr/bin/env bash
# Front-end libraries for the pages of this server, from the npm registry, served as static files.
#
# Runs `npm ci` against package-lock.json and copies what the pages load (MapLibre GL JS and its CSS and
# licence) into tiles/viewer/static/vendor/maplibre-gl/. Neither node_modules/ nor the vendor copy is
# committed. Idempotent and quick: when the vendor copy was made from the current package-lock.json it does
# nothing (a stamp file records the lock file's checksum).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "build_static: $*" >&2; }

dest=tiles/viewer/static/vendor/maplibre-gl
files=(maplibre-gl.js maplibre-gl.css LICENSE.txt)
stamp="$dest/.package-lock.sha256"
want=$(sha256sum package-lock.json | cut -d' ' -f1)

up_to_date() {
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] || return 1
    local f
    for f in "${files[@]}"; do [ -s "$dest/$f" ] || return 1; done
}

if up_to_date; then
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    say "npm is not installed; install Node.js and npm (Debian: apt-get install -y nodejs npm) and run again."
    exit 1
fi

say "npm ci (package-lock.json)"
npm ci --no-audit --no-fund --loglevel=error
mkdir -p "$dest"
for f in "${files[@]}"; do
    cp "node_modules/maplibre-gl/dist/$f" "$dest/$f"
done
echo "$want" > "$stamp"
say "copied maplibre-gl $(node -p 'require("./node_modules/maplibre-gl/package.json").version') into $dest"
