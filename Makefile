# Backprop by Hand: the two commands a newcomer needs are `make lab` and
# `make test`. Everything runs from a virtual environment in .venv that
# the first command creates (Python 3.10+ is the only prerequisite).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

# Keep Jupyter's and matplotlib's runtime files inside the project, so a
# test run neither reads nor litters the user's home directory.
RUNTIME := $(CURDIR)/.jupyter-test
export JUPYTER_CONFIG_DIR := $(RUNTIME)/config
export JUPYTER_DATA_DIR := $(RUNTIME)/data
export JUPYTER_RUNTIME_DIR := $(RUNTIME)/runtime
export IPYTHONDIR := $(RUNTIME)/ipython
export MPLCONFIGDIR := $(RUNTIME)/mpl

NBVAL := -p nbval --nbval --nbval-current-env --nbval-cell-timeout=60 \
	--nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help install lab test test-unit test-notebooks lint notebooks \
	clean bench bench-widgets assign-generate assign-grade assign-validate \
	assign-notebooks

help:
	@echo "make lab        create .venv, install, open the series in JupyterLab"
	@echo "make test       run every test (unit, ledger, notebooks)"
	@echo "make lint       ruff, 79 columns"
	@echo "make notebooks  re-execute every notebook in place"
	@echo "make bench      one training step, nnlib against PyTorch"
	@echo "make bench-widgets  explorer redraw times against full redraws"
	@echo "make assign-generate  student versions of the graded course"
	@echo "make assign-grade     grade assignments/submitted: feedback, CSV"
	@echo "make assign-validate NB=notebook.ipynb  check one student's work"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

lab: $(STAMP)
	unset JUPYTER_CONFIG_DIR JUPYTER_DATA_DIR JUPYTER_RUNTIME_DIR \
		IPYTHONDIR; \
	$(VENV)/bin/jupyter lab $(LAB_ROOT) \
		notebooks/01-setup-and-notation.ipynb

# Jupyter refuses to run as root unless told; containers often are root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

test: $(STAMP)
	$(PY) -m pytest -p no:nbval tests
	$(PY) -m pytest $(NBVAL) notebooks
	$(PY) -m pytest $(NBVAL) assignments/source

test-unit: $(STAMP)
	$(PY) -m pytest -p no:nbval tests

test-notebooks: $(STAMP)
	$(PY) -m pytest $(NBVAL) notebooks
	$(PY) -m pytest $(NBVAL) assignments/source

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Re-execute every notebook in place, in order, after nnlib changes.
notebooks: $(STAMP)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=60 \
		--ExecutePreprocessor.store_widget_state=False \
		--ExecutePreprocessor.record_timing=False \
		notebooks/*.ipynb
	$(PY) tools/tidy_notebooks.py notebooks/*.ipynb

# nnlib's training step against PyTorch (see benchmarks/README.md). Some
# machines set OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE for old OpenBLAS
# builds; they slow a current numpy, so this command alone unsets both.
bench: $(STAMP)
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
		$(PY) benchmarks/bench_step.py $(BENCH_ARGS)

# Time from an explorer control's new value to its finished redraw,
# per explorer, against a full matplotlib redraw (goal: median < 50 ms).
bench-widgets: $(STAMP)
	$(PY) benchmarks/bench_widgets.py $(WIDGET_BENCH_ARGS)

# The nbgrader course (README, "Instructors"). ASSIGNMENT=forward limits
# generate and grade to one assignment; all four by default.
assign-generate: $(STAMP)
	$(PY) assignments/course.py generate $(ASSIGNMENT)

assign-grade: $(STAMP)
	$(PY) assignments/course.py grade $(ASSIGNMENT)

assign-validate: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make assign-validate NB=x.ipynb"; \
		exit 2; }
	$(PY) assignments/course.py validate $(NB)

# Re-execute the source notebooks in place after editing them.
assign-notebooks: $(STAMP)
	for a in assignments/source/*/; do \
		(cd $$a && $(CURDIR)/$(VENV)/bin/jupyter nbconvert --to notebook \
		--execute --inplace --ExecutePreprocessor.timeout=60 \
		--ExecutePreprocessor.record_timing=False *.ipynb) \
		|| exit 1; done

clean:
	rm -rf $(RUNTIME) artifacts .pytest_cache
