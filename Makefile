# Everything lives in .venv at the repository root; each target installs what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The real benchmark files beside the checkout, when present (CI and developer machines have them);
# elsewhere the benchmarks download their data with checksums.
DATA_DIR := $(abspath $(wildcard ../shared/data))
DATA_ENV := $(if $(DATA_DIR),MATHBENCH_DATA_DIR=$(DATA_DIR))
DEMO_DB ?= .demo/mathbench.duckdb
TORCH_VERSION ?= 2.13.0

.PHONY: install demo test lint perf clean

# torch first, pinned: 2.13.0 is a CPU build (a few hundred MB); left to itself, the hf extra's
# `torch>=2.4` would pull the newest CUDA build (several GB) that no test here needs.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==$(TORCH_VERSION)
	$(BIN)/python -m pip install --quiet -e '.[all,dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(DATA_ENV) $(BIN)/mathbench run cmath --split dev --model llama-cpp:smollm2 \
		--limit 2 --stratify grade --max-tokens 256 --db $(DEMO_DB)
	$(BIN)/mathbench report --db $(DEMO_DB) --html $(dir $(DEMO_DB))report.html --force
	@echo "The report, with figures and every response: $(abspath $(dir $(DEMO_DB))report.html) (open it in a browser)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(DATA_ENV) $(BIN)/python -m pytest

perf: $(STAMP)
	$(DATA_ENV) $(BIN)/python tests/perf/perf_llama_cpp.py
	$(DATA_ENV) $(BIN)/python tests/perf/perf_checker.py
	$(DATA_ENV) $(BIN)/python tests/perf/perf_symbolic.py
	$(DATA_ENV) $(BIN)/python tests/perf/perf_review.py
	$(DATA_ENV) $(BIN)/python tests/perf/perf_hf.py
	$(DATA_ENV) $(BIN)/python tests/perf/perf_openai.py
	$(DATA_ENV) $(BIN)/python tests/perf/perf_backends.py
	$(DATA_ENV) $(BIN)/python tests/perf/perf_store.py

clean:
	rm -rf $(VENV) .demo .mypy_cache .ruff_cache .pytest_cache
