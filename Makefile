# lambda-qscanner: every target is a thin wrapper over cargo / terraform / scripts.
# `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Topic makefiles (terraform, policy, image) live in mk/.
include $(sort $(wildcard mk/*.mk))

.PHONY: help
help: ## list targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'
