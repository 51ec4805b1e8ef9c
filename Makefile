# Two commands on a fresh machine: `make site` and `make test`.
# Both set up a virtual environment from the pinned requirements.lock first.
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW ?= data/raw

.PHONY: site test serve import pages edition golden lint format workflows bench node chromium clean mutation

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

## Build the whole site into site/ from the committed tables in data/.
## Built beside it first: a failed build leaves the last good site/ as it was.
site: $(STAMP)
	$(BIN)/python -m build_data pages
	rm -rf build/site.new
	$(BIN)/mkdocs build --strict --site-dir "$(CURDIR)/build/site.new"
	rm -rf build/site.old
	if [ -d site ]; then mv site build/site.old; fi
	mv build/site.new site
	rm -rf build/site.old

## Publish the committed data as the edition for its newest year (2018-19) on the
## local gh-pages branch with mike: <edition>/, latest/ and the root redirecting
## to it. Earlier editions on the branch are never touched. Nothing is pushed.
edition: $(STAMP)
	$(BIN)/python -m build_data edition

## Preview the site at http://127.0.0.1:8000/
serve: site
	$(BIN)/mkdocs serve

## Re-import every raw table from $(RAW) into data/ (checked; writes nothing on error).
import: $(STAMP)
	$(BIN)/python -m build_data import --raw $(RAW)

## Every generated paragraph of every page, into tests/golden/paragraphs.md (commit it).
golden: $(STAMP)
	$(BIN)/python -m build_data golden

lint: $(STAMP)
	$(BIN)/ruff check build_data bench tests
	$(BIN)/ruff format --check build_data bench tests

format: $(STAMP)
	$(BIN)/ruff format build_data bench tests
	$(BIN)/ruff check --fix build_data bench tests

## The GitHub Actions workflows, checked by the tools made for them: zizmor
## (unpinned actions, excessive permissions, credential persistence, template
## injection; offline) and the workflow JSON schema. zizmor runs as its "auditor"
## persona: the default one hides a workflow-level `permissions: write-all`.
WORKFLOW_DIR ?= .github/workflows
workflows: $(STAMP)
	$(BIN)/zizmor --offline --no-progress --persona auditor $(WORKFLOW_DIR)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows $(WORKFLOW_DIR)/*.yml

## Debian's chromium for the browser tests (as root, or through sudo).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

## Every test: lint, unit and property tests, the site build, browser tests.
test: $(STAMP) chromium workflows
	$(BIN)/ruff check build_data bench tests
	$(BIN)/ruff format --check build_data bench tests
	$(BIN)/python -m pytest -n 2

## Mutation testing (not part of `make test`: it takes long on two cores). mutmut mutates the
## analysis stage and the import checks ([tool.mutmut] in pyproject.toml) in a copy under
## mutants/ and writes the mutants no test killed to bench/mutation.md. Run it before handing
## in work on those modules; keep survivors at zero or explain each in that file.
MUTMUT_CHILDREN ?= 2
mutation: $(STAMP)
	$(BIN)/mutmut run --max-children $(MUTMUT_CHILDREN) || true
	$(BIN)/python -m bench.mutation bench/mutation.md

NODE_STAMP := bench/node_modules/.installed

## Lighthouse for the bench, pinned in bench/package-lock.json, into bench/node_modules
## (git-ignored). `make test` never needs it.
$(NODE_STAMP): bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

node: $(NODE_STAMP)

## The whole bench; `.venv/bin/python -m bench --only lighthouse` runs only the phone part
## (Lighthouse and chart text size) on the built site/.
bench: site $(NODE_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf site build docs/index.md docs/forces docs/drugs docs/data docs/assets/generated
