#!/usr/bin/env bash
# Run `terraform init` + one command in every module and layout.
#   each-root.sh validate   terraform validate
#   each-root.sh test       terraform test (mock_provider: no credentials, no network)
# ROOTS="modules/pipeline layouts/hub" limits the run.
set -euo pipefail
tf_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tf-env.sh
. "$tf_root/scripts/tf-env.sh"
action="${1:?usage: each-root.sh validate|test}"
cd "$tf_root"
roots="${ROOTS:-$(ls -d modules/*/ layouts/*/ | sed 's#/$##')}"
failed=()
errfile="$(mktemp)"
trap 'rm -f "$errfile"' EXIT
for root in $roots; do
  if ! out="$(terraform -chdir="$root" init -backend=false -input=false -no-color 2>&1)"; then
    printf '%s\n' "$out" >&2
    failed+=("$root (init)")
    continue
  fi
  case "$action" in
    validate)
      if terraform -chdir="$root" validate -no-color >/dev/null 2>"$errfile"; then
        echo "ok    validate $root"
      else
        cat "$errfile" >&2
        failed+=("$root")
      fi
      ;;
    test)
      if [ ! -d "$root/tests" ]; then
        echo "MISSING tests in $root" >&2
        failed+=("$root (no tests)")
        continue
      fi
      if out="$(terraform -chdir="$root" test -no-color 2>&1)"; then
        echo "ok    test $root: $(printf '%s\n' "$out" | tail -1)"
      else
        printf '%s\n' "$out" >&2
        failed+=("$root")
      fi
      ;;
    *)
      echo "unknown action $action" >&2
      exit 2
      ;;
  esac
done
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
