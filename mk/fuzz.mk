# Property tests, run long: `make fuzz`.
#
# Convention (any crate can join, nothing to register here):
#   - a property test is a proptest test whose function name starts with
#     `prop_` (unit or integration test, any crate in the workspace);
#   - it takes its case count from proptest's default config, so
#     PROPTEST_CASES sets it: `make test` runs each with the default 256
#     cases (keep one run of 256 well under 10 s), `make fuzz` with
#     FUZZ_CASES per round;
#   - a failure is shrunk and saved by proptest under the crate's
#     proptest-regressions/ (commit it: it then runs first every time).
#
# `make fuzz` selects every such test with the nextest filter FUZZ_FILTER and
# runs rounds, each with a fresh random seed, until FUZZ_SECONDS have passed
# (a round that starts always finishes). It prints, per round and in total,
# the executions: property tests run × cases each. The first failing round
# stops it with a non-zero exit.
#
#   FUZZ_SECONDS=600 make fuzz                 # ten minutes
#   FUZZ_CASES=100000 FUZZ_SECONDS=0 make fuzz # exactly one round of 100k cases per test
#   FUZZ_FILTER='test(/(^|::)prop_sarif/)' make fuzz
#   FUZZ_PACKAGES='-p qscan-qscanner' make fuzz   # one crate, less to build

FUZZ_SECONDS  ?= 60
FUZZ_CASES    ?= 5000
FUZZ_FILTER   ?= test(/(^|::)prop_/)
FUZZ_PACKAGES ?= --workspace

.PHONY: fuzz fuzz-list

fuzz-list: ## list the property tests (named prop_*) that make fuzz runs
	@$(CARGO) nextest list $(FUZZ_PACKAGES) -T oneline -E '$(FUZZ_FILTER)' 2>/dev/null | grep -E '(^|::| )prop_'

fuzz: ## run every prop_* property test for FUZZ_SECONDS (default 60) with FUZZ_CASES cases per round; prints executions
	@set -euo pipefail; \
	$(CARGO) nextest run $(FUZZ_PACKAGES) --no-run; \
	tests=$$($(CARGO) nextest list $(FUZZ_PACKAGES) -T oneline -E '$(FUZZ_FILTER)' 2>/dev/null | grep -cE '(^|::| )prop_' || true); \
	if [ "$$tests" -eq 0 ]; then echo "fuzz: no test matches $(FUZZ_FILTER)" >&2; exit 1; fi; \
	start=$$(date +%s); round=0; total=0; \
	while :; do \
	  round=$$((round + 1)); \
	  PROPTEST_CASES=$(FUZZ_CASES) $(CARGO) nextest run $(FUZZ_PACKAGES) -E '$(FUZZ_FILTER)' \
	    --no-fail-fast --status-level fail --final-status-level fail; \
	  total=$$((total + tests * $(FUZZ_CASES))); \
	  elapsed=$$(( $$(date +%s) - start )); \
	  echo "fuzz: round $$round passed: $$tests property tests x $(FUZZ_CASES) cases = $$((tests * $(FUZZ_CASES))) executions ($$total in $${elapsed}s)"; \
	  [ "$$elapsed" -lt "$(FUZZ_SECONDS)" ] || break; \
	done; \
	echo "fuzz: $$total executions of $$tests property tests in $$round rounds, $${elapsed}s, no failure"
