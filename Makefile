# Two entry points: `make run` (install, prepare model + index, serve) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint prepare clean system-deps

# Debian packages: what the browser tests need (headless Chromium, CJK fonts), the readers
# of Word 97-2003 .doc files (antiword, catdoc as its fallback) and the OCR of scanned PDF
# pages (Tesseract with its Simplified Chinese model, ~7 MB with its libraries); root installs them.
SYSTEM_PACKAGES := chromium fonts-noto-cjk antiword catdoc tesseract-ocr tesseract-ocr-chi-sim

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and pinned: the local CPU build; anything looser pulls a multi-GB CUDA wheel.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	# sentence-transformers' OpenVINO backend; its run-time needs are pinned in pyproject.toml,
	# its declared torchvision (a CUDA torch, or a broken `import transformers`) is left out.
	$(BIN)/pip install --quiet --no-deps optimum-intel==2.2.0
	touch $(STAMP)

install: $(STAMP)

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else echo "install as root:$$missing (browser tests, .doc files and OCR of scanned PDFs need them)"; exit 1; fi; \
	fi

prepare: install
	$(BIN)/policyqa model prepare
	$(BIN)/policyqa ingest

run: prepare
	$(BIN)/policyqa serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: install system-deps lint
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .import_linter_cache
