# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format migrate demo clean lock

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): on Debian/Ubuntu install python3-venv first (sudo apt install python3-venv)."; rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs come from the lock files only: exact versions, every file checked against its hash.
# Re-install only when a lock file changes.
PIP_LOCKED := $(BIN)/python -m pip install --quiet --require-hashes --no-deps -r

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(PIP_LOCKED) requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(BIN)/python
	$(PIP_LOCKED) requirements-dev.lock
	@touch $@ $(VENV)/.installed

# Regenerate the lock files from pyproject.toml after changing a dependency there. Versions
# already locked are kept while they still satisfy pyproject.toml; `make lock UPGRADE=1` moves
# every package to its newest allowed version. The files hold every platform's hashes, for
# Python 3.11 and newer, so one lock serves laptops, CI and the image.
UV_COMPILE = $(BIN)/python -m uv pip compile pyproject.toml --universal --python-version 3.11 \
	--generate-hashes --quiet --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet 'uv>=0.5,<1'
	$(UV_COMPILE) --output-file requirements.lock
	$(UV_COMPILE) --extra dev --output-file requirements-dev.lock

migrate: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The background worker (workbook previews and imports) runs beside the web server and stops with it.
run: demo
	@echo "Open http://$(HOST):$(PORT)/ and log in with the demo login above (Ctrl+C stops the server)."
	$(BIN)/python manage.py db_worker --interval 0.5 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
