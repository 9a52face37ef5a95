# Musrenbang Anak Digital. `make run` serves the demo; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

LOCK := requirements/lock.txt
LOCK_TOOLS := .lock-tools

.PHONY: install lock setup run test test-unit test-e2e chromium services pdf-libs lint format \
	messages bench perf-deps drills audit smoke-prod clean

## The exact tested versions, with hashes (requirements/lock.txt: every
## dependency of pyproject.toml with its test, production and bench extras),
## then the portal itself without resolving anything again.
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## Regenerate the lock after changing the dependencies in pyproject.toml
## (pip-tools in its own venv; pins still allowed by pyproject.toml are kept:
## `make lock LOCK_ARGS=--upgrade` moves everything to the newest allowed).
## Then `make install`, run the tests, and commit both files together.
lock:
	test -x $(LOCK_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_TOOLS) && \
		$(LOCK_TOOLS)/bin/python -m pip install --quiet pip-tools==7.7.0; }
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile --quiet \
		--generate-hashes --allow-unsafe --strip-extras \
		--extra test --extra production --extra bench \
		--no-emit-index-url --no-emit-find-links $(LOCK_ARGS) -o $(LOCK) pyproject.toml

messages: install
	$(MANAGE) compile_translations

setup: install messages
	@$(MAKE) --no-print-directory pdf-libs || echo "(Only the KLA evidence PDF needs them; everything else works without.)"
	$(MANAGE) migrate --noinput
	$(MANAGE) load_wilayah
	$(MANAGE) seed_demo

## Serve the demo over ASGI (daphne: HTTP and websockets) at http://127.0.0.1:8000
run: setup
	$(MANAGE) runserver $(HOST):$(PORT)

## Debian's Chromium for the browser tests (never `playwright install`).
chromium:
	@if [ -x /usr/bin/chromium ]; then \
		true; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's Chromium at /usr/bin/chromium."; \
		echo "Install it with:  sudo apt-get install chromium   and run make test again."; \
		exit 1; \
	fi

## Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432, superuser `postgres`
## without a password, the `musrenbang` role and database) for the tests that
## need real servers, on the SQLite run too: left alone when they answer,
## started when installed, installed from Debian's packages when missing and
## root, otherwise one sentence saying what to install (tests/services.sh).
services:
	@bash tests/services.sh redis postgres

test-unit: services
test-e2e: services

## Debian's libraries WeasyPrint needs for the KLA evidence PDF, and local fonts.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libs:
	@missing=""; for pkg in $(PDF_LIBS); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then \
		true; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing$$missing for the PDF..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "The evidence PDF needs Debian's$$missing."; \
		echo "Install them with:  sudo apt-get install$$missing"; \
		exit 1; \
	fi

test-unit: install messages pdf-libs
	$(BIN)/pytest -m "not e2e" -p no:playwright -n 2 --dist loadfile

test-e2e: install messages chromium pdf-libs
	$(BIN)/pytest -m e2e tests/e2e

## Every test: unit and integration first, then the browser journeys
## (pytest-playwright keeps an event loop running, so they run on their own).
test: test-unit test-e2e

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmark on PostgreSQL (not a test): data set, gunicorn as deployed, load,
## figures written to docs/PERFORMANCE.md. Options: the top of tests/perf/run_bench.sh
bench: install
	bash tests/perf/run_bench.sh $(BENCH_ARGS)

## gunicorn and httpx (the bench and production extras) for the drills, the
## audit and smoke-prod: they are in the lock, so `make install` brings them.
perf-deps: install

## Fault drills (not tests): PostgreSQL restarted under load, Redis stopped during
## live updates, backup and restore; on their own PostgreSQL cluster and Redis
## server (free loopback ports). Figures in docs/RELIABILITY.md.
drills: perf-deps messages
	$(BIN)/python tests/perf/run_drills.py $(DRILL_ARGS)

## Page weight of /usulan/ and Lighthouse (npm, Debian's Chromium) on the demo
## site under production settings. Figures appended to docs/PERFORMANCE.md.
audit: perf-deps messages chromium
	@if command -v npm >/dev/null 2>&1; then \
		true; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's nodejs and npm for Lighthouse..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	else \
		echo "make audit needs npm (Lighthouse): sudo apt-get install nodejs npm"; \
		exit 1; \
	fi
	$(BIN)/python tests/perf/audit.py $(AUDIT_ARGS)

## The production recipe on loopback: nginx (TLS, static, media, /ws/) in front of
## two gunicorn workers and daphne, PostgreSQL, Redis; a short journey through it.
smoke-prod: perf-deps messages
	bash tests/perf/smoke_prod.sh

clean:
	rm -rf $(VENV) $(LOCK_TOOLS) staticfiles .test_media .test_private_media
