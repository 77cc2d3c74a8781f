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

# Packaging (packaging/README.md). `make dist` builds the desktop bundle for this platform with
# PyInstaller: here (Linux) dist/kring/ and dist/kring-VERSION-linux-ARCH.tar.gz with an install
# script. `make dist-test` builds it and runs the built program with the source tree out of
# reach (tests/packaging/test_bundle.py). The server-alone install test is part of `make test`.
VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"$$/\1/p' app/__init__.py)
TARBALL := dist/kring-$(VERSION)-linux-$(shell uname -m).tar.gz

.PHONY: dist dist-test icons distclean

dist: $(STAMP)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e ".[dev,dist]"
	rm -rf dist/kring build/pyinstaller
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/kring.spec
	packaging/linux/make-tarball.sh dist/kring $(TARBALL)
	@du -sh dist/kring $(TARBALL)

dist-test: dist
	@if command -v desktop-file-validate >/dev/null; then \
		desktop-file-validate packaging/linux/nl.kring.Kring.desktop && echo "desktop file valid"; \
	else echo "desktop-file-validate not installed: .desktop not validated"; fi
	@if command -v appstreamcli >/dev/null; then \
		appstreamcli validate --no-net packaging/linux/nl.kring.Kring.metainfo.xml; \
	else echo "appstreamcli not installed: metainfo not validated"; fi
	KRING_BUNDLE=dist/kring KRING_TARBALL=$(TARBALL) $(BIN)/python -m pytest -q \
		-p no:cacheprovider tests/packaging/test_bundle.py

# Re-render resources/icons/ from kring.svg (commit the result).
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/icons.py render

# What `make dist` made (the bundle, the tarball, PyInstaller's work folder).
distclean:
	rm -rf build dist
