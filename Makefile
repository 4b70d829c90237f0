# One task runner for everything. `make demo` and `make test` work on a fresh machine with Python >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-sqlite test-postgres test-e2e lint serve bench clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml package.json package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; else echo 'npm not found: charts will not be drawn (install Node.js to get ECharts)' >&2; fi
	touch $(STAMP)

demo: install
	$(BIN)/qingfeng demo

test: install
	bash scripts/test.sh

test-sqlite: install
	$(BIN)/pytest -m "not e2e"

test-postgres: install
	bash scripts/with-postgres.sh $(BIN)/pytest -m "not e2e"

test-e2e: install
	$(BIN)/pytest -m e2e

lint: install
	$(BIN)/ruff check qingfeng tests

serve: install
	$(BIN)/qingfeng serve

bench: install
	$(BIN)/qingfeng bench screening --scale 1

clean:
	rm -rf $(VENV) node_modules var
