# KKR Monitor — `make run` sets everything up and serves the app; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
KKR := $(BIN)/kkr
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR := kkrmonitor/static/vendor

.PHONY: run test install static lint clean bench bench-load

run: install static
	KKR_DEBUG=$${KKR_DEBUG:-1} $(KKR) migrate --noinput
	KKR_DEBUG=$${KKR_DEBUG:-1} $(KKR) seed_defaults
	@# The background worker ("Hent nu" on indicators) runs beside the server and stops with it.
	KKR_DEBUG=$${KKR_DEBUG:-1} $(KKR) db_worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	KKR_DEBUG=$${KKR_DEBUG:-1} $(KKR) runserver $(HOST):$(PORT)

test: install static
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Ruff, mypy (django-stubs; configuration in pyproject.toml) and no model change without its
# migration. The test settings supply the secret key, so no var/ or KKR_* variables are needed.
lint: install
	$(BIN)/ruff check kkrmonitor tests
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=kkrmonitor.settings_test DATABASE_URL=sqlite://:memory: \
		$(KKR) makemigrations --check --dry-run

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "KKR Monitor needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Copy the pinned npm packages' dist files into static; no front-end build step.
static: $(VENDOR)/.copied

$(VENDOR)/.copied: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/dkfds/fonts/IBMPlexSans $(VENDOR)/htmx $(VENDOR)/chartjs
	cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/js node_modules/dkfds/dist/img $(VENDOR)/dkfds/
	cp -r node_modules/dkfds/dist/fonts/IBMPlexSans/complete $(VENDOR)/dkfds/fonts/IBMPlexSans/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map $(VENDOR)/chartjs/
	touch $@

# Benchmarks and the load run (bench/README.md). Needs Debian's wrk and postgresql; what is
# missing is named with its apt-get line, and the run records what it could not measure.
# Quick run: make bench BENCH_ARGS="--scale small"
bench: install static
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@command -v wrk >/dev/null || echo "bench: wrk missing; install it with: apt-get install -y wrk"
	@ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || echo "bench: PostgreSQL missing; install it with: apt-get install -y postgresql"
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-load: install static
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/load.py $(BENCH_LOAD_ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles .pytest_cache
