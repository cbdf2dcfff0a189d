# Every target sets up .venv itself from a lock file, so a fresh clone needs only
# `make build` or `make test`. Two locks per engine, each with hashes (make lock):
# the runtime lock (what a build needs) and the development lock (the runtime pins plus
# the test, lint and type tools). `make build` installs the runtime lock, `make test`
# the development lock.
PYTHON ?= python3
# The site engine: MkDocs (the default) or ProperDocs, its maintained fork with the same
# build code (README, "Engines"). Each has its own virtual environment and lock; every
# target below runs under the chosen one: make build ENGINE=properdocs.
ENGINE ?= mkdocs
ENGINES := mkdocs properdocs
ifeq ($(filter $(ENGINE),$(ENGINES)),)
$(error ENGINE must be one of: $(ENGINES))
endif
VENV_mkdocs := .venv
VENV_properdocs := .venv-properdocs
VENV := $(VENV_$(ENGINE))
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# `make test` compares both engines' sites (tests/build/test_engines.py): it sets up both.
RUNTIME_STAMPS := $(foreach engine,$(ENGINES),$(VENV_$(engine))/.installed)
DEV_STAMPS := $(foreach engine,$(ENGINES),$(VENV_$(engine))/.installed-dev)
# make lock resolves with uv, pinned here and installed in a folder of its own, so the
# locks can be written from a fresh clone, before any environment exists.
UV_VERSION := 0.13.9
UV := .venv-uv/bin/uv
LOCK_FLAGS := --generate-hashes --python-version 3.11 --quiet
NODE_STAMP := tests/browser/node_modules/.installed
# The web editor's bundle (Decap CMS), pinned in tools/cms and served from /admin/.
CMS_STAMP := tools/cms/node_modules/.installed
# Reproducible output: the date of the last commit, or a fixed date outside git.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1700000000)
export SOURCE_DATE_EPOCH
# Material prints an end-of-life banner on every build; the README explains the pin.
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve editeur check test test-fast new import bench audit clean lock lettre

$(VENV_mkdocs)/.installed: requirements.lock
$(VENV_properdocs)/.installed: requirements-properdocs.lock
$(VENV_mkdocs)/.installed-dev: requirements-dev.lock
$(VENV_properdocs)/.installed-dev: requirements-properdocs-dev.lock
# Material for MkDocs requires MkDocs: with its dependencies, pip would bring MkDocs back
# beside ProperDocs. The ProperDocs locks are complete without it.
$(VENV_properdocs)/.installed $(VENV_properdocs)/.installed-dev: PIP_FLAGS := --no-deps
# A lock with hashes puts pip in --require-hashes mode: every package is checked. The
# development lock holds every runtime pin, so its environment serves a build too.
$(RUNTIME_STAMPS) $(DEV_STAMPS): pyproject.toml
	$(PYTHON) -m venv $(@D)
	$(@D)/bin/python -m pip install --quiet --upgrade pip
	$(@D)/bin/python -m pip install --quiet $(PIP_FLAGS) -r $(filter %.lock,$^)
	$(@D)/bin/python -m pip install --quiet --no-deps -e .
	touch $@ $(if $(filter %.installed-dev,$@),$(@D)/.installed)

$(CMS_STAMP): tools/cms/package.json tools/cms/package-lock.json
	npm ci --silent --no-audit --no-fund --ignore-scripts --prefix tools/cms
	touch $@

# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the tests use
# the machine's Java (.ci/run installs it).
$(NODE_STAMP): tests/browser/package.json tests/browser/package-lock.json
	npm ci --silent --no-audit --no-fund --ignore-scripts --prefix tests/browser
	touch $@

## check: validate content/ and print every problem (exit 1 on any error)
check: $(STAMP)
	$(PY) scripts/check.py content

## build: validate, then build the site into site/ (strict: any warning stops it)
# No --quiet: it raises MkDocs' log level above WARNING, so strict mode's warning
# counter never sees a warning (the plugin lowers it back, see plugin.BouquetPlugin.on_config).
build: $(STAMP) $(CMS_STAMP)
	$(PY) -m $(ENGINE) build --strict --clean

## serve: live preview on http://127.0.0.1:8000/
serve: $(STAMP) $(CMS_STAMP)
	$(PY) -m $(ENGINE) serve

## editeur: the web editor on this computer (decap-server in fs mode: writes only what the editor saves, no git), on http://127.0.0.1:8000/admin/
editeur: $(STAMP) $(CMS_STAMP)
	$(PY) scripts/editeur.py

## lettre: the next letter (content/lettres/<date>.md): dry run; LETTRE_ARGS=--write writes lettres-a-envoyer/<date>/lettre.html and lettre.txt
lettre: $(STAMP)
	$(PY) scripts/lettre.py $(LETTRE_ARGS)

## new: create content/experiences/<slug>.md (asks for what is missing; or NEW_ARGS='--title "…" --theme …')
new: $(STAMP)
	$(PY) scripts/new.py $(NEW_ARGS)

## import: import experiences from a spreadsheet or a Bouquet site's open data, dry run unless --write (IMPORT_ARGS='fichier.csv [--write] [--date AAAA-MM-JJ]')
import: $(STAMP)
	$(PY) scripts/import_experiences.py $(IMPORT_ARGS)

## test: every test (unit, build, browser; browser tests skip without Chromium; ruff, mypy, lint-imports), both engines' sites compared
test: $(DEV_STAMPS) $(NODE_STAMP) $(CMS_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

## test-fast: unit tests only
test-fast: $(DEV_STAMP)
	$(PY) -m pytest -m "not slow and not build and not browser" $(PYTEST_ARGS)

$(UV):
	$(PYTHON) -m venv .venv-uv
	.venv-uv/bin/python -m pip install --quiet uv==$(UV_VERSION)

## lock: re-resolve the four locks from pyproject.toml (pins kept where the ranges allow): runtime, then development on the runtime pins, then both for ProperDocs on the same pins
lock: $(UV)
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.lock
	$(UV) pip compile pyproject.toml --extra dev --constraints requirements.lock $(LOCK_FLAGS) -o requirements-dev.lock
	$(UV) pip compile pyproject.toml --extra properdocs --excludes requirements-properdocs.exclude \
	  --constraints requirements.lock $(LOCK_FLAGS) -o requirements-properdocs.lock
	$(UV) pip compile pyproject.toml --extra dev --extra properdocs --excludes requirements-properdocs.exclude \
	  --constraints requirements-dev.lock $(LOCK_FLAGS) -o requirements-properdocs-dev.lock

clean:
	rm -rf site .cache test-artifacts .mypy_cache .import_linter_cache

## audit: check that the built site lost nothing (pages, listings, feeds, index, sitemap)
audit: $(STAMP)
	$(PY) scripts/audit.py --site site --content content

## bench: build-time benchmark of our pipeline against Hugo and stock Material (BENCH_COUNT=1000 BENCH_RUNS=3); its peers (hugo, psutil) come from the development lock
BENCH_COUNT ?= 1000
BENCH_RUNS ?= 3
bench: $(DEV_STAMP) $(CMS_STAMP)
	$(PY) scripts/bench.py --count $(BENCH_COUNT) --runs $(BENCH_RUNS)
