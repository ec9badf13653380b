PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint typecheck migrations-check unit bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## demo: run On Record on the example articles with embedded defaults
demo: $(STAMP)
	$(BIN)/onrecord demo

lint: $(STAMP)
	$(BIN)/ruff check bot store tests benchmarks migrations
	$(BIN)/ruff format --check bot store tests benchmarks migrations

typecheck: $(STAMP)
	$(BIN)/mypy

migrations-check: $(STAMP)
	./scripts/check_migrations.sh

unit: $(STAMP)
	./scripts/with_postgres.sh $(BIN)/python -m pytest -q

## test: lint, type-check, check migrations, run the whole test suite (SQLite and PostgreSQL)
test: lint typecheck migrations-check unit

bench: $(STAMP)
	$(BIN)/python benchmarks/extract_speed.py
	$(BIN)/python benchmarks/compare_speed.py
	$(BIN)/python benchmarks/ack_latency.py
	./scripts/with_postgres.sh $(BIN)/python benchmarks/history_scale.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
