#!/bin/sh
# pre-commit entry of the `qscan-policy-check` hook (.pre-commit-hooks.yaml).
#
# pre-commit's `language: rust` runs `cargo install --path .` at the
# repository root, which fails on a virtual workspace such as this one, so
# the hook is a script: it builds `qscan` from this checkout (pre-commit's
# clone of it) with only the policy commands, no AWS SDKs, and runs
# `qscan policy check` on the files pre-commit passes. The first run compiles
# (README, "Policy as code", gives the time); later runs reuse the build.
# Needs only cargo on PATH.
set -eu
repo=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
exec cargo run --quiet --locked --manifest-path "$repo/Cargo.toml" \
  -p qscan-cli --no-default-features --bin qscan -- policy check "$@"
