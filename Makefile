# chemviz: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
THREEDMOL_VERSION := 2.5.5
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test test-fast lint bench loadtest syslibs clean

run: $(STAMP_RUN) static/3Dmol-min.js syslibs  ## set up and open the app on FreeSolv
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(STAMP_DEV) static/3Dmol-min.js syslibs  ## set up and run the whole suite, browser included
	$(BIN)/ruff check .
	$(BIN)/pytest

test-fast: $(STAMP_DEV)  ## unit and AppTest tests only
	$(BIN)/pytest -m "not browser and not slow"

lint: $(STAMP_DEV)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(STAMP_DEV) static/3Dmol-min.js  ## the performance table (not part of `make test`)
	$(BIN)/python -m benchmarks.bench

# A class of 1, 10 and 30 students on one server (about 15 minutes, loopback only,
# stops by itself); writes tests/load/results.json, which `make bench` reports.
loadtest: $(STAMP_DEV) static/3Dmol-min.js syslibs
	$(BIN)/python -m tests.load.loadtest --sessions 1 10 30

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(STAMP_DEV): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(STAMP_RUN)

# 3Dmol.js for offline 3D views, from the npm package (not committed). If npm
# or the registry is unavailable the app falls back to the public CDN.
static/3Dmol-min.js:
	@mkdir -p static
	@tmp=$$(mktemp -d) && \
	if (cd $$tmp && npm pack --silent 3dmol@$(THREEDMOL_VERSION) >/dev/null 2>&1 && \
	    tar -xzf 3dmol-$(THREEDMOL_VERSION).tgz package/build/3Dmol-min.js); then \
	  cp $$tmp/package/build/3Dmol-min.js $@ && echo "3Dmol.js $(THREEDMOL_VERSION) -> $@"; \
	else echo "note: could not fetch 3Dmol.js with npm; 3D views will load it from the CDN"; fi; \
	rm -rf $$tmp

# RDKit's drawing code needs these X libraries (packages.txt lists them for Community Cloud).
syslibs:
	@missing=""; for p in $$(cat packages.txt); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Missing system libraries:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else echo "Install them with: sudo apt-get install$$missing"; exit 1; fi; \
	fi

clean:
	rm -rf $(VENV) static/3Dmol-min.js .pytest_cache .ruff_cache
