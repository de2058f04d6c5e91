# make run    - create .venv if needed, execute every notebook top to bottom, write figures/ and README tables
# make test   - lint, unit tests, then nbval on the stored notebooks
# make bench  - timing benchmarks (prints ratios, writes benchmarks/results.json)
# MNIST: set MNIST_NPZ=/path/to/mnist.npz where keras cannot download it (relative paths work too).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

ifdef MNIST_NPZ
override MNIST_NPZ := $(abspath $(MNIST_NPZ))
export MNIST_NPZ
endif

.PHONY: run figures test unit nbval lint bench clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

run: $(BIN)/.installed
	cd notebooks && for nb in $(notdir $(NOTEBOOKS)); do \
		echo "executing $$nb"; \
		../$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=1800 $$nb || exit 1; \
	done
	$(BIN)/python -m utils.report

figures: run

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check utils tests benchmarks

unit: $(BIN)/.installed
	$(BIN)/python -m pytest tests

nbval: $(BIN)/.installed
	$(BIN)/python -m pytest --nbval notebooks --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=1800 --nbval-current-env

test: lint unit nbval

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run_all.py
	$(BIN)/python -m utils.report

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
