# Kinerja — the two commands: `make demo` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
UV = $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
TEST_ENV = DJANGO_SETTINGS_MODULE=config.settings.test DJANGO_ALLOW_ASYNC_UNSAFE=true

.PHONY: help setup demo serve test test-unit test-pg test-browser lint typecheck bench messages clean

help:
	@echo "make demo   set up, load the demo regency (Kabupaten Sukamaju) and serve http://$(HOST):$(PORT)"
	@echo "make test   set up and run every test (SQLite; PostgreSQL when DATABASE_URL is set; browser)"
	@echo "make bench  benchmarks (not part of make test)"
	@echo "make lint   ruff + mypy"

.venv/.synced: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.copied: node_modules/.installed scripts/vendor_assets.sh
	./scripts/vendor_assets.sh
	@touch $@

locale/.compiled: $(wildcard locale/*/LC_MESSAGES/*.po) .venv/.synced
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	@touch $@

setup: .venv/.synced static/vendor/.copied locale/.compiled

demo: setup
	env -u DATABASE_URL $(MANAGE) migrate --noinput -v 0
	env -u DATABASE_URL $(MANAGE) seed_demo
	env -u DATABASE_URL $(MANAGE) seed_demo_cycle
	env -u DATABASE_URL $(MANAGE) seed_demo_evaluation
	env -u DATABASE_URL $(MANAGE) collectstatic --noinput -v 0
	@echo "Serving Kinerja on http://$(HOST):$(PORT)  (Ctrl-C to stop)"
	env -u DATABASE_URL $(MANAGE) db_worker --queue-name default >/tmp/kinerja-worker.log 2>&1 & \
	  worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  env -u DATABASE_URL .venv/bin/gunicorn config.wsgi:application --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile -

test: setup
	$(MAKE) --no-print-directory test-unit
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then $(MAKE) --no-print-directory test-pg; \
	  else echo "DATABASE_URL is not PostgreSQL: PostgreSQL run skipped"; fi
	$(MAKE) --no-print-directory test-browser

test-unit:
	@echo "== unit and integration tests on SQLite =="
	env -u DATABASE_URL $(TEST_ENV) .venv/bin/pytest -m "not browser" -n 2 -q

test-pg:
	@echo "== unit and integration tests on PostgreSQL ($${DATABASE_URL%%@*}@…) =="
	$(TEST_ENV) KINERJA_EXPECT_POSTGRES=1 .venv/bin/pytest -m "not browser" -n 2 -q

test-browser:
	@echo "== browser tests (Playwright + Debian chromium) =="
	env -u DATABASE_URL $(TEST_ENV) .venv/bin/pytest -m browser -q

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy kinerja

messages: .venv/.synced
	$(MANAGE) makemessages -l id -l en --ignore=.venv --ignore=node_modules --ignore=static/vendor --no-obsolete
	$(MANAGE) makemessages -d djangojs -l id -l en --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=staticfiles --no-obsolete

bench: setup
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf .venv node_modules static/vendor staticfiles db.sqlite3* locale/.compiled
