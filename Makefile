# palette.aws developer entry points. Every target builds what it needs on a fresh machine:
# a .venv from the requirement files and a link that makes this checkout the collection palette.aws.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
REQS := requirements.txt test-requirements.txt
STAMP := $(VENV)/.installed-$(shell cat $(REQS) | sha1sum | cut -c1-12)
LINK := .collections/ansible_collections/palette/aws
PYTEST_WORKERS ?= 3

export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.collections
export ANSIBLE_HOME := $(CURDIR)/build/ansible-home
export ANSIBLE_LOCAL_TEMP := $(CURDIR)/build/ansible-home/tmp
export PATH := $(BIN):$(PATH)
# cryptography's DSA deprecation warning, printed by ansible-core on every command, is noise here
export PYTHONWARNINGS := ignore:DSA is deprecated

.PHONY: help venv collection test lint sanity pytest molecule smoke venvs emulator demo bench dist ee-context clean

help:
	@echo "make demo      run the main job end to end on the local Palette emulator + moto"
	@echo "make test      everything CI runs: lint, ansible-test sanity, pytest, molecule, smoke"
	@echo "make smoke     the smoke set on the lowest (2.16) and the newest ansible-core (part of make test)"
	@echo "make emulator  start moto + the Palette emulator in the foreground; prints what another shell needs"
	@echo "make dist      the release tarball, in build/dist/"
	@echo "make bench     print the benchmark table (never fails on machine speed)"

# The development tools (ansible-core 2.19, molecule, ansible-lint) need Python 3.11 or later.
$(STAMP): $(REQS)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' 2>/dev/null || { \
	  echo "make: $(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null \
	  || echo '(not found)'); the development venv needs Python 3.11 or later: make PYTHON=python3.11 ..." >&2; exit 1; }
	@test -x $(BIN)/python || { echo "creating $(VENV) (1-2 min, once)"; $(PYTHON) -m venv $(VENV); }
	@echo "installing requirements.txt + test-requirements.txt into $(VENV) (quiet)"
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
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --durations=25 tests

molecule: collection
	@if ls extensions/molecule/*/molecule.yml >/dev/null 2>&1; then hack/molecule.sh; else echo "no molecule scenarios"; fi

# ansible-core 2.16 (requires_ansible's lowest) and the newest on PyPI, each in its own venv under build/venvs/
venvs:
	hack/venvs.sh

smoke: collection
	hack/smoke.sh

test: lint sanity pytest molecule smoke

emulator: collection
	hack/emulator.sh

dist: venv
	rm -rf build/dist && $(BIN)/ansible-galaxy collection build --output-path build/dist .

# The execution environment's build context (offline; building the image needs podman or docker).
ee-context: venv dist
	$(BIN)/ansible-builder create -f extensions/ee/execution-environment.yml -c build/ee-context

demo: collection
	hack/demo.sh

bench: collection
	$(BIN)/python tests/bench/run.py

clean:
	rm -rf build .collections .pytest_cache .ruff_cache tests/output
