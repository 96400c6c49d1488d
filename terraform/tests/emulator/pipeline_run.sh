#!/usr/bin/env bash
# The default EMULATOR_HOOK of `make tf-apply-emulator` (terraform/scripts/emulator.sh):
# between apply and destroy, run the pipeline through the resources Terraform created.
#
#   1. put {"qualys_pod":"US2","qualys_access_token":"hook-token-not-real"} in the
#      Qualys secret Terraform created (empty after apply)
#   2. enable Security Hub (the layout's enablement is off: moto lacks
#      UpdateSecurityHubConfiguration)
#   3. create the function to scan: ECR repository orders-api + image 2026.11.29
#      (OCI manifest, digest = sha256 of its bytes), role, image Lambda orders-api
#   4. `qscan replay` of the CreateFunction fixture event, handlers in process, with
#      the Lambdas' configuration variables pointing at Terraform's secret, results
#      bucket, topic and policy object; QScanner is the stand-in
#   5. assert: replay exit 0; >= 1 ACTIVE Security Hub finding for orders-api;
#      scans/... and latest/... objects in Terraform's results bucket; outcome
#      state succeeded (for the fixture's request id, of the deployed digest)
#
# Needs: the variables of terraform/.emulator/env (emulator.sh sources them):
# AWS_ENDPOINT_URL, TF_OUTPUTS, QSCAN_*; target/debug/{qscan,qscanner-standin}
# (cargo build --workspace --bins); .venv/bin/python with boto3 (make venv).
# Against `make tf-emulator-up`: `set -a; . terraform/.emulator/env; set +a` and run
# this script; it can run again (what exists is reused).
# Output: terraform/.emulator/pipeline-run/ (replay.log, explain.txt, policy.toml).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../../.." && pwd)"
work="$repo_root/terraform/.emulator/pipeline-run"
event="bins/forwarder/tests/fixtures/events/create-image-by-name.json"
function_name="orders-api" account="123456789012" region="us-east-1"

log() { printf '[pipeline-run] %s\n' "$*" >&2; }
fail() { printf '[pipeline-run] FAIL: %s\n' "$*" >&2; exit 1; }

for var in AWS_ENDPOINT_URL TF_OUTPUTS QSCAN_QUALYS_SECRET_ARN QSCAN_RESULTS_BUCKET_NAME \
  QSCAN_ALERTS_TOPIC_ARN QSCAN_POLICY_S3_URI; do
  [ -n "${!var:-}" ] || fail "$var is not set: run as EMULATOR_HOOK of emulator.sh, or source terraform/.emulator/env"
done
[ -f "$TF_OUTPUTS" ] || fail "TF_OUTPUTS=$TF_OUTPUTS does not exist"

# boto3 comes with moto: .venv's (make venv), else a python3 that has it (as
# emulator.sh falls back to moto_server on PATH).
python="${PIPELINE_RUN_PYTHON:-$repo_root/.venv/bin/python}"
if [ ! -x "$python" ] && [ -z "${PIPELINE_RUN_PYTHON:-}" ] && python3 -c 'import boto3' 2>/dev/null; then
  python=python3
fi
"$python" -c 'import boto3' 2>/dev/null || fail "no python with boto3 ($python): run 'make venv' (moto and boto3 go into .venv/)"
qscan="$repo_root/target/debug/qscan"
standin="$repo_root/target/debug/qscanner-standin"
for bin in "$qscan" "$standin"; do
  [ -x "$bin" ] || fail "$bin not found: run 'cargo build --workspace --bins' first"
done

rm -rf "$work"
mkdir -p "$work"
cp "$repo_root/$event" "$work/event.json"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"

# 1-3: the operator's steps after apply, and the function to scan.
"$python" "$here/pipeline_run.py" setup "$TF_OUTPUTS" "$work"

# The policy Terraform uploaded must let orders-api through, or the run below
# proves nothing. Tags and package type as created, so the decision is final.
if ! "$qscan" policy explain --function "$function_name" --account "$account" --region "$region" \
  --package-type Image --tag team=orders --tag env=emulator --policy "$work/policy.toml" \
  > "$work/explain.txt" 2>&1; then
  cat "$work/explain.txt" >&2
  fail "qscan policy explain failed on $QSCAN_POLICY_S3_URI"
fi
grep -q '^decision: SCAN' "$work/explain.txt" || {
  cat "$work/explain.txt" >&2
  fail "the policy at $QSCAN_POLICY_S3_URI does not scan $function_name: $(grep '^decision:' "$work/explain.txt")"
}
log "policy: $(grep '^decision:' "$work/explain.txt")"

# 4: the pipeline, in this process, through Terraform's resources. A clean
# environment: only what the Lambdas would be given (README, "Configuration").
# QSCANNER_BIN is absolute: the scanner starts QScanner inside the per-scan
# temp dir, where a relative path (target/debug/...) does not resolve.
log "qscan replay $event"
start=$(date +%s)
set +e
(
  cd "$repo_root"
  env -i PATH="$PATH" HOME="${HOME:-/root}" RUST_LOG="${RUST_LOG:-info}" \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    AWS_ENDPOINT_URL="$AWS_ENDPOINT_URL" \
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_SESSION_TOKEN=test \
    AWS_REGION="$region" \
    QUALYS_SECRET_ARN="$QSCAN_QUALYS_SECRET_ARN" \
    RESULTS_S3_BUCKET="$QSCAN_RESULTS_BUCKET_NAME" \
    SNS_TOPIC_ARN="$QSCAN_ALERTS_TOPIC_ARN" \
    POLICY_S3_URI="$QSCAN_POLICY_S3_URI" \
    SECURITY_HUB_IMPORT=true \
    QSCANNER_BIN="$standin" \
    "$qscan" replay "$event"
) > "$work/replay.log" 2>&1
rc=$?
set -e
if [ "$rc" != 0 ]; then
  tail -40 "$work/replay.log" >&2
  fail "qscan replay exited $rc (full log: $work/replay.log)"
fi
log "replay exited 0 in $(( $(date +%s) - start ))s; hops: $(grep -cE '^(forwarder|scanner|reporter): ' "$work/replay.log")"
grep -E '^(decision|scanner|reporter):' "$work/replay.log" | sed 's/^/[pipeline-run]   /' >&2 || true

# 5: what landed where.
"$python" "$here/pipeline_run.py" check "$TF_OUTPUTS" "$work" || {
  log "replay output:"
  tail -40 "$work/replay.log" >&2
  exit 1
}
