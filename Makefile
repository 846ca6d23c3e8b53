# The two commands of the quickstart: `make build`, then `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SOURCES := generator tests benchmarks

.PHONY: build check site documents editor serve test system-packages lint bench fuzz clean analyze examples

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

## build: create .venv, install, validate the example standards, render their sample documents, build site/
build: $(INSTALLED) check documents site editor

## check: validate standards/ (warnings fail too; overdue reviews are shown on the site instead)
check: $(INSTALLED)
	$(BIN)/playbook check --strict --ignore review-overdue --ignore certification-lapsed

## site: generate the pages and build site/ with MkDocs (strict)
site: $(INSTALLED)
	$(BIN)/playbook build

## editor: the schemas for the editor in build/schemas, and .vscode/settings.json mapping them to their folders
editor: $(INSTALLED)
	$(BIN)/playbook schemas build/schemas --vscode

## serve: the site at http://127.0.0.1:8000, rebuilt on every saved change
serve: $(INSTALLED)
	$(BIN)/playbook serve

## documents: fill every document with its sample deal into out/ (replacing earlier ones)
documents: $(INSTALLED) check
	$(BIN)/playbook render --samples --out out --force

## analyze: the example's KPIs, funnel and data audit from its CRM exports (a seeded year of КухняПро in examples/exports; exit 1 on its deliberate mistakes is expected)
analyze: $(INSTALLED)
	$(BIN)/playbook analyze --period 2026-11 --data deal=examples/exports/deals.csv --data lead=examples/exports/leads.csv \
		--data deal_history=examples/exports/deal-history.csv --data complaint=examples/exports/complaints.xls || [ $$? -eq 1 ]

## examples: write the example CRM exports again from their seed (the same bytes each time)
examples: $(INSTALLED)
	$(BIN)/python -m generator.analysis.sample examples/exports

## lint: ruff and mypy --strict
lint: $(INSTALLED)
	$(BIN)/ruff check --no-cache $(SOURCES)
	$(BIN)/ruff format --no-cache --check $(SOURCES)
	$(BIN)/mypy generator

## test: everything — lint, types, unit, data-driven cases, end-to-end (browser, LibreOffice)
test: system-packages lint
	$(BIN)/pytest

## system-packages: install the Debian packages the tests need (Chromium, LibreOffice, fonts, poppler)
system-packages:
	.ci/system-packages

## bench: every benchmark in benchmarks/, one table (also written to benchmarks/RESULTS.md)
bench: $(INSTALLED)
	$(BIN)/python benchmarks/run.py

## fuzz: the fuzzing test with many more examples than make test runs
fuzz: $(INSTALLED)
	PLAYBOOK_FUZZ_EXAMPLES=5000 $(BIN)/pytest tests/unit/test_fuzz.py

clean:
	rm -rf $(VENV) site build out .pytest_cache .mypy_cache .ruff_cache
