# The README's two commands: `make brief` and `make test`.
# Both create (or reuse) the virtual environment in $(VENV) and install the project into it;
# the install is redone only when pyproject.toml or constraints.txt change.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARGS   ?=

.PHONY: setup brief test lab clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $@

## Execute every notebook with papermill and render report/_output/brief.{html,pdf}.
brief: $(STAMP)
	$(BIN)/brief run $(ARGS)

## The weekly job: refresh every source with a connector, run, publish, archive the edition.
## `brief weekly` exits 3 when it published with stale sources; make can only exit 0 or 2, so
## 3 counts as success here and report/_output/weekly-status.json says which sources were stale.
.PHONY: weekly
weekly: $(STAMP)
	$(BIN)/brief weekly $(ARGS) || test $$? -eq 3

## Run the test suite.
test: $(STAMP)
	$(BIN)/python -m pytest $(ARGS)

## Open the notebooks in JupyterLab with the project's environment.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf build report/_output data/processed/*.parquet data/processed/_manifest.json
