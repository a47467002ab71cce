# Two commands matter: `make run` (set up and serve the demo) and `make test`.
# Both set everything up on a fresh machine and ask nothing.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Written into each buurtpunt's Wagtail Site when it is created: the port the
# sites are served on.
export SITE_PORT ?= $(PORT)

.PHONY: run test lint install migrate demo worker scheduler stop-db messages messages-check clean bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate_schemas --noinput -v 0

demo: migrate
	$(PY) manage.py seed_demo

# Serves the network site and the demo buurtpunten, with a worker and the
# scheduler beside the web server; Ctrl+C stops all three.
run: demo
	@echo ""
	@echo "  Network site:  http://localhost:$(PORT)/"
	@echo "  Buurtpunten:   http://beveren.localhost:$(PORT)/  http://zonnegem.localhost:$(PORT)/"
	@echo "  Mail is written to var/mail/"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --interval 1 --no-reload -v 0 & \
	$(PY) manage.py scheduler & \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(PY) manage.py db_worker --interval 1 --no-reload

scheduler: install
	$(PY) manage.py scheduler

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory messages-check

# Every interface string of the code is in the Dutch catalogue (needs gettext's xgettext).
messages-check: install
	$(PY) manage.py makemessages -l nl --no-location --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*' --ignore 'tests/*' -v 0
	git diff --exit-code -I 'POT-Creation-Date' -- locale/ || \
	  (echo "locale/nl is out of date: run 'make messages' and translate the new strings"; exit 1)

# Regenerate the Dutch catalogue from the code, then compile it.
messages: install
	$(PY) manage.py makemessages -l nl --no-location --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages -l nl --ignore '.venv/*'

bench: migrate
	$(PY) bench/provisioning.py

stop-db: install
	$(PY) -c "from pathlib import Path; from config.embedded_db import stop; print('stopped' if stop(Path('.').resolve()) else 'not running')"

clean: stop-db
	rm -rf var
