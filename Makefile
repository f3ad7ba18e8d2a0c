# Casefile: `make run` starts the app, `make test` runs the tests; both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-slow bench lint screenshots clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Casefile needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@sh scripts/system-deps.sh
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/casefile gui

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports pyproject.toml
	$(BIN)/mypy casefile
	# The app's tests in a process of their own: each frees its widgets' garbage with a full
	# collection, which costs three times as much over the core tests' caches as without.
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider --ignore=tests/ui
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider tests/ui
	$(BIN)/python scripts/check_wheel.py

# Tests that take minutes (a whole 100,000-row import, killed and run again): CI runs them.
test-slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider -m slow

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports pyproject.toml
	$(BIN)/mypy casefile

screenshots: $(STAMP)
	QT_QPA_PLATFORM=xcb xvfb-run -a $(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info
