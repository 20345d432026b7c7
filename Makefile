# Patterns of Growth. `make` or `make help` lists the targets.
PYTHON ?= python3
# Where `make data` copies the source files from; unset means the publishers' official URLs.
export AIGROWTH_DATA_MIRROR ?=
# Renderer for `make report`: auto (Quarto when on PATH, else the offline renderer), quarto or offline.
RENDERER ?= auto

.DEFAULT_GOAL := help
.PHONY: help install data check numbers test test-fast report refreeze test-render bench clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  %-11s %s\n", $$1, $$2}'

install: ## Install the pinned Python packages and this project's packages
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt

data: ## Fill data/raw from the AIGROWTH_DATA_MIRROR folder or the official URLs, checking checksums
	$(PYTHON) -m aigrowth fetch

check: ## Load and validate every source in data/raw, build the merged table, print a summary
	$(PYTHON) -m aigrowth check

numbers: ## Print every headline number of the report as JSON
	$(PYTHON) -m aigrowth numbers

test: ## Run the whole test suite (the README's test command)
	$(PYTHON) -m pytest -q

test-fast: ## Run the tests that need no browser and no render
	$(PYTHON) -m pytest -q -m "not browser and not render"

report: ## Build the site and PDFs into _site/ (RENDERER=auto|quarto|offline); installs what is missing
	@$(PYTHON) -c "import qmdrender" 2>/dev/null || $(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PYTHON) -m qmdrender ensure-deps
	$(PYTHON) -m qmdrender build --renderer $(RENDERER)

refreeze: ## Execute every chapter again (offline), fetching the data first if needed, then build
	@$(PYTHON) -c "import qmdrender" 2>/dev/null || $(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PYTHON) -m qmdrender ensure-deps
	$(PYTHON) -m qmdrender build --renderer offline --force

test-render: ## Run the render, browser and PDF tests (builds the fixture and the report once)
	$(PYTHON) -m pytest -q tests/test_render.py tests/test_browser.py tests/test_pdf.py

bench: ## Print load/merge, build, page-weight, PDF-size and memory benchmarks
	$(PYTHON) bench/run_all.py

clean: ## Remove build outputs (keeps data/raw and _freeze)
	rm -rf _site .quarto .bench
