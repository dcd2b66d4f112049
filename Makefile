# Two entry points: `make run` (install, prepare model + index, serve) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint prepare clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and pinned: the local CPU build; anything looser pulls a multi-GB CUDA wheel.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

prepare: install
	$(BIN)/policyqa model prepare
	$(BIN)/policyqa ingest

run: prepare
	$(BIN)/policyqa serve

lint: install
	$(BIN)/ruff check .

test: install lint
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
