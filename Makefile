# The two commands of the README:  `make demo` (the main job) and `make test` (what CI runs).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: all setup toolchain demo test lint snapshot-update clean

all: test

# One stamp per install so a fresh clone sets itself up and a warm one skips it.
$(VENV)/.installed: pyproject.toml package.json package-lock.json
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	# `npm ci` rejects a lock without every platform's optional CLI binary; install honours the lock.
	npm install --no-fund --no-audit --loglevel=error
	touch $@

setup: toolchain $(VENV)/.installed

# uuid-ossp and pgcrypto are compiled on the first server start (kit/stack/extensions/). As root
# on Debian, install the compiler and headers if they are missing; otherwise this does nothing
# (and a missing one is named, with the command, when the server starts).
toolchain:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! { command -v gcc >/dev/null \
	  && [ -f /usr/include/openssl/evp.h ] && [ -f /usr/include/crypt.h ] \
	  && [ -f /usr/include/zlib.h ]; }; then \
	  apt-get update -qq && apt-get install -y gcc libssl-dev libcrypt-dev zlib1g-dev; fi

demo: setup
	$(BIN)/kit lint
	$(BIN)/kit stack up
	$(BIN)/kit stack status
	$(BIN)/kit generate
	$(BIN)/kit verify

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/kit lint

# pytest exits 5 when it collects nothing; that is not a failure of the suite.
test: lint
	$(BIN)/kit generate --check
	$(BIN)/pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

# Re-record the normalized console snapshots after an intended change to what users see.
snapshot-update: setup
	KIT_SNAPSHOT_UPDATE=1 $(BIN)/pytest -q tests/verify/test_cli.py

clean:
	-$(BIN)/kit stack down
	rm -rf .kit
