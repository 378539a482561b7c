#!/usr/bin/env bash
# A PostgreSQL streaming replica of the primary cluster (scripts/db.sh), as a second Debian cluster on another port.
#
#   scripts/replica.sh create   make the cluster <ver>/$PINGDING_REPLICA_CLUSTER (default replica) on port
#                               $PINGDING_REPLICA_PORT (default 5434) by pg_basebackup -R of the primary
#                               <ver>/$PINGDING_PG_CLUSTER (default main), and start it; nothing if it exists
#   scripts/replica.sh start | stop | status
#   scripts/replica.sh drop     stop and remove the replica cluster (the primary is never touched)
#
# The replica copies the whole primary cluster (every database, the test databases too) and then follows its WAL by
# streaming replication, without a replication slot: a replica stopped for long may need `drop` and `create` again
# (the primary keeps no WAL for it). Run as root (Debian clusters belong to postgres). The last line printed by
# create and start is the replica's DATABASE_REPLICA_URL (for the database pingding).
set -euo pipefail

CLUSTER=${PINGDING_REPLICA_CLUSTER:-replica}
PRIMARY=${PINGDING_PG_CLUSTER:-main}
PORT=${PINGDING_REPLICA_PORT:-5434}
SOCKDIR=/var/run/postgresql

say() { echo "replica.sh: $*" >&2; }
die() { echo "replica.sh: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (the clusters belong to the postgres user)"
command -v pg_lsclusters >/dev/null 2>&1 || die "pg_lsclusters missing; run scripts/install_os_packages.sh"
read -r pgver _ PRIMARY_PORT pstatus _ < <(pg_lsclusters -h | awk -v c="$PRIMARY" '$2 == c' | sort -k1,1nr | head -n1) \
    || die "no primary cluster named $PRIMARY (scripts/db.sh makes it)"
BIN=/usr/lib/postgresql/$pgver/bin
DATA=/var/lib/postgresql/$pgver/$CLUSTER

exists() { [ -n "$(pg_lsclusters -h "$pgver" "$CLUSTER" 2>/dev/null)" ]; }
running() { pg_lsclusters -h "$pgver" "$CLUSTER" 2>/dev/null | awk '{print $4}' | grep -q '^online'; }
as_pg() { (cd / && runuser -u postgres -- "$@"); }
url() { echo "postgres://pingding:pingding@127.0.0.1:$PORT/pingding"; }

wait_ready() {
    local i
    for i in $(seq 1 90); do
        if "$BIN/pg_isready" -q -h "$SOCKDIR" -p "$PORT"; then return 0; fi
        sleep 1
    done
    return 1
}

start() {
    running || pg_ctlcluster "$pgver" "$CLUSTER" start || die "pg_ctlcluster $pgver $CLUSTER start failed (see /var/log/postgresql/postgresql-$pgver-$CLUSTER.log)"
    wait_ready || die "the replica does not answer on port $PORT"
    say "replica $pgver/$CLUSTER is running on port $PORT, following $pgver/$PRIMARY (port $PRIMARY_PORT)"
    url
}

create() {
    case "$pstatus" in online*) ;; *) die "the primary $pgver/$PRIMARY is down: run scripts/db.sh first" ;; esac
    if exists; then say "cluster $pgver/$CLUSTER exists"; start; return; fi
    say "creating cluster $pgver/$CLUSTER on port $PORT"
    pg_createcluster --locale C.UTF-8 --encoding UTF8 -p "$PORT" "$pgver" "$CLUSTER" >/dev/null
    rm -rf "$DATA"
    say "pg_basebackup -R of $pgver/$PRIMARY into $DATA"
    as_pg "$BIN/pg_basebackup" -h "$SOCKDIR" -p "$PRIMARY_PORT" -D "$DATA" -R -X stream -c fast
    # Settings of the standby (postgresql.auto.conf comes from the primary; later lines win): a smaller cache, and
    # feedback so that the primary's vacuum does not cancel the replica's long reads (streamed pages).
    cat >>"$DATA/postgresql.auto.conf" <<CONF
# added by scripts/replica.sh
shared_buffers = '512MB'
effective_cache_size = '4GB'
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = '30s'
CONF
    chown postgres:postgres "$DATA/postgresql.auto.conf"
    start
}

case "${1:-}" in
    create) create ;;
    start) exists || die "no cluster $pgver/$CLUSTER: run scripts/replica.sh create"; start ;;
    stop) if exists && running; then pg_ctlcluster "$pgver" "$CLUSTER" stop -m fast; fi; say "replica stopped" ;;
    status)
        exists || { say "no replica cluster"; exit 3; }
        running || { say "replica $pgver/$CLUSTER is down"; exit 3; }
        as_pg "$BIN/psql" -X -h "$SOCKDIR" -p "$PORT" -d postgres -tAc \
            "select 'in recovery: ' || pg_is_in_recovery() || ', replay lag: ' ||
                    coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0) || ' bytes'" ;;
    drop) if exists; then pg_dropcluster --stop "$pgver" "$CLUSTER"; fi; say "replica dropped" ;;
    *) die "usage: scripts/replica.sh create|start|stop|status|drop" ;;
esac
