# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench setup clean translations proptest screenshots

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/kring

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

# The convergence property test with thousands of examples (minutes, not part of `make test`).
proptest: $(STAMP)
	KRING_HYPOTHESIS_PROFILE=long QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q \
		-p no:cacheprovider tests/sync/test_convergence.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks

translations: $(STAMP)
	$(BIN)/python tools/translations.py update

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# The main views at 1366×768 in Dutch and English, into screenshots/ (not committed). Uses
# Xvfb when it is installed (apt-get install xvfb libxcb-icccm4 libxcb-keysyms1), else offscreen.
screenshots: $(STAMP)
	rm -rf screenshots
	$(BIN)/python tools/screenshot.py screenshots
