#!/usr/bin/env bash
# Apply the single-account layout to the moto emulator, and destroy it again.
#
#   emulator.sh cycle   start moto, apply, targeted policy update, run $EMULATOR_HOOK (if set),
#                       destroy (also after a failed hook), stop moto
#   emulator.sh up      start moto (unless AWS_ENDPOINT_URL is set), apply, leave it running
#   emulator.sh down    destroy what `up` applied and stop the moto it started
#   emulator.sh hub-spoke  start moto, apply the spoke layout (account 222222222222, reached by
#                       AssumeRole) and the hub layout (123456789012) side by side, check the
#                       cross-account wiring and a spoke -> hub event, destroy both, stop moto
#
# Everything lands under terraform/.emulator/ (git-ignored): state, the moto
# log and PID, outputs.json (terraform output -json) and env (the variables a
# pipeline run needs: AWS_ENDPOINT_URL, test credentials, region, TF_OUTPUTS).
#
# Settings (environment):
#   MOTO_SERVER     moto_server executable (default: .venv/bin/moto_server, else PATH); started
#                   with MOTO_LAMBDA_STUB_ECR=false, so an image function's ImageUri must name an
#                   image in the emulated ECR and CodeSha256 is that image's digest, as on AWS
#                   (the scanner image of the tfvars is pushed there before apply)
#   AWS_ENDPOINT_URL  use an already running emulator instead of starting one
#   FORWARDER_ZIP / REPORTER_ZIP  real zips (default: placeholders made here)
#   POLICY_FILE     policy file (default: <repo>/policy/policy.toml, else the test fixture)
#   EMULATOR_HOOK   command run between apply and destroy (sees the env file's variables);
#                   `make tf-apply-emulator` sets it to terraform/tests/emulator/pipeline_run.sh
#   TF_PLUGIN_MIRROR  provider mirror (see tf-env.sh)
set -euo pipefail

cmd="${1:-cycle}"
tf_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo_root="$(cd "$tf_root/.." && pwd)"
work="$tf_root/.emulator"
layout="$tf_root/layouts/single-account"
mkdir -p "$work"

# shellcheck source=tf-env.sh
. "$tf_root/scripts/tf-env.sh"

log() { printf '[emulator] %s\n' "$*" >&2; }

# One run at a time per work dir: `make demo` (up ... down), tf-apply-emulator
# and the hub-spoke run share terraform/.emulator (state, env, moto.pid); a
# second run would remove the first one's state and take over its moto.pid.
refuse_if_in_use() {
  if [ -f "$work/moto.pid" ] && kill -0 "$(cat "$work/moto.pid")" 2>/dev/null; then
    log "terraform/.emulator is in use: moto $(cat "$work/moto.pid") of another run (make demo, tf-emulator-up,"
    log "tf-apply-emulator) is still running. Wait for it, or end that run with 'emulator.sh down'."
    exit 1
  fi
}

start_moto() {
  if [ -n "${AWS_ENDPOINT_URL:-}" ]; then
    log "using the running emulator at $AWS_ENDPOINT_URL"
    echo "$AWS_ENDPOINT_URL" > "$work/endpoint"
    rm -f "$work/moto.pid"
    return
  fi
  local moto="${MOTO_SERVER:-}"
  if [ -z "$moto" ]; then
    if [ -x "$repo_root/.venv/bin/moto_server" ]; then moto="$repo_root/.venv/bin/moto_server"; else moto="moto_server"; fi
  fi
  command -v "$moto" >/dev/null || { log "moto_server not found (pip install 'moto[server]' or set MOTO_SERVER)"; exit 1; }
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  MOTO_LAMBDA_STUB_ECR=false "$moto" -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
  echo $! > "$work/moto.pid"
  echo "http://127.0.0.1:$port" > "$work/endpoint"
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/moto-api/" 2>/dev/null; then
      log "moto $(cat "$work/moto.pid") listening on port $port"
      return
    fi
    sleep 0.2
  done
  log "moto did not start; see $work/moto.log"
  exit 1
}

stop_moto() {
  local rc=$?
  if [ "$rc" != 0 ] && [ -f "$work/moto.pid" ] && ! kill -0 "$(cat "$work/moto.pid")" 2>/dev/null; then
    log "moto $(cat "$work/moto.pid") is gone: it exited or was killed by another process (see $work/moto.log)"
  fi
  if [ -f "$work/moto.pid" ]; then
    local pid
    pid="$(cat "$work/moto.pid")"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$work/moto.pid"
    log "moto $pid stopped"
  fi
}

emulator_env() {
  export AWS_ENDPOINT_URL
  AWS_ENDPOINT_URL="$(cat "$work/endpoint")"
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_SESSION_TOKEN=test
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
  unset AWS_PROFILE
  # A separate data dir and state keep a developer's own init of the layout untouched.
  export TF_DATA_DIR="$work/tfdata"
}

make_artifacts() {
  mkdir -p "$work/artifacts"
  python3 - "$work/artifacts" <<'PY'
import sys, zipfile, pathlib
out = pathlib.Path(sys.argv[1])
for name in ("forwarder", "reporter"):
    z = out / f"{name}.zip"
    if not z.exists():
        with zipfile.ZipFile(z, "w") as f:
            info = zipfile.ZipInfo("bootstrap")
            info.external_attr = 0o755 << 16
            f.writestr(info, "#!/bin/sh\necho placeholder\n")
PY
}

# moto checks an image function's ImageUri against its ECR (MOTO_LAMBDA_STUB_ECR=false):
# push a placeholder manifest under the scanner image URI a tfvars file names.
seed_scanner_image() {
  local uri
  uri="$(sed -n 's/^scanner_image_uri *= *"\(.*\)"$/\1/p' "$1")"
  [ -n "$uri" ] || return 0
  python3 - "$uri" <<'PY'
import hashlib, json, sys
import boto3
uri = sys.argv[1]
registry, rest = uri.split("/", 1)
repo, tag = rest.rsplit(":", 1)
account, region = registry.split(".")[0], registry.split(".")[3]
ecr = boto3.client("ecr", region_name=region)
try:
    ecr.create_repository(repositoryName=repo, registryId=account)
except ecr.exceptions.RepositoryAlreadyExistsException:
    pass
manifest = json.dumps({
    "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
               "digest": "sha256:" + hashlib.sha256(repo.encode()).hexdigest(), "size": 1024},
    "layers": []})
try:
    ecr.put_image(repositoryName=repo, registryId=account, imageManifest=manifest, imageTag=tag,
                  imageManifestMediaType="application/vnd.oci.image.manifest.v1+json",
                  imageDigest="sha256:" + hashlib.sha256(manifest.encode()).hexdigest())
except ecr.exceptions.ImageAlreadyExistsException:
    pass
print(f"[emulator] scanner image {uri} pushed to the emulated ECR", file=sys.stderr)
PY
}

tf_vars() {
  local policy="${POLICY_FILE:-}"
  if [ -z "$policy" ]; then
    if [ -f "$repo_root/policy/policy.toml" ]; then policy="$repo_root/policy/policy.toml"; else policy="$tf_root/tests/fixtures/policy.toml"; fi
  fi
  printf '%s\n' \
    "-var-file=$tf_root/tests/emulator/single-account.tfvars" \
    "-var=forwarder_zip=${FORWARDER_ZIP:-$work/artifacts/forwarder.zip}" \
    "-var=reporter_zip=${REPORTER_ZIP:-$work/artifacts/reporter.zip}" \
    "-var=policy_file=$policy"
}

tf() {
  # -state keeps emulator state out of the layout directory (local backend).
  terraform -chdir="$layout" "$@" 2> >(grep -v -e 'Deprecated flag: -state' -e 'Use the "path" attribute' >&2)
}

apply() {
  emulator_env
  make_artifacts
  local vars
  mapfile -t vars < <(tf_vars)
  tf init -input=false -no-color > "$work/init.log"
  seed_scanner_image "$tf_root/tests/emulator/single-account.tfvars"
  log "terraform apply (single-account) against $AWS_ENDPOINT_URL"
  tf apply -auto-approve -input=false -no-color -state="$work/terraform.tfstate" "${vars[@]}" > "$work/apply.log" \
    || { tail -40 "$work/apply.log" >&2; return 1; }
  tf output -state="$work/terraform.tfstate" -json > "$work/outputs.json"
  {
    echo "AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL"
    echo "AWS_ACCESS_KEY_ID=test"
    echo "AWS_SECRET_ACCESS_KEY=test"
    echo "AWS_SESSION_TOKEN=test"
    echo "AWS_REGION=$AWS_REGION"
    echo "TF_OUTPUTS=$work/outputs.json"
    python3 - "$work/outputs.json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
for k in ("forwarder_function_name", "scanner_function_name", "reporter_function_name",
          "results_bucket_name", "alerts_topic_arn", "qualys_secret_arn", "policy_s3_uri"):
    print(f"QSCAN_{k.upper()}={o[k]['value']}")
PY
  } > "$work/env"
  log "applied: $(grep -c '' "$work/env") variables in $work/env, outputs in $work/outputs.json"
  # Read back through the AWS APIs: what the emulator holds is the contract.
  python3 "$tf_root/tests/emulator/verify.py" "$work/outputs.json"
}

destroy() {
  emulator_env
  make_artifacts
  local vars
  mapfile -t vars < <(tf_vars)
  log "terraform destroy"
  tf destroy -auto-approve -input=false -no-color -state="$work/terraform.tfstate" "${vars[@]}" > "$work/destroy.log" \
    || { tail -40 "$work/destroy.log" >&2; return 1; }
  local left
  left="$(tf state list -state="$work/terraform.tfstate" | wc -l)"
  if [ "$left" != "0" ]; then
    log "destroy left $left resources in state"
    return 1
  fi
  log "destroyed: state is empty"
}

# The GitOps path (policy-apply.yml): a changed policy file reaches S3 through
# an apply targeted at the policy object alone, without the function zips.
policy_update() {
  emulator_env
  local vars changed address='module.stack[0].module.policy.aws_s3_object.this[0]'
  changed="$work/policy-changed.toml"
  mapfile -t vars < <(tf_vars)
  cat "$(printf '%s\n' "${vars[@]}" | sed -n 's/^-var=policy_file=//p')" > "$changed"
  printf '\n# changed by the emulator test at %s\n' "$(date -u +%FT%TZ)" >> "$changed"
  log "targeted apply of the policy object (zips absent)"
  tf apply -auto-approve -input=false -no-color -state="$work/terraform.tfstate" "${vars[@]}" \
    -var=forwarder_zip=/nonexistent/forwarder.zip -var=reporter_zip=/nonexistent/reporter.zip \
    -var="policy_file=$changed" -target="$address" > "$work/policy-apply.log" \
    || { tail -40 "$work/policy-apply.log" >&2; return 1; }
  grep -q "1 changed, 0 destroyed" "$work/policy-apply.log" || { log "policy object not updated"; tail -20 "$work/policy-apply.log" >&2; return 1; }
  python3 - "$work/outputs.json" "$changed" <<'PY'
import json, sys
import boto3
outputs, changed = sys.argv[1:]
uri = json.load(open(outputs))["policy_s3_uri"]["value"]
bucket, key = uri[len("s3://"):].split("/", 1)
body = boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
if body != open(changed, "rb").read():
    sys.exit(f"{uri} does not hold the changed policy")
print(f"[emulator] {uri} holds the changed policy", file=sys.stderr)
PY
}

# Returns the hook's status; `cycle` destroys either way, then fails.
run_hook() {
  if [ -n "${EMULATOR_HOOK:-}" ]; then
    log "hook: $EMULATOR_HOOK"
    local started rc=0
    started=$(date +%s)
    ( set -a; . "$work/env"; set +a; bash -c "$EMULATOR_HOOK" ) || rc=$?
    if [ "$rc" = 0 ]; then
      log "hook passed in $(( $(date +%s) - started ))s"
    else
      log "hook FAILED (exit $rc) after $(( $(date +%s) - started ))s: $EMULATOR_HOOK"
    fi
    return "$rc"
  fi
}

# hub-spoke: both layouts, each with its own data dir and state.
tf_layout() {
  local name="$1"
  shift
  TF_DATA_DIR="$work/hub-spoke/tfdata-$name" terraform -chdir="$tf_root/layouts/$name" "$@" \
    2> >(grep -v -e 'Deprecated flag: -state' -e 'Use the "path" attribute' >&2)
}

layout_vars() {
  case "$1" in
    spoke) printf '%s\n' "-var-file=$tf_root/tests/emulator/spoke.tfvars" ;;
    hub)
      local policy
      policy="$(tf_vars | sed -n 's/^-var=policy_file=//p')"
      printf '%s\n' "-var-file=$tf_root/tests/emulator/hub.tfvars" \
        "-var=forwarder_zip=${FORWARDER_ZIP:-$work/artifacts/forwarder.zip}" \
        "-var=reporter_zip=${REPORTER_ZIP:-$work/artifacts/reporter.zip}" "-var=policy_file=$policy"
      ;;
  esac
}

layout_run() {
  local name="$1" action="$2" vars
  mapfile -t vars < <(layout_vars "$name")
  tf_layout "$name" init -input=false -no-color > "$work/hub-spoke/$name-init.log"
  tf_layout "$name" "$action" -auto-approve -input=false -no-color -state="$work/hub-spoke/$name.tfstate" "${vars[@]}" \
    > "$work/hub-spoke/$name-$action.log" || { tail -40 "$work/hub-spoke/$name-$action.log" >&2; return 1; }
  if [ "$action" = apply ]; then
    tf_layout "$name" output -state="$work/hub-spoke/$name.tfstate" -json > "$work/hub-spoke/$name-outputs.json"
  elif [ "$(tf_layout "$name" state list -state="$work/hub-spoke/$name.tfstate" | wc -l)" != 0 ]; then
    log "$name: destroy left resources in state"
    return 1
  fi
  log "$name: $action done"
}

hub_spoke() {
  mkdir -p "$work/hub-spoke"
  rm -f "$work"/hub-spoke/*.tfstate "$work"/hub-spoke/*.tfstate.backup
  emulator_env
  make_artifacts
  seed_scanner_image "$tf_root/tests/emulator/hub.tfvars"
  log "terraform apply: spoke (222222222222) and hub (123456789012) against $AWS_ENDPOINT_URL"
  layout_run spoke apply & local spoke_pid=$!
  layout_run hub apply & local hub_pid=$!
  local rc=0
  wait "$spoke_pid" || rc=1
  wait "$hub_pid" || rc=1
  if [ "$rc" = 0 ]; then
    python3 "$tf_root/tests/emulator/verify_hub_spoke.py" "$work/hub-spoke/hub-outputs.json" "$work/hub-spoke/spoke-outputs.json" || rc=1
  fi
  log "terraform destroy: hub and spoke"
  layout_run spoke destroy & spoke_pid=$!
  layout_run hub destroy & hub_pid=$!
  wait "$spoke_pid" || rc=1
  wait "$hub_pid" || rc=1
  return "$rc"
}

case "$cmd" in
  cycle)
    refuse_if_in_use
    rm -f "$work/terraform.tfstate" "$work/terraform.tfstate.backup"
    start_moto
    trap stop_moto EXIT
    apply
    policy_update
    hook_rc=0
    run_hook || hook_rc=$?
    destroy
    exit "$hook_rc"
    ;;
  up)
    refuse_if_in_use
    rm -f "$work/terraform.tfstate" "$work/terraform.tfstate.backup"
    start_moto
    apply
    log "left running; source $work/env to use it, 'emulator.sh down' to remove it"
    ;;
  down)
    destroy
    stop_moto
    ;;
  hub-spoke)
    refuse_if_in_use
    start_moto
    trap stop_moto EXIT
    hub_spoke
    ;;
  *)
    echo "usage: $0 cycle|up|down|hub-spoke" >&2
    exit 2
    ;;
esac
