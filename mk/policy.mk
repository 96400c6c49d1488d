# Policy as code: policy/policy.toml is checked like code, locally and in CI
# (.github/workflows/policy.yml runs the same targets).

POLICY        ?= policy/policy.toml
POLICY_SCHEMA ?= policy/policy.schema.json
POLICY_FORMAT ?= text
QSCAN         ?= cargo run -q -p qscan-cli --no-default-features --

.PHONY: policy-check policy-schema policy-schema-check policy-explain policy-test policy-bench

policy-check: ## validate policy/policy.toml: every error with file:line:col and a hint, exit 1 on error
	$(QSCAN) policy check --format $(POLICY_FORMAT) $(POLICY)

policy-schema: ## regenerate policy/policy.schema.json from the policy types
	$(QSCAN) policy schema > $(POLICY_SCHEMA).tmp && mv $(POLICY_SCHEMA).tmp $(POLICY_SCHEMA)

policy-schema-check: ## fail when policy/policy.schema.json is stale (fix: make policy-schema)
	$(QSCAN) policy schema | diff -u $(POLICY_SCHEMA) - || { echo "$(POLICY_SCHEMA) is stale: run make policy-schema" >&2; exit 1; }

policy-explain: ## what the policy decides for FUNCTION=<name|arn> (ARGS="--account .. --region .. --tag k=v")
	@test -n "$(FUNCTION)" || { echo "usage: make policy-explain FUNCTION=<name|arn> [ARGS=...]" >&2; exit 2; }
	$(QSCAN) policy explain --policy $(POLICY) --function "$(FUNCTION)" $(ARGS)

policy-test: ## tests of the policy engine and the qscan CLI (fixtures, schema, explain)
	cargo test -p qscan-policy -p qscan-cli

policy-bench: ## criterion benchmark: decisions per second for a 1,000-rule policy
	cargo bench -p qscan-policy --bench decide
