# make run    - create .venv if needed, execute every notebook top to bottom, write figures/, README tables, docs and slides
#              (run and test set NOTEBOOK_UNATTENDED: no progress bars, no live widgets in stored outputs)
# Another Python environment (conda, say): give its folder, e.g. `make test VENV=$CONDA_PREFIX`;
# the same targets then run with its python, jupyter and pytest (pip checks the pins once).
# make test   - lint, unit tests, then nbval on the stored notebooks (figures go to a temporary folder)
# make robust - every notebook as a person runs it (bars, live explorers) with another seed on a simulated
#              other machine, into a temporary folder
# make bench  - timing benchmarks (prints ratios, writes benchmarks/results.json)
# make lab    - JupyterLab on the notebooks, to read, change and re-run them (progress bars and live explorers on)
# make browser - JupyterLab driven in headless Chromium (tests/browser; needs apt chromium chromium-driver)
# make slides - the notebooks' slideshow (their cells' slide types, stored outputs and saved figures) as decks, in
#              seconds: figures/slides.pdf, figures/slides.pptx and figures/slides/<notebook>.slides.html, whose
#              reveal.js comes from node_modules/ (npm ci when missing); build outputs, not tracked
# MNIST: set MNIST_NPZ=/path/to/mnist.npz where keras cannot download it (relative paths work too).

PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

ifdef MNIST_NPZ
override MNIST_NPZ := $(abspath $(MNIST_NPZ))
export MNIST_NPZ
endif

# make robust: the seed papermill gives every notebook (one the claims sweep did not measure:
# benchmarks/claims_sweep.py uses 0, 3, 7, 13 and 24), and the simulated other machine
# (XLA code for AVX instead of AVX2 with FMA, 8 intra-op threads instead of one per core).
ROBUST_SEED ?= 5
ROBUST_MACHINE ?= XLA_FLAGS=--xla_cpu_max_isa=AVX TF_NUM_INTRAOP_THREADS=8

.PHONY: run figures slides test unit nbval robust lint bench lab browser clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

run: $(BIN)/.installed
	cd notebooks && for nb in $(notdir $(NOTEBOOKS)); do \
		echo "executing $$nb"; \
		NOTEBOOK_UNATTENDED=1 $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=1800 $$nb || exit 1; \
	done
	$(BIN)/python -m utils.report.tables
	$(BIN)/python -m utils.report.slides

figures: run

# reveal.js and what its template loads, pinned by package-lock.json, for the HTML decks to open offline.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

slides: $(BIN)/.installed node_modules/.package-lock.json
	$(BIN)/python -m utils.report.slides

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check utils tests benchmarks

unit: $(BIN)/.installed
	$(BIN)/python -m pytest tests

# The stored notebooks are executed afresh and compared with their stored outputs; whatever they
# save goes to a temporary folder (FIGURES_DIR), so the tracked figures stay as they are.
nbval: $(BIN)/.installed
	out=$$(mktemp -d) && trap 'rm -rf "$$out"' EXIT && \
	NOTEBOOK_UNATTENDED=1 FIGURES_DIR=$$out $(BIN)/python -m pytest --nbval notebooks --nbval-sanitize-with tests/nbval_sanitize.cfg \
		--nbval-cell-timeout=1800 --nbval-current-env

# Executes each notebook with papermill into a temporary folder (executed copies, figures and
# results), with ROBUST_SEED and ROBUST_MACHINE, as a person runs it: NOTEBOOK_UNATTENDED unset
# (progress bars on) and JPY_SESSION_NAME set as a Jupyter server sets it (live explorers built).
# Fails on the first cell that fails (an assert whose claim does not hold), and on an executed
# copy without its bars and explorers or with output on stderr (tests/robust_outputs.py).
# The folder is removed on success and kept, and named, on failure.
robust: $(BIN)/.installed
	out=$$(mktemp -d) && \
	for nb in $(notdir $(basename $(NOTEBOOKS))); do \
		echo "robust: $$nb with SEED=$(ROBUST_SEED), $(ROBUST_MACHINE)"; \
		env -u NOTEBOOK_UNATTENDED $(ROBUST_MACHINE) JPY_SESSION_NAME=$$nb.ipynb FIGURES_DIR=$$out \
			$(BIN)/papermill notebooks/$$nb.ipynb $$out/$$nb.ipynb \
			-p SEED $(ROBUST_SEED) --cwd notebooks -k python3 --no-progress-bar --log-level WARNING \
			--execution-timeout 1800 && \
		$(BIN)/python tests/robust_outputs.py $$out/$$nb.ipynb \
			|| { echo "robust: $$nb failed; executed copy and outputs kept in $$out" >&2; exit 1; }; \
	done && rm -rf "$$out" && echo "robust: all notebooks passed"

test: lint unit nbval

# For a person: NOTEBOOK_UNATTENDED is unset, so trainings show progress bars and the explorers are live.
# --allow-root only when run as root (JupyterLab refuses root otherwise).
lab: $(BIN)/.installed
	cd notebooks && env -u NOTEBOOK_UNATTENDED $(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root)

# tests/browser (marker `browser`, left out of `make unit`); -s shows the screenshots' paths.
browser: $(BIN)/.installed
	$(BIN)/python -m pytest tests/browser -m browser -s

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run_all.py
	$(BIN)/python -m utils.report.tables

clean:
	rm -rf .venv .pytest_cache .ruff_cache node_modules
