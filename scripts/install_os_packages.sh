#!/usr/bin/env bash
# Install the Debian packages the server needs: a PostgreSQL server with PostGIS 3
# for that server's version, GDAL (library and ogrinfo), GEOS (libgeos_c), PROJ, binutils,
# gcc and the Python headers (pip builds uWSGI, the application server), nginx (the HTTP front in front of it:
# `make run` starts its own unprivileged instance from var/front; Debian's nginx service is not used),
# for the map viewer: Node.js/npm (MapLibre GL JS and Leaflet from npm), Chromium and a CJK font (its browser test
# and the Chinese labels of the print maps, maps/fonts.py),
# pgBackRest (base backups, WAL archive and point-in-time recovery: scripts/backup.sh),
# and QGIS 3.22's Python bindings with its data providers (OAPIF, WFS), the desktop client of the live tests.
#
# Quiet and quick when everything is present. As root it runs `apt-get update` (only when
# something is missing) and installs what is needed; as another user it prints the exact
# command to run and exits 1.
#
# With DATABASE_URL set (an external PostGIS), no local server is required: only the
# PostgreSQL client (psql) and the GIS libraries.
set -euo pipefail

say() { echo "install_os_packages: $*" >&2; }

ldconfig_bin=$(command -v ldconfig || echo /sbin/ldconfig)
# (read the cache once into a variable: `ldconfig -p | grep -q` under pipefail fails on SIGPIPE)
ld_cache=""
have_lib() {
    [ -n "$ld_cache" ] || ld_cache=$("$ldconfig_bin" -p 2>/dev/null || true)
    grep -Eq "[[:space:]]$1\.so(\.[0-9.]+)?[[:space:]]" <<<"$ld_cache"
}

# Highest PostgreSQL major version whose server binary is installed (empty if none).
installed_pg_version() {
    local d v best=""
    for d in /usr/lib/postgresql/*/bin/postgres; do
        [ -x "$d" ] || continue
        v=${d#/usr/lib/postgresql/}; v=${v%%/*}
        if [ -z "$best" ] || [ "$v" -gt "$best" ]; then best=$v; fi
    done
    echo "$best"
}

have_postgis() {  # $1 = major version
    [ -f "/usr/share/postgresql/$1/extension/postgis.control" ] &&
        ls /usr/lib/postgresql/"$1"/lib/postgis-3*.so >/dev/null 2>&1
}

need_server=1
[ -n "${DATABASE_URL:-}" ] && need_server=0

missing=()
pgver=$(installed_pg_version)
if [ "$need_server" = 1 ]; then
    if [ -z "$pgver" ]; then
        missing+=("postgresql server")
    elif ! have_postgis "$pgver"; then
        missing+=("PostGIS 3 for PostgreSQL $pgver")
    fi
    command -v pg_lsclusters >/dev/null 2>&1 || missing+=("postgresql-common (pg_lsclusters)")
fi
command -v psql >/dev/null 2>&1 || missing+=("psql")
have_lib libgdal   || missing+=("libgdal")
have_lib libgeos_c || missing+=("libgeos_c")
have_lib libproj   || missing+=("libproj")
command -v ogrinfo >/dev/null 2>&1 || missing+=("ogrinfo (gdal-bin)")
command -v ld >/dev/null 2>&1 || missing+=("binutils")

extras=()
# The application server, uWSGI, is built by pip from its source (requirements.txt): a C compiler and Python's headers.
command -v gcc >/dev/null 2>&1 || { missing+=("gcc"); extras+=(gcc libc6-dev); }
compgen -G "/usr/include/python3*/Python.h" >/dev/null || { missing+=("Python headers"); extras+=(python3-dev); }
# The HTTP front of `make run`, the live tests and the benchmarks (deploy/nginx.conf.in).
[ -x /usr/sbin/nginx ] || { missing+=("nginx"); extras+=(nginx); }
# The connection pool in front of PostgreSQL (geoserver_app/pgbouncer.py runs its own instance; docs/scaling.md).
[ -x /usr/sbin/pgbouncer ] || { missing+=("pgbouncer"); extras+=(pgbouncer); }

# The map viewer and its browser test: npm for MapLibre GL JS, Chromium, and a CJK font so Chinese renders (also in
# the print maps: matplotlib reads /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc, maps/fonts.py).
command -v npm >/dev/null 2>&1 || { missing+=("npm"); extras+=(nodejs npm); }
command -v chromium >/dev/null 2>&1 || { missing+=("chromium"); extras+=(chromium); }
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || { missing+=("CJK font"); extras+=(fonts-wqy-zenhei); }
# Backups of the local cluster (scripts/backup.sh): pgBackRest, and openssl for the media snapshots.
if [ "$need_server" = 1 ]; then
    command -v pgbackrest >/dev/null 2>&1 || { missing+=("pgbackrest"); extras+=(pgbackrest); }
    command -v openssl >/dev/null 2>&1 || { missing+=("openssl"); extras+=(openssl); }
fi
# QGIS as a client in the live tests (tests/clients/): its bindings for Debian's python3, and the OAPIF/WFS provider.
qgis_present() { compgen -G "/usr/lib/python3/dist-packages/qgis/_core.*.so" >/dev/null; }
qgis_present || { missing+=("QGIS Python bindings"); extras+=(python3-qgis); }
[ -f /usr/lib/qgis/plugins/libprovider_wfs.so ] || { missing+=("QGIS providers"); extras+=(qgis-providers); }

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

say "missing: $(IFS=,; echo "${missing[*]}" | sed 's/,/, /g')"

# Major version of the `postgresql` metapackage's candidate (e.g. 15 on Debian 12).
candidate_pg_version() {
    local c
    c=$(apt-cache policy postgresql 2>/dev/null | awk '/Candidate:/ {print $2; exit}')
    case "$c" in
        ""|"(none)") echo "" ;;
        *) c=${c#*:}; echo "${c%%+*}" ;;
    esac
}

pkg_list() {  # $1 = pg major version (may be empty when no server is needed)
    local pkgs=()
    if [ "$need_server" = 1 ]; then
        if [ -n "$pgver" ]; then pkgs+=("postgresql-$1"); else pkgs+=(postgresql); fi
        pkgs+=("postgresql-$1-postgis-3")
    else
        pkgs+=(postgresql-client)
    fi
    pkgs+=(gdal-bin libgdal-dev libgeos-c1v5 libproj-dev binutils "${extras[@]}")
    echo "${pkgs[*]}"
}

if [ "$(id -u)" != 0 ]; then
    v=${pgver:-$(candidate_pg_version)}
    v=${v:-15}
    say "not root: ask an administrator to run"
    echo "  sudo sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(pkg_list "$v")'" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# The postgresql package creates the first cluster with the environment's locale: make it UTF-8
# (with no locale set it would be SQL_ASCII, and Chinese text would be measured in bytes).
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# --no-upgrade: never upgrade what is already installed (e.g. a running PostgreSQL server).
apt_opts=(-y -q --no-upgrade -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

say "apt-get update"
apt-get update -q </dev/null >/dev/null

v=${pgver:-$(candidate_pg_version)}
if [ "$need_server" = 1 ] && [ -z "$v" ]; then
    say "cannot tell which PostgreSQL version apt would install (apt-cache policy postgresql shows no candidate)"
    exit 1
fi
pkgs=$(pkg_list "$v")
say "apt-get install $pkgs"
# shellcheck disable=SC2086
apt-get install "${apt_opts[@]}" $pkgs </dev/null

# Check again, so a package that installed but did not provide what we need fails here.
ld_cache=""
pgver=$(installed_pg_version)
fail=0
if [ "$need_server" = 1 ]; then
    if [ -z "$pgver" ]; then
        say "still no PostgreSQL server after install"; fail=1
    elif ! have_postgis "$pgver"; then
        say "still no PostGIS for PostgreSQL $pgver"; fail=1
    fi
fi
have_lib libgdal   || { say "still no libgdal"; fail=1; }
have_lib libgeos_c || { say "still no libgeos_c"; fail=1; }
have_lib libproj   || { say "still no libproj"; fail=1; }
command -v ogrinfo >/dev/null 2>&1 || { say "still no ogrinfo"; fail=1; }
command -v gcc >/dev/null 2>&1 || { say "still no gcc"; fail=1; }
compgen -G "/usr/include/python3*/Python.h" >/dev/null || { say "still no Python headers"; fail=1; }
[ -x /usr/sbin/nginx ] || { say "still no nginx"; fail=1; }
command -v npm >/dev/null 2>&1 || { say "still no npm"; fail=1; }
command -v chromium >/dev/null 2>&1 || { say "still no chromium"; fail=1; }
if [ "$need_server" = 1 ]; then
    command -v pgbackrest >/dev/null 2>&1 || { say "still no pgbackrest"; fail=1; }
    command -v openssl >/dev/null 2>&1 || { say "still no openssl"; fail=1; }
fi
qgis_present || { say "still no QGIS Python bindings"; fail=1; }
[ -f /usr/lib/qgis/plugins/libprovider_wfs.so ] || { say "still no QGIS OAPIF/WFS provider"; fail=1; }
[ "$fail" = 0 ] || exit 1
say "OS packages installed${pgver:+ (PostgreSQL $pgver with PostGIS)}"
