# Every target sets itself up: a local virtual environment with the pinned dependencies.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV   ?= .venv
BIN    := $(VENV)/bin
SETUP  := requirements.lock pyproject.toml build_tools/site/indexer_install.py
STAMP  := $(VENV)/.installed-$(shell cat $(SETUP) | cksum | cut -d' ' -f1)
NODE_STAMP := tests/js/node_modules/.installed

.PHONY: site test lint bench bench-full fuzz serve clean schema

$(STAMP): $(SETUP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m build_tools.site.indexer_install
	rm -f $(VENV)/.installed-*
	touch $@

$(NODE_STAMP): tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## site: validate every monograph, build the clinicians' site and the JSON export into site/
site: $(STAMP)
	$(BIN)/mkdocs build --strict

## test: the whole test suite (lint, types, unit, fixtures, golden, site, export, browser)
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check build_tools tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

## serve: live preview at http://127.0.0.1:8000, reloading when a monograph changes
serve: $(STAMP)
	$(BIN)/mkdocs serve

## bench: performance figures (load, validate, render, site build, export)
bench: $(STAMP)
	$(BIN)/python -m build_tools.bench

bench-full: $(STAMP)
	$(BIN)/python -m build_tools.bench --full

## fuzz: longer property-based fuzzing of the loader, validator and renderer
fuzz: $(STAMP)
	FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest tests/test_fuzz.py -p no:cacheprovider

schema: $(STAMP)
	$(BIN)/monographs schema

clean:
	rm -rf site .cache
