# Two entry points, both self-contained on a fresh clone:
#   make demo   set up .venv and run the demo on the sample corpus
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,web]"
	# tilse is the reference TILSE scorer; its pinned requirements are ancient, so no deps.
	$(BIN)/python -m pip install -q --no-deps tilse==0.2.1
	touch $@

demo: $(BIN)/.installed
	$(BIN)/dateline demo --db demo.db

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm
