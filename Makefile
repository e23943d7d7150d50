# The two commands a newcomer needs: `make demo` and `make test` (README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" != 0 ] && command -v sudo)

.PHONY: demo test test-floors bench lint install lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Installs come from the lock files (exact versions, hashes checked); Scribe itself goes on top
# without resolving anything again. `make lock` writes them anew after pyproject.toml changes.
LOCK := deploy/requirements.txt
TEST_LOCK := deploy/requirements-test.txt

$(VENV)/.installed: $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/pip install -q -r $(LOCK)
	$(BIN)/pip install -q --no-deps -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed $(TEST_LOCK)
	$(BIN)/pip install -q -r $(TEST_LOCK)
	@touch $@

install: $(VENV)/.installed

## Transcribe and summarize the sample meeting offline: no API key, no Redis, no network.
demo: $(VENV)/.installed
	OPENAI_API_KEY= $(BIN)/scribe process samples/standup.ogg

## The whole test suite, with a Redis server (a throwaway one unless SCRIBE_REDIS_URL is set).
test: $(VENV)/.installed-test
	@if [ -z "$$SCRIBE_REDIS_URL" ] && ! command -v redis-server >/dev/null 2>&1 \
		&& ! $(BIN)/python -c "import redis; redis.Redis(socket_timeout=1).ping()" 2>/dev/null; then \
		echo "redis-server not found: installing it with apt-get"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q redis-server; \
	fi
	$(BIN)/python -m pytest

## Speed and memory figures (see bench/README.md); never part of `make test`.
bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.run_all

lint: $(VENV)/.installed-test
	$(BIN)/ruff check core integrations bot worker scribe tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

## The lock files the images and CI install from (see README, Deploy), from pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install -q uv
	for extra in "" gpu test; do \
		$(BIN)/uv pip compile -q pyproject.toml $${extra:+--extra $$extra} --universal \
			--python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
			-o deploy/requirements$${extra:+-$$extra}.txt; \
	done
	$(BIN)/uv pip compile -q pyproject.toml --extra test --resolution lowest-direct \
		--python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
		-o deploy/requirements-floors.txt

## The suite on the floors of pyproject.toml: each direct dependency at the lowest version it
## allows (deploy/requirements-floors.txt), in .venv/floors. Not part of `make test`.
test-floors: $(BIN)/python
	$(PYTHON) -m venv $(VENV)/floors
	# --no-deps: the lock is complete, and pip's hash mode trips on arq's redis[hiredis].
	$(VENV)/floors/bin/pip install -q --no-deps -r deploy/requirements-floors.txt
	$(VENV)/floors/bin/pip check
	$(VENV)/floors/bin/pip install -q --no-deps -e .
	$(VENV)/floors/bin/python -m pytest \
		--deselect tests/deploy/test_locks.py::test_this_test_run_runs_on_what_the_test_lock_pins

clean:
	rm -rf $(VENV) build *.egg-info
