# Khabar: `make run` to chat, `make test` to check everything. Both set themselves up.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
EVAL   ?= tests/data/xquad.hi.dev.json

ifneq (,$(wildcard .env))
include .env
export
endif

.PHONY: run index test bench clean

$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[st,dev,postgres]'
	touch $@

## index: build the index from corpus/ (a no-op when nothing changed)
index: $(VENV)/.runtime
	$(PY) -m index build

## run: set up, refresh the index, start the bot — or the console chat without TELEGRAM_BOT_TOKEN
run: index
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then \
		exec $(PY) -m bot; \
	else \
		echo "TELEGRAM_BOT_TOKEN is not set: starting the console chat instead (see README to run the bot)." >&2; \
		exec $(PY) -m bot chat; \
	fi

## test: the whole suite, the real bundled model included
test: $(VENV)/.dev
	$(PY) -m pytest

## bench: speed against the naive pipeline and sentence-transformers, the engine on archives of 1,000 to
## 100,000 articles (about half an hour), then the bot under load
bench: $(VENV)/.dev index
	$(PY) -m index bench $(EVAL)
	$(PY) -m index bench --scale $(EVAL)
	$(PY) -m bot bench

clean:
	rm -rf $(VENV) data .pytest_cache
