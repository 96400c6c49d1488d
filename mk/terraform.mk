# Terraform: format, validate, plan-level tests, emulator apply/destroy, checkov.
# Offline by default: the provider comes from TF_PLUGIN_MIRROR when that
# directory exists (a CLI config generated from terraform/cli/mirror.tfrc);
# otherwise terraform downloads hashicorp/aws as usual.

TF_DIR           ?= terraform
TF_PLUGIN_MIRROR ?= /opt/tf-plugins
CHECKOV_VENV     ?= $(TF_DIR)/.venv-checkov
CHECKOV_VERSION  ?= 3.3.30
CHECKOV          ?= $(CHECKOV_VENV)/bin/checkov
PYTHON3          ?= python3
# Run between apply and destroy by tf-apply-emulator: the pipeline through the
# resources Terraform created (needs `make venv` and `cargo build --workspace --bins`).
# EMULATOR_HOOK= (empty) runs the bare apply -> destroy cycle.
EMULATOR_HOOK    ?= $(TF_DIR)/tests/emulator/pipeline_run.sh
export TF_PLUGIN_MIRROR

.PHONY: tf-docs tf-docs-check tf-drift tf-fmt tf-fmt-fix tf-validate tf-test tf-apply-emulator tf-apply-emulator-hub-spoke tf-emulator-up tf-emulator-down checkov workflows-check terraform-test

tf-fmt: ## terraform fmt -check over terraform/ (no rewrite; tf-fmt-fix rewrites)
	. $(TF_DIR)/scripts/tf-env.sh && terraform fmt -check -recursive -diff $(TF_DIR)

tf-fmt-fix: ## rewrite terraform/ in canonical format
	. $(TF_DIR)/scripts/tf-env.sh && terraform fmt -recursive $(TF_DIR)

tf-docs: ## regenerate the Inputs/Outputs tables of the module READMEs
	$(PYTHON3) $(TF_DIR)/scripts/readme-tables.py $(wildcard $(TF_DIR)/modules/*)

tf-docs-check: ## fail when a module README table is stale
	$(PYTHON3) $(TF_DIR)/scripts/readme-tables.py --check $(wildcard $(TF_DIR)/modules/*)

tf-drift: ## fail when a layout's (or stack's) copy of a variable drifts from the module's, or a validation from the Rust list it mirrors
	$(PYTHON3) $(TF_DIR)/scripts/variables-drift.py --self-test

tf-validate: ## terraform init -backend=false + validate in every module and layout
	$(TF_DIR)/scripts/each-root.sh validate

tf-test: ## terraform test (mock_provider, no credentials) in every module and layout
	$(TF_DIR)/scripts/each-root.sh test

tf-apply-emulator: ## apply the single-account layout on its own moto, run the pipeline through it (EMULATOR_HOOK), destroy
	EMULATOR_HOOK='$(EMULATOR_HOOK)' $(TF_DIR)/scripts/emulator.sh cycle

tf-apply-emulator-hub-spoke: ## apply the spoke (account 222222222222) and hub layouts on moto, check the cross-account path, destroy
	$(TF_DIR)/scripts/emulator.sh hub-spoke

tf-emulator-up: ## start moto and apply the single-account layout, leave it running (env in terraform/.emulator/env)
	$(TF_DIR)/scripts/emulator.sh up

tf-emulator-down: ## destroy what tf-emulator-up applied and stop its moto
	$(TF_DIR)/scripts/emulator.sh down

$(CHECKOV):
	$(PYTHON3) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet 'checkov==$(CHECKOV_VERSION)'

checkov: $(CHECKOV) ## checkov over terraform/ and the workflows: zero failed checks, every skip justified inline
	BC_SKIP_MAPPING=TRUE $(CHECKOV) --quiet --compact --download-external-modules false \
	  -d $(TF_DIR) --framework terraform --skip-path .venv-checkov --skip-path .emulator
	BC_SKIP_MAPPING=TRUE $(CHECKOV) --quiet --compact -d .github/workflows --framework github_actions

workflows-check: ## parse every GitHub workflow (yaml.safe_load) and check the shapes we rely on
	$(PYTHON3) $(TF_DIR)/tests/check_workflows.py

terraform-test: tf-fmt tf-docs-check tf-drift tf-validate tf-test workflows-check checkov tf-apply-emulator tf-apply-emulator-hub-spoke ## all Terraform checks (called by make test)
