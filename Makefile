# Every target sets itself up: a local virtual environment with the pinned dependencies.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SETUP  := pyproject.toml build_tools/site/indexer_install.py
# `make site` installs only what the site needs; `make test` everything (both locks are hashed).
SITE_STAMP := $(VENV)/.installed-site-$(shell cat requirements/runtime.lock $(SETUP) | cksum | cut -d' ' -f1)
DEV_STAMP  := $(VENV)/.installed-dev-$(shell cat requirements/dev.lock $(SETUP) | cksum | cut -d' ' -f1)
NODE_STAMP := tests/js/node_modules/.installed

.PHONY: setup hooks site site-zensical test lint bench bench-full fuzz serve clean schema

define install
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(1)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m build_tools.site.indexer_install
	rm -f $(VENV)/.installed-$(2)-*
	touch $@
endef

$(SITE_STAMP): requirements/runtime.lock $(SETUP)
	$(call install,requirements/runtime.lock,site)

$(DEV_STAMP): requirements/dev.lock $(SETUP)
	$(call install,requirements/dev.lock,dev)

$(NODE_STAMP): tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## setup: only set up the development tools (.venv with the pinned dependencies)
setup: $(DEV_STAMP)

## hooks: install pre-commit (from the development lock) and register the hooks in .git
hooks: $(DEV_STAMP)
	$(BIN)/pre-commit install

## site: validate every monograph, build the clinicians' site and the JSON export into site/
site: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict

## site-zensical: the same site built by Zensical 0.0.73 instead of mkdocs (a development dependency)
site-zensical: $(DEV_STAMP)
	$(BIN)/python -m build_tools.zensical

## test: the whole test suite (lint, types, unit, fixtures, golden, site, export, browser)
test: $(DEV_STAMP) $(NODE_STAMP)
	$(BIN)/ruff check build_tools tests
	$(BIN)/mypy
	$(BIN)/python -m pytest

## serve: live preview at http://127.0.0.1:8000, reloading when a monograph changes
serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve

## bench: performance figures (load, validate, render, site build, export)
bench: $(DEV_STAMP)
	$(BIN)/python -m build_tools.bench

bench-full: $(DEV_STAMP)
	$(BIN)/python -m build_tools.bench --full

## fuzz: longer property-based fuzzing of the loader, validator and renderer, and 20,000 model-driven monographs that must build (about 25 min)
fuzz: $(DEV_STAMP)
	FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest tests/test_fuzz.py -p no:cacheprovider

schema: $(SITE_STAMP)
	$(BIN)/monographs schema

clean:
	rm -rf site .cache .generated-docs .zensical.yml
