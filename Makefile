# The README's two commands: `make brief` and `make test`.
# Both create (or reuse) the virtual environment in $(VENV) and install the project into it;
# the install is redone only when pyproject.toml or constraints.txt change.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARGS   ?=

KERNEL := h200-brief

.PHONY: setup brief test lab kernel notebook-filter clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@$(MAKE) --no-print-directory kernel notebook-filter
	@touch $@

## Register the Jupyter kernel "h200-brief" (this environment's Python) for this environment,
## which its JupyterLab prefers, and for the user, so a JupyterLab started elsewhere finds it.
## (`brief run` never looks it up: it always runs the notebooks with its own interpreter.)
kernel:
	@$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
	@$(BIN)/python -m ipykernel install --user --name $(KERNEL) --display-name "Python ($(KERNEL))"

## Keep notebook outputs out of git: .gitattributes routes *.ipynb through the "nbstripout"
## filter, defined here (relative to the checkout, so each worktree uses its own .venv). Besides
## outputs and execution counts it drops what a re-run adds to the notebook's language_info.
NOTEBOOK_VOLATILE_KEYS := $(addprefix metadata.language_info.,codemirror_mode file_extension mimetype nbconvert_exporter pygments_lexer version)
notebook-filter:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '$(VENV)/bin/python -m nbstripout --keep-id' && \
	  git config filter.nbstripout.smudge cat && \
	  git config filter.nbstripout.extrakeys '$(NOTEBOOK_VOLATILE_KEYS)' && \
	  git config diff.ipynb.textconv '$(VENV)/bin/python -m nbstripout --keep-id -t' && \
	  echo "git filter nbstripout installed: notebooks are committed without outputs"; \
	fi

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

## Open the notebooks in JupyterLab with the project's environment (and kernel).
## Options through ARGS, e.g. make lab ARGS="--no-browser --port 8899". Root needs --allow-root.
lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS) notebooks/

clean:
	rm -rf build report/_output data/processed/*.parquet data/processed/_manifest.json
