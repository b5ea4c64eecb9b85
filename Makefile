# Two commands from a fresh clone: `make demo` and `make test`.
# Each creates .venv if it is missing and installs what it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test fuzz lint bench clean chromium

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "lcii-graph needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/lcii-graph demo

# The HTML tests run in Debian's chromium; install it when it is missing and we
# may (root, apt). Without it those tests skip and say why.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found and cannot be installed here: browser tests will skip"; fi; }

# Neo4j's Cypher front end (an npm package) checks every Cypher statement in the tests.
tools/cypher-lint/node_modules: tools/cypher-lint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd tools/cypher-lint && npm ci --no-audit --no-fund --loglevel=error && touch node_modules; \
	else echo "npm not found: the Cypher checks will skip"; fi

test: $(VENV)/.installed-test chromium tools/cypher-lint/node_modules
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The long fuzzing run (make test runs a bounded one).
fuzz: $(VENV)/.installed-test
	LCII_FUZZ_EXAMPLES=$${LCII_FUZZ_EXAMPLES:-2000} $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py tests/test_fuzz_analysis.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks.run --sizes S,M,L

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache exports/demo benchmarks/data
