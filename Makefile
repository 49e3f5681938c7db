# Two commands on a fresh machine: `make reports` and `make test`. Everything else is set up on
# demand: a tool venv holding uv (.tools), then the project venv (.venv) synced from uv.lock, then
# the project's Jupyter kernel installed *inside* .venv, so notebooks run on this interpreter
# whatever kernels the machine (or the user's home) has.
SHELL := /bin/bash
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.synced
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: setup reports test check lint lab bench validate claims clean lock

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

# Re-sync only when the lock or the project metadata changed. Bytecode is compiled at install
# time: where PYTHONDONTWRITEBYTECODE is set, Python would otherwise recompile pandas, matplotlib
# and papermill from source in every process (each kernel, each worker: seconds each).
$(STAMP): $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --extra test --quiet --compile-bytecode
	$(PY) -m compileall -q src/helpers >/dev/null
	$(PY) -m ipykernel install --sys-prefix --name taliban-tracker --display-name "Python (taliban-tracker)" >/dev/null
	touch $(STAMP)

setup: $(STAMP)

reports: $(STAMP)
	$(VENV)/bin/taliban-tracker build

# Everything (CI runs this through .ci/run): lint, format check, the whole suite on two workers
# (one shared build of the reports, kept in one worker: see tests/conftest.py).
test: $(STAMP)
	$(VENV)/bin/ruff check src tests notebooks benchmarks
	$(VENV)/bin/ruff format --check src tests notebooks benchmarks
	$(VENV)/bin/taliban-tracker validate --strict
	$(PY) -m pytest -n 2 --dist loadgroup

# The fast in-process tests (no kernel): seconds, for every edit.
check: $(STAMP)
	$(PY) -m pytest -q -n 2 -m "not slow and not browser" -p no:cacheprovider

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix src tests notebooks benchmarks
	$(VENV)/bin/ruff format src tests notebooks benchmarks

validate: $(STAMP)
	$(VENV)/bin/taliban-tracker validate

claims: $(STAMP)
	$(VENV)/bin/taliban-tracker claims

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

bench: $(STAMP)
	$(PY) benchmarks/run.py

# Update the lock after editing dependencies in pyproject.toml.
lock: $(UV)
	$(UV) lock

clean:
	rm -rf $(VENV) $(TOOLS) .cache .pytest_cache .ruff_cache
