# Every target sets up .venv itself from the lock file, so a fresh clone needs only
# `make build` or `make test`.
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
# `make test` compares both engines' sites (tests/build/test_engines.py): it sets up both.
ENGINE_STAMPS := $(foreach engine,$(ENGINES),$(VENV_$(engine))/.installed)
NODE_STAMP := tests/browser/node_modules/.installed
# The web editor's bundle (Decap CMS), pinned in tools/cms and served from /admin/.
CMS_STAMP := tools/cms/node_modules/.installed
# Reproducible output: the date of the last commit, or a fixed date outside git.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1700000000)
export SOURCE_DATE_EPOCH
# Material prints an end-of-life banner on every build; the README explains the pin.
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve editeur check test test-fast new bench audit clean lock lettre

$(VENV_mkdocs)/.installed: requirements.lock
$(VENV_properdocs)/.installed: requirements-properdocs.lock
# Material for MkDocs requires MkDocs: with its dependencies, pip would bring MkDocs back
# beside ProperDocs. The ProperDocs lock is complete without it.
$(VENV_properdocs)/.installed: PIP_FLAGS := --no-deps
$(ENGINE_STAMPS): pyproject.toml
	$(PYTHON) -m venv $(@D)
	$(@D)/bin/python -m pip install --quiet --upgrade pip
	$(@D)/bin/python -m pip install --quiet $(PIP_FLAGS) -r $(filter %.lock,$^)
	$(@D)/bin/python -m pip install --quiet --no-deps -e .
	touch $@

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
# counter never sees a warning (the hooks lower it back, see site_hooks.on_config).
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

## test: every test (unit, build, browser; browser tests skip without Chromium), both engines' sites compared
test: $(ENGINE_STAMPS) $(NODE_STAMP) $(CMS_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

## test-fast: unit tests only
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not build and not browser" $(PYTEST_ARGS)

## lock: re-resolve requirements.lock from pyproject.toml, then the ProperDocs lock with the same pins
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra properdocs --excludes requirements-properdocs.exclude \
	  --constraints requirements.lock --python-version 3.11 -o requirements-properdocs.lock

clean:
	rm -rf site .cache test-artifacts

## audit: check that the built site lost nothing (pages, listings, feeds, index, sitemap)
audit: $(STAMP)
	$(PY) scripts/audit.py --site site --content content

## bench: build-time benchmark of our pipeline against stock Material (BENCH_COUNT=1000 BENCH_RUNS=3)
BENCH_COUNT ?= 1000
BENCH_RUNS ?= 3
bench: $(STAMP) $(CMS_STAMP)
	$(PY) scripts/bench.py --count $(BENCH_COUNT) --runs $(BENCH_RUNS)
