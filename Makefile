# palette.aws developer entry points. Every target builds what it needs on a fresh machine:
# a .venv from the requirement files and a link that makes this checkout the collection palette.aws.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
REQS := requirements.txt test-requirements.txt
STAMP := $(VENV)/.installed-$(shell cat $(REQS) | sha1sum | cut -c1-12)
LINK := .collections/ansible_collections/palette/aws
PYTEST_WORKERS ?= 2

export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.collections
export ANSIBLE_HOME := $(CURDIR)/build/ansible-home
export ANSIBLE_LOCAL_TEMP := $(CURDIR)/build/ansible-home/tmp
export PATH := $(BIN):$(PATH)

.PHONY: help venv collection test lint sanity pytest molecule emulator demo bench clean

help:
	@echo "make demo      run the main job end to end on the local Palette emulator + moto"
	@echo "make test      everything CI runs: lint, ansible-test sanity, pytest (unit, emulator, integration), molecule"
	@echo "make emulator  start moto + the Palette emulator in the foreground"
	@echo "make bench     print the benchmark table (never fails on machine speed)"

$(STAMP): $(REQS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt -r test-requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

$(LINK):
	@mkdir -p $(dir $(LINK)) && ln -sfn ../../.. $(LINK)

collection: venv $(LINK)

lint: collection
	$(BIN)/ruff check .
	$(BIN)/yamllint -s .
	$(BIN)/ansible-lint --offline

sanity: collection
	hack/sanity.sh

pytest: collection
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) tests

molecule: collection
	@if ls extensions/molecule/*/molecule.yml >/dev/null 2>&1; then hack/molecule.sh; else echo "no molecule scenarios"; fi

test: lint sanity pytest molecule

emulator: collection
	cd tests && $(BIN)/python -m palette_emulator --with-moto --port $${PALETTE_EMULATOR_PORT:-8765}

demo: collection
	hack/demo.sh

bench: collection
	$(BIN)/python tests/bench/run.py

clean:
	rm -rf build .collections .pytest_cache .ruff_cache tests/output
