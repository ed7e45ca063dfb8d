# Every target bootstraps .venv when it is missing or older than pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint bench i18n i18n-update screenshots installer clean-venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

I18N_TS := resources/i18n/riskmap_zh_CN.ts
I18N_QM := resources/i18n/riskmap_zh_CN.qm

# The .qm is built from the translated .ts, never edited by hand.
$(I18N_QM): $(I18N_TS) $(STAMP)
	$(BIN)/pyside6-lrelease -silent $(I18N_TS) -qm $(I18N_QM)

i18n: $(I18N_QM)

# Collect new and changed strings from the code into the .ts (then translate them there).
i18n-update: $(STAMP)
	$(BIN)/pyside6-lupdate -silent -no-obsolete -locations none $$(find riskmap/ui -name '*.py' | sort) -ts $(I18N_TS)
	$(BIN)/python tools/ts_fill.py $(I18N_TS)

run: $(STAMP) i18n
	$(BIN)/riskmap

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: lint i18n
	$(BIN)/python -m pytest

# rtree, the peer bench/query.py compares the index with, comes with the `bench` extra.
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) i18n
	$(BIN)/python bench/query.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/startup.py --big
	$(BIN)/python bench/brief.py
	$(BIN)/python bench/import.py
	$(BIN)/python bench/live.py

# PyInstaller comes with the `build` extra, installed once beside the test tools.
BUILD_STAMP := $(VENV)/.installed-build

$(BUILD_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,build]'
	touch $(BUILD_STAMP)

# The one-folder desktop bundle in dist/riskmap and its archive (build_installer.py --help).
installer: $(BUILD_STAMP) i18n
	$(BIN)/python build_installer.py

screenshots: $(STAMP) i18n
	$(BIN)/python docs/make_screenshots.py

clean-venv:
	rm -rf $(VENV)
