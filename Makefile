# Patterns of Growth. `make` or `make help` lists the targets.
PYTHON ?= python3
# Where `make data` copies the source files from; unset means the publishers' official URLs.
export AIGROWTH_DATA_MIRROR ?=
# Renderer for `make report`: auto (Quarto when on PATH, else the offline renderer), quarto or offline.
RENDERER ?= auto

.DEFAULT_GOAL := help
# The site's JavaScript: plotly.js bundles built from the npm packages in package-lock.json.
NPM ?= npm
BUNDLES := report/assets/plotly/plotly-charts.min.js

.PHONY: help install assets data check numbers test test-fast lint report refreeze test-render bench clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  %-11s %s\n", $$1, $$2}'

install: ## Install the pinned Python packages (requirements.lock) and this project's packages
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt

# The pinned packages (requirements.lock) that are missing or at another version, as name==version.
define MISSING_PACKAGES
import re
from importlib import metadata
wanted = re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", open("requirements.lock", encoding="utf-8").read(), re.M)
def have(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
missing = [f"{name}=={version}" for name, version in wanted if have(name) != version]
try:
    import aigrowth, qmdrender  # noqa: F401  (this project's own packages, installed editable)
except ImportError:
    missing.append("this project (py/aigrowth, py/qmdrender)")
print(" ".join(missing))
endef
export MISSING_PACKAGES

assets: $(BUNDLES) ## Install the pinned npm packages and build the site's plotly.js bundles

$(BUNDLES): package.json package-lock.json report/assets/plotly-bundles.mjs
	$(NPM) ci --no-audit --no-fund
	$(NPM) run --silent build

data: ## Fill data/raw from the AIGROWTH_DATA_MIRROR folder or the official URLs, checking checksums
	$(PYTHON) -m aigrowth fetch

check: ## Load and validate every source in data/raw, build the merged table, print a summary
	$(PYTHON) -m aigrowth check

numbers: ## Print every headline number of the report as JSON
	$(PYTHON) -m aigrowth numbers

test: assets ## Run the whole test suite (the README's test command)
	$(PYTHON) -m pytest -q

test-fast: ## Run the tests that need no browser and no render
	$(PYTHON) -m pytest -q -m "not browser and not render"

lint: ## Lint, check the formatting of and type-check py/ (ruff, mypy; settings in pyproject.toml)
	$(PYTHON) -m ruff check py
	$(PYTHON) -m ruff format --check py
	$(PYTHON) -m mypy

report: assets ## Build the site and PDFs into _site/ (RENDERER=auto|quarto|offline); installs what is missing
	@missing="$$($(PYTHON) -c "$$MISSING_PACKAGES")"; if [ -n "$$missing" ]; then \
	  echo "Installing what is missing: $$missing"; \
	  $(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt; fi
	$(PYTHON) -m qmdrender ensure-deps
	$(PYTHON) -m qmdrender build --renderer $(RENDERER)

refreeze: assets ## Execute every chapter again (offline), fetching the data first if needed, then build
	$(PYTHON) -m qmdrender ensure-deps
	$(PYTHON) -m qmdrender build --renderer offline --force

test-render: assets ## Run the render, browser and PDF tests (builds the fixture and the report once)
	$(PYTHON) -m pytest -q tests/test_render.py tests/test_browser.py tests/test_pdf.py

bench: assets ## Print load/merge, build, page-weight, Lighthouse, PDF-size and memory benchmarks
	@[ -d bench/node_modules ] || $(NPM) ci --prefix bench --no-audit --no-fund
	$(PYTHON) bench/run_all.py

clean: ## Remove build outputs (keeps data/raw and _freeze)
	rm -rf _site .quarto .bench report/assets/plotly
