# Musrenbang Anak Digital. `make run` serves the demo; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install setup run test test-unit test-e2e chromium lint format messages bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(MANAGE) compile_translations

setup: install messages
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

test-unit: install messages
	$(BIN)/pytest -m "not e2e" -p no:playwright

test-e2e: install messages chromium
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

clean:
	rm -rf $(VENV) staticfiles .test_media .test_private_media
