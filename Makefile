# Two commands from a fresh clone: `make demo` and `make test`.
# Each creates .venv if it is missing and installs what it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test fuzz mutate lint bench clean chromium xmllint neo4j

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

# xmllint (Debian's libxml2-utils) checks the GraphML and GEXF exports against their
# schemas; installed like chromium, and those tests skip and say why without it.
xmllint:
	@command -v xmllint >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's libxml2-utils for the schema tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null; \
	  else echo "xmllint not found and cannot be installed here: schema tests will skip"; fi; }

# Neo4j's Cypher front end (an npm package) checks every Cypher statement in the tests.
tools/cypher-lint/node_modules: tools/cypher-lint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd tools/cypher-lint && npm ci --no-audit --no-fund --loglevel=error && touch node_modules; \
	else echo "npm not found: the Cypher checks will skip"; fi

# A real Neo4j 5 Community server for the live tests (tools/neo4j/): Maven fetches the
# jars once into ~/.m2 (later runs stay offline) and javac builds the launcher. Without
# java, javac or mvn this says so and the live tests skip, saying why.
NEO4J := tools/neo4j
$(NEO4J)/classpath.txt: $(NEO4J)/pom.xml
	@if command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then \
	  echo "Fetching the Neo4j 5 jars with Maven (once)..."; \
	  cd $(NEO4J) && { mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=classpath.tmp >/dev/null 2>&1 \
	    || mvn -B -q dependency:build-classpath -Dmdep.outputFile=classpath.tmp; } \
	  && mv classpath.tmp classpath.txt \
	  || echo "Maven could not fetch the Neo4j jars: the live Neo4j tests will skip, saying so"; \
	else echo "java or mvn not found: the live Neo4j tests will skip"; fi

# Neo4j's cypher-shell, to run the scripts of `export cypher` as a user would.
$(NEO4J)/shell/classpath.txt: $(NEO4J)/shell/pom.xml
	@if command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then \
	  cd $(NEO4J)/shell && { mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=classpath.tmp >/dev/null 2>&1 \
	    || mvn -B -q dependency:build-classpath -Dmdep.outputFile=classpath.tmp; } \
	  && mv classpath.tmp classpath.txt \
	  || echo "Maven could not fetch cypher-shell: the export cypher live test will skip"; fi

$(NEO4J)/classes/Neo4jLauncher.class: $(NEO4J)/Neo4jLauncher.java $(NEO4J)/classpath.txt
	@if [ -f $(NEO4J)/classpath.txt ] && command -v javac >/dev/null 2>&1; then \
	  javac -nowarn -cp "$$(cat $(NEO4J)/classpath.txt)" -d $(NEO4J)/classes $(NEO4J)/Neo4jLauncher.java \
	  || echo "The Neo4j launcher did not compile: the live Neo4j tests will skip, saying so"; fi

neo4j: $(NEO4J)/classes/Neo4jLauncher.class $(NEO4J)/shell/classpath.txt

# The suite runs beside a Neo4j server started (and stopped, pass or fail) by
# tests/neo4j_server.py, unless LCII_TEST_NEO4J_URI names one already.
test: $(VENV)/.installed-test chromium xmllint tools/cypher-lint/node_modules neo4j
	$(BIN)/ruff check .
	$(BIN)/python -m tests.neo4j_server -- $(BIN)/python -m pytest

# The long fuzzing run (make test runs a bounded one).
fuzz: $(VENV)/.installed-test
	LCII_FUZZ_EXAMPLES=$${LCII_FUZZ_EXAMPLES:-2000} $(BIN)/python -m pytest -p no:cacheprovider tests/test_fuzz.py tests/test_fuzz_readers.py tests/test_fuzz_analysis.py

# Mutation testing of the analyses and the cell parsers (tools/mutate.py): each small
# change to an operator or a constant must make a test fail. About 15 minutes on 2 cores;
# not part of `make test`. MUTATE_ARGS="lcii_graph/ingest/cells.py --jobs 1" narrows it.
mutate: $(VENV)/.installed-test
	$(BIN)/python tools/mutate.py $(MUTATE_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks.run --sizes S,M,L

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache exports/demo benchmarks/data
