# Pingding spatial governance server: build, run and test.
#
#   make run     venv + OS packages + database + migrate + seed, then the nginx front and uWSGI on
#                http://$(HOST):$(PORT), in the foreground (Ctrl-C stops both); DEBUG off (production profile,
#                DJANGO_SECRET_KEY from the environment, else var/secret_key, made once); DEBUG=1 for development
#   make test    venv + OS packages + database, then pytest ($(ARGS) passed through)
#   make bench   migrate + seed, then python -m bench
#   make soak    [SOAK_SECONDS=600 SOAK_CONNECTIONS=64] mixed load against the server as make run starts it: no 5xx,
#                the workers' memory per minute and a verdict on its growth (bench/soak, docs/operations.md)
#   make backup  [TYPE=full|diff|incr] a pgBackRest base backup of the local cluster and a media snapshot (prints the
#                label); make backup-info; make restore [TARGET_TIME=...] [RESTORE_CLUSTER=...] [RESTORE_PORT=...]
#                into a NEW cluster (IN_PLACE=1: over the running one); scripts/backup.sh, docs/operations.md
#
# DATABASE_URL: if set (environment or `make ... DATABASE_URL=...`), that PostGIS is used as is.
# Otherwise scripts/db.sh brings up a local cluster and writes its URL to var/database_url;
# recipes read it from there, falling back to $(DEFAULT_DATABASE_URL).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

VENV     := .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.installed
HOST     ?= 127.0.0.1
PORT     ?= 8000
WORKERS  ?= 3
# make run DEBUG=1: Django's development profile (DEBUG on, tracebacks in answers): never on a reachable address.
DEBUG    ?= 0
ARGS     ?=
SEED_ARGS ?= --scale 1.0 --seed 1 --if-empty
# Interpreter for the venv; empty means: python3.11, else python3 if it is 3.11+.
PYTHON   ?=

DEFAULT_DATABASE_URL := postgres://pingding:pingding@127.0.0.1:5432/pingding

# Exported only when the caller gave one, so scripts/db.sh can tell "external" from "local".
ifdef DATABASE_URL
export DATABASE_URL
endif

# Prefix for recipes that talk to the database: DATABASE_URL, else var/database_url, else the default.
WITH_DB = export DATABASE_URL="$${DATABASE_URL:-$$(cat var/database_url 2>/dev/null || echo '$(DEFAULT_DATABASE_URL)')}";

.PHONY: help venv os-packages static db migrate seed run test bench backup-setup backup backup-info restore clean distclean replica pgbouncer soak

help:
	@echo "targets: venv os-packages db migrate seed run test bench soak backup backup-info restore clean distclean replica pgbouncer"
	@echo "  make run  [HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) DEBUG=$(DEBUG)]"
	@echo "  make test [ARGS='-k snap -x']"
	@echo "  DATABASE_URL (default: var/database_url written by scripts/db.sh, else $(DEFAULT_DATABASE_URL))"

# --- Python ------------------------------------------------------------------------------------

venv: $(STAMP)

# After os-packages: pip builds uWSGI from source (gcc, Python headers).
$(STAMP): requirements.txt requirements-dev.txt | os-packages
	@py="$(PYTHON)"; \
	if [ -z "$$py" ]; then \
	  for c in python3.11 python3; do \
	    if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then py=$$c; break; fi; \
	  done; \
	fi; \
	if [ -z "$$py" ] || ! $$py -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  echo "ERROR: Python 3.11 or newer is needed (tried: $${py:-python3.11 python3}; found: $$(python3 --version 2>&1 || echo none))." >&2; \
	  echo "       Install python3.11, or run: make venv PYTHON=/path/to/python3.11" >&2; \
	  exit 1; \
	fi; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  echo "creating $(VENV) with $$py ($$($$py --version 2>&1))"; \
	  rm -rf $(VENV); \
	  $$py -m venv $(VENV) || { echo "ERROR: '$$py -m venv' failed (on Debian: apt-get install python3-venv)" >&2; exit 1; }; \
	fi
	@echo "installing requirements.txt and requirements-dev.txt into $(VENV)"
	$(PY) -m pip install --disable-pip-version-check --no-input -q -r requirements.txt -r requirements-dev.txt
	@touch $@

# --- OS and database ---------------------------------------------------------------------------

os-packages:
	@bash scripts/install_os_packages.sh

db: os-packages
	@bash scripts/db.sh

# A streaming replica of the database cluster on port 5434 (docs/scaling.md: read replicas; root only).
replica: db
	@bash scripts/replica.sh create

# PgBouncer (transaction mode) on 127.0.0.1:6432 in front of the database, in the foreground (docs/scaling.md).
pgbouncer: venv db
	@$(WITH_DB) $(PY) -m geoserver_app.pgbouncer $(ARGS)

# MapLibre GL JS from npm, copied where the server serves it (no CDN: county networks are intranets).
static: os-packages
	@bash scripts/build_static.sh
	@mkdir -p var/static

# --- Django ------------------------------------------------------------------------------------

migrate: venv db
	@$(WITH_DB) $(PY) manage.py migrate --noinput

seed: migrate
	@$(WITH_DB) $(PY) manage.py seed_pingding $(SEED_ARGS)
	@$(WITH_DB) $(PY) manage.py build_standard_map

# The settings profile of `make run`: production (DEBUG off) unless DEBUG=1.
ifeq ($(DEBUG),1)
RUN_ENV = export PINGDING_PROFILE=development DJANGO_DEBUG=1;
else
RUN_ENV = export PINGDING_PROFILE=production DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}";
endif

run: seed static var/secret_key
	@$(WITH_DB) $(RUN_ENV) exec $(PY) -m geoserver_app.server --bind $(HOST):$(PORT) --processes $(WORKERS)

# A random secret key made once, readable by its owner only; the environment's DJANGO_SECRET_KEY wins over it.
var/secret_key: | venv
	@mkdir -p var
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(48))' > $@.tmp && mv $@.tmp $@
	@echo "made var/secret_key (DJANGO_SECRET_KEY of make run)"

test: venv db static
	@$(WITH_DB) rc=0; $(PY) -m pytest $(ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "ERROR: pytest collected no tests (exit 5)." >&2; fi; \
	exit $$rc

bench: seed
	@$(WITH_DB) $(PY) -m bench $(ARGS)

SOAK_SECONDS     ?= 600
SOAK_CONNECTIONS ?= 64

soak: seed
	@$(WITH_DB) $(PY) -m bench.soak --seconds $(SOAK_SECONDS) --connections $(SOAK_CONNECTIONS)

# --- backups (root: pgBackRest runs as postgres) -----------------------------------------------

TYPE            ?= incr
TARGET_TIME     ?=
RESTORE_CLUSTER ?=
RESTORE_PORT    ?=
RESTORE_MEDIA   ?=
IN_PLACE        ?= 0

backup-setup: db
	@bash scripts/backup.sh setup

backup: backup-setup
	@bash scripts/backup.sh backup $(TYPE)

backup-info: os-packages
	@bash scripts/backup.sh info

restore: os-packages
	@bash scripts/backup.sh restore $(if $(TARGET_TIME),--target-time "$(TARGET_TIME)") \
	  $(if $(RESTORE_CLUSTER),--to-cluster "$(RESTORE_CLUSTER)") $(if $(RESTORE_PORT),--port "$(RESTORE_PORT)") \
	  $(if $(RESTORE_MEDIA),--media-dir "$(RESTORE_MEDIA)") $(if $(filter 1,$(IN_PLACE)),--in-place)

# --- cleaning ----------------------------------------------------------------------------------

# Removes the install stamp and var/ (stopping a private cluster in var/pgdata first).
# The Debian cluster (/var/lib/postgresql) is never touched.
clean:
	@if [ -f var/pgdata/postmaster.pid ]; then \
	  v=$$(cat var/pgdata/PG_VERSION); echo "stopping private cluster var/pgdata"; \
	  /usr/lib/postgresql/$$v/bin/pg_ctl -D var/pgdata -w stop -m fast || true; \
	fi
	rm -rf var/ $(STAMP)

distclean: clean
	rm -rf $(VENV)
