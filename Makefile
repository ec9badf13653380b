PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every package .venv gets is pinned in requirements.lock, compiled from pyproject.toml.
LOCK := requirements.lock
PIP_VERSION := 26.3
PIP_TOOLS := pip-tools>=7.4,<8

.PHONY: install settings-table demo test lint typecheck migrations-check unit bench clean lock lock-upgrade lock-check

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'pip==$(PIP_VERSION)'
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## lock: recompile requirements.lock from pyproject.toml (pins that still fit are kept)
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'pip==$(PIP_VERSION)' '$(PIP_TOOLS)'
	$(BIN)/python scripts/lock.py write

## lock-upgrade: recompile requirements.lock with the newest versions pyproject.toml allows
lock-upgrade:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'pip==$(PIP_VERSION)' '$(PIP_TOOLS)'
	$(BIN)/python scripts/lock.py write --upgrade

## lock-check: fail when pyproject.toml's dependencies changed since requirements.lock was compiled
lock-check:
	$(PYTHON) scripts/lock.py check

## settings-table: rewrite README.md's settings table from bot.config.SETTINGS
settings-table: $(STAMP)
	$(BIN)/python -m bot.settings_doc README.md

## demo: run On Record on the example articles with embedded defaults
demo: $(STAMP)
	$(BIN)/onrecord demo

lint: $(STAMP)
	$(BIN)/ruff check bot store tests benchmarks migrations scripts
	$(BIN)/ruff format --check bot store tests benchmarks migrations scripts

typecheck: $(STAMP)
	$(BIN)/mypy

migrations-check: $(STAMP)
	./scripts/check_migrations.sh

unit: $(STAMP)
	./scripts/with_postgres.sh $(BIN)/python -m pytest -q

## test: check the lock, lint, type-check, check migrations, run the whole suite (SQLite and PostgreSQL)
test: lock-check lint typecheck migrations-check unit

bench: $(STAMP)
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/extract_speed.py
	$(BIN)/python benchmarks/compare_speed.py
	$(BIN)/python benchmarks/ack_latency.py
	./scripts/with_postgres.sh $(BIN)/python benchmarks/history_scale.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
