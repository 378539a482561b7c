#!/usr/bin/env bash
# Bring up the database: a PostgreSQL server with PostGIS, role and database "pingding".
#
# The application role is not a superuser: NOSUPERUSER CREATEDB (pytest-django creates test_<pid> databases),
# owner of its database. PostGIS is created by the cluster's owner, in the application database and in template1,
# so every database the role creates (the test databases) has it already.
#
#   DATABASE_URL set      -> only check that it answers and that PostGIS is there (or can be created).
#   unset, run as root    -> the Debian cluster <ver>/$PINGDING_PG_CLUSTER (default main): created if
#                            missing, started if down, tuned, role/db/extension created;
#                            TCP 127.0.0.1:<port> with a password.
#   unset, run as a user  -> a private cluster in var/pgdata (port $PINGDING_PG_PORT, default 5433,
#                            socket in var/run), started with pg_ctl.
#
# Prints the DATABASE_URL to use on its last line (stdout) and, for a local cluster, writes it
# to var/database_url, which the Makefile reads when DATABASE_URL is unset.
# CI=true turns fsync off in a cluster we own (never do that with data you want to keep).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VAR="$ROOT/var"
DB_NAME=pingding
DB_USER=pingding
DB_PASSWORD=pingding
PRIVATE_PORT=${PINGDING_PG_PORT:-5433}

say() { echo "db.sh: $*" >&2; }
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
die() { echo "db.sh: ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# External database
# ---------------------------------------------------------------------------------------------
if [ -n "${DATABASE_URL:-}" ]; then
    command -v psql >/dev/null 2>&1 || die "psql not found; run scripts/install_os_packages.sh"
    # dj-database-url accepts postgis:// and pgsql://; libpq wants postgresql://.
    url=$(printf '%s' "$DATABASE_URL" | sed -E 's#^(postgis|pgsql|postgres)://#postgresql://#')
    safe=$(printf '%s' "$url" | sed -E 's#//([^:/@]*):[^@]*@#//\1:***@#')
    say "DATABASE_URL is set: checking $safe"
    if ! out=$(PGCONNECT_TIMEOUT=10 psql -X -q -v ON_ERROR_STOP=1 "$url" -tAc 'select 1' 2>&1); then
        die "cannot connect to DATABASE_URL ($safe): $out
  Unset DATABASE_URL to use a local cluster, or fix the URL / start that server."
    fi
    # Created only when missing: a role that is not a superuser cannot create PostGIS, but may use it.
    have=$(psql -X -q "$url" -tAc "select 1 from pg_extension where extname = 'postgis'" 2>&1 || true)
    create=""
    [ "$have" = 1 ] || create='CREATE EXTENSION postgis;'
    if ! out=$(psql -X -q -v ON_ERROR_STOP=1 "$url" -tAc "$create select postgis_lib_version()" 2>&1); then
        die "connected, but PostGIS is not usable in that database: $out
  The server needs the PostGIS 3 package, created once by an administrator (the application role
  need not be a superuser): CREATE EXTENSION postgis; in this database, and in template1 for the
  test run, which also needs the right to CREATE DATABASE (pytest-django creates test_<name>)."
    fi
    say "OK: PostGIS $out"
    echo "$DATABASE_URL"
    exit 0
fi

# ---------------------------------------------------------------------------------------------
# Local cluster: pick the PostgreSQL version (highest that has PostGIS installed)
# ---------------------------------------------------------------------------------------------
pgver=""
for d in /usr/lib/postgresql/*/bin/postgres; do
    [ -x "$d" ] || continue
    v=${d#/usr/lib/postgresql/}; v=${v%%/*}
    [ -f "/usr/share/postgresql/$v/extension/postgis.control" ] || continue
    if [ -z "$pgver" ] || [ "$v" -gt "$pgver" ]; then pgver=$v; fi
done
[ -n "$pgver" ] || die "no PostgreSQL server with PostGIS installed; run: bash scripts/install_os_packages.sh (as root)"
BIN="/usr/lib/postgresql/$pgver/bin"

mkdir -p "$VAR"

# Settings for a cluster we own: 2 cores / 24 GB box.
tuning_sql() {
    cat <<'SQL'
ALTER SYSTEM SET shared_buffers = '2GB';
ALTER SYSTEM SET work_mem = '64MB';
ALTER SYSTEM SET maintenance_work_mem = '512MB';
ALTER SYSTEM SET max_wal_size = '4GB';
ALTER SYSTEM SET effective_cache_size = '12GB';
SQL
    if [ "${CI:-}" = "true" ]; then
        echo "ALTER SYSTEM SET fsync = off;"
        echo "ALTER SYSTEM SET full_page_writes = off;"
    else
        echo "ALTER SYSTEM RESET fsync;"
        echo "ALTER SYSTEM RESET full_page_writes;"
    fi
    echo "SELECT pg_reload_conf();"
}

roles_sql() {
    cat <<SQL
SELECT format('CREATE ROLE %I', '$DB_USER') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER')
\\gexec
ALTER ROLE "$DB_USER" WITH LOGIN NOSUPERUSER CREATEDB NOCREATEROLE PASSWORD '$DB_PASSWORD';
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0 LC_COLLATE %L LC_CTYPE %L',
              '$DB_NAME', '$DB_USER', 'UTF8', 'C.UTF-8', 'C.UTF-8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB_NAME')
\\gexec
SQL
}

# su_psql ARGS...: psql as the cluster's superuser over the Unix socket (set up below).
wait_ready() {
    local i
    for i in $(seq 1 60); do
        if "$BIN/pg_isready" -q -h "$SOCKDIR" -p "$PORT"; then return 0; fi
        sleep 1
    done
    return 1
}

configure() {   # tuning, restart if needed, role, db, extension
    local changed pending
    say "tuning (shared_buffers=2GB work_mem=64MB maintenance_work_mem=512MB max_wal_size=4GB$([ "${CI:-}" = true ] && echo ' fsync=off (CI)'))"
    before=$(su_psql -d postgres -tAc "select string_agg(name||'='||setting, ',' order by name) from pg_settings where name in ('shared_buffers','work_mem','maintenance_work_mem','max_wal_size','fsync','full_page_writes','effective_cache_size')")
    tuning_sql | su_psql -d postgres -q >/dev/null
    sleep 1
    pending=$(su_psql -d postgres -tAc "select count(*) from pg_settings where pending_restart")
    if [ "$pending" != 0 ]; then
        say "settings need a restart: restarting"
        restart_cluster
        wait_ready || die "server did not come back after restart"
    fi
    after=$(su_psql -d postgres -tAc "select string_agg(name||'='||setting, ',' order by name) from pg_settings where name in ('shared_buffers','work_mem','maintenance_work_mem','max_wal_size','fsync','full_page_writes','effective_cache_size')")
    [ "$before" = "$after" ] || say "settings now: $after"

    # Listen on TCP (127.0.0.1) if the cluster was configured without it.
    la=$(su_psql -d postgres -tAc "show listen_addresses")
    if [ -z "$la" ]; then
        say "listen_addresses was empty: setting 'localhost' and restarting"
        su_psql -d postgres -qc "ALTER SYSTEM SET listen_addresses = 'localhost'" >/dev/null
        restart_cluster
        wait_ready || die "server did not come back after restart"
    fi

    # pytest-django creates test_<name> from template1: it must be UTF-8 (a cluster made with no
    # locale in the environment is SQL_ASCII). Rebuild template1 from template0 if it is not.
    enc=$(su_psql -d postgres -tAc "select pg_encoding_to_char(encoding) from pg_database where datname = 'template1'")
    if [ "$enc" != UTF8 ]; then
        say "template1 is $enc: recreating it as UTF8 (C.UTF-8)"
        su_psql -d postgres -q >/dev/null <<'SQL'
UPDATE pg_database SET datistemplate = false WHERE datname = 'template1';
DROP DATABASE template1;
CREATE DATABASE template1 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8';
UPDATE pg_database SET datistemplate = true WHERE datname = 'template1';
SQL
    fi

    say "role $DB_USER (not a superuser), database $DB_NAME, extension postgis (in $DB_NAME and template1)"
    roles_sql | su_psql -d postgres -q >/dev/null
    su_psql -d "$DB_NAME" -qc "ALTER DATABASE \"$DB_NAME\" OWNER TO \"$DB_USER\"" >/dev/null
    su_psql -d "$DB_NAME" -qc "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
    su_psql -d template1 -qc "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
}

tcp_check() {
    PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=10 "$BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        "postgresql://$DB_USER@127.0.0.1:$PORT/$DB_NAME" -tAc 'select postgis_lib_version()' 2>&1
}

if [ "$(id -u)" = 0 ]; then
    # -----------------------------------------------------------------------------------------
    # Root: the Debian cluster <ver>/main
    # -----------------------------------------------------------------------------------------
    command -v pg_lsclusters >/dev/null 2>&1 || die "pg_lsclusters missing (postgresql-common); run scripts/install_os_packages.sh"
    CLUSTER=${PINGDING_PG_CLUSTER:-main}
    if ! pg_lsclusters -h "$pgver" "$CLUSTER" >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h "$pgver" "$CLUSTER" 2>/dev/null)" ]; then
        say "creating cluster $pgver/$CLUSTER"
        pg_createcluster --locale C.UTF-8 --encoding UTF8 "$pgver" "$CLUSTER" >/dev/null
    fi
    read -r _ _ PORT status _ < <(pg_lsclusters -h "$pgver" "$CLUSTER")
    SOCKDIR=/var/run/postgresql
    install -d -m 2775 -o postgres -g postgres "$SOCKDIR"
    su_psql() { (cd / && runuser -u postgres -- "$BIN/psql" -X -v ON_ERROR_STOP=1 -h "$SOCKDIR" -p "$PORT" "$@"); }
    restart_cluster() { pg_ctlcluster "$pgver" "$CLUSTER" restart -m fast; }
    case "$status" in
        online*) say "cluster $pgver/$CLUSTER is running on port $PORT" ;;
        *)
            say "starting cluster $pgver/$CLUSTER (port $PORT)"
            if ! pg_ctlcluster "$pgver" "$CLUSTER" start; then
                log=$(pg_lsclusters -h "$pgver" "$CLUSTER" | awk '{print $7}')
                [ -n "$log" ] && [ -f "$log" ] && tail -n 20 "$log" >&2
                die "pg_ctlcluster $pgver $CLUSTER start failed"
            fi
            ;;
    esac
    wait_ready || die "cluster $pgver/$CLUSTER does not answer on $SOCKDIR port $PORT"
    configure
    if ! out=$(tcp_check); then
        # Debian's default pg_hba.conf allows scram on 127.0.0.1; add a rule if someone removed it.
        hba=$(su_psql -d postgres -tAc "show hba_file")
        say "password login over TCP failed ($out); adding a rule for $DB_USER on 127.0.0.1 to $hba"
        sed -i "0,/^[[:space:]]*[^#[:space:]]/s//host    all    $DB_USER    127.0.0.1\/32    scram-sha-256\n&/" "$hba"
        su_psql -d postgres -qc "select pg_reload_conf()" >/dev/null
        sleep 0.5
        out=$(tcp_check) || die "still cannot log in as $DB_USER over TCP 127.0.0.1:$PORT: $out"
    fi
else
    # -----------------------------------------------------------------------------------------
    # Not root: private cluster in var/pgdata
    # -----------------------------------------------------------------------------------------
    PGDATA="$VAR/pgdata"
    SOCKDIR="$VAR/run"
    PORT=$PRIVATE_PORT
    LOG="$VAR/log/postgresql.log"
    SUPER=$(id -un)
    mkdir -p "$SOCKDIR" "$VAR/log"
    chmod 700 "$SOCKDIR"
    if [ ${#SOCKDIR} -gt 90 ]; then
        die "socket directory path too long for a Unix socket ($SOCKDIR); clone the repo to a shorter path"
    fi
    su_psql() { "$BIN/psql" -X -v ON_ERROR_STOP=1 -h "$SOCKDIR" -p "$PORT" -U "$SUPER" "$@"; }
    restart_cluster() { "$BIN/pg_ctl" -D "$PGDATA" -l "$LOG" -w -t 120 restart -m fast >/dev/null; }
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        say "initdb private cluster in $PGDATA (PostgreSQL $pgver, port $PORT)"
        "$BIN/initdb" -D "$PGDATA" -U "$SUPER" -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 >/dev/null
        cat >>"$PGDATA/postgresql.conf" <<EOF

# added by scripts/db.sh
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCKDIR'
EOF
    elif [ "$(cat "$PGDATA/PG_VERSION")" != "$pgver" ]; then
        die "$PGDATA was made by PostgreSQL $(cat "$PGDATA/PG_VERSION"), the server here is $pgver; remove var/pgdata (make clean)"
    fi
    if "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
        say "private cluster is running (port $PORT)"
    else
        say "starting private cluster (port $PORT, log $LOG)"
        if ! "$BIN/pg_ctl" -D "$PGDATA" -l "$LOG" -w -t 120 start >/dev/null; then
            tail -n 20 "$LOG" >&2 || true
            die "pg_ctl start failed (is port $PORT taken? set PINGDING_PG_PORT)"
        fi
    fi
    wait_ready || die "private cluster does not answer on $SOCKDIR port $PORT"
    configure
    out=$(tcp_check) || die "cannot log in as $DB_USER over TCP 127.0.0.1:$PORT: $out"
fi

URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"
printf '%s\n' "$URL" >"$VAR/database_url"
say "ready: PostGIS $out at 127.0.0.1:$PORT (written to var/database_url)"
echo "$URL"
