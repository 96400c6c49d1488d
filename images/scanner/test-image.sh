#!/usr/bin/env bash
# Test `make build-image` without network: build on a locally made base with
# placeholder binaries (or the real ones when SCANNER_BIN / QSCANNER_PATH are
# set), then check the image: entrypoint is the scanner, QScanner is at
# /opt/qscanner/qscanner, both byte-identical to their inputs; linux/arm64 is
# selectable; a binary of the wrong architecture is refused.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
engine="${CONTAINER_ENGINE:-}"
if [ -z "$engine" ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then engine=docker; else engine=podman; fi
fi
export CONTAINER_ENGINE="$engine"
# No intermediate layer images left behind by the test builds.
export PODMAN_LAYERS=false
work="$(mktemp -d)"
tag="test-$$"
base="localhost/lambda-qscanner-base:$tag"
image="localhost/lambda-qscanner-scanner:$tag"
image_arm="localhost/lambda-qscanner-scanner:$tag-arm64"
registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  "$engine" rmi -f "$image" "$image_arm" "$base" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok    $*"; }

# Placeholders: two distinct host executables (what matters is identity and place).
scanner="${SCANNER_BIN:-}"
qscanner="${QSCANNER_PATH:-}"
if [ -z "$scanner" ]; then scanner="$work/scanner"; cp /bin/true "$scanner"; fi
if [ -z "$qscanner" ]; then qscanner="$work/qscanner"; cp /bin/false "$qscanner"; fi

"$here/local-base.sh" "$base" "$scanner" "$qscanner" >/dev/null 2>"$work/base.log" || { cat "$work/base.log" >&2; fail "local base"; }
SCANNER_BIN="$scanner" QSCANNER_PATH="$qscanner" BASE_IMAGE="$base" IMAGE="$image" PLATFORM=linux/amd64 \
  "$here/build.sh" >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; fail "amd64 build"; }
ok "built $image with $engine"

entrypoint="$("$engine" image inspect --format '{{json .Config.Entrypoint}}' "$image")"
[ "$entrypoint" = '["/var/runtime/bootstrap"]' ] || fail "entrypoint is $entrypoint"
ok "entrypoint $entrypoint"
arch="$("$engine" image inspect --format '{{.Architecture}}' "$image")"
[ "$arch" = amd64 ] || fail "architecture $arch"
ok "architecture $arch"
env="$("$engine" image inspect --format '{{json .Config.Env}}' "$image")"
case "$env" in *QSCANNER_BIN=/opt/qscanner/qscanner*) ok "QSCANNER_BIN in the image environment" ;; *) fail "env $env" ;; esac

"$engine" save --format docker-archive -o "$work/image.tar" "$image" 2>/dev/null \
  || "$engine" save -o "$work/image.tar" "$image"
python3 - "$work/image.tar" "$scanner" "$qscanner" <<'PY' || fail "image content"
import hashlib, io, json, sys, tarfile
archive, scanner, qscanner = sys.argv[1:]
want = {
    "var/runtime/bootstrap": hashlib.sha256(open(scanner, "rb").read()).hexdigest(),
    "opt/qscanner/qscanner": hashlib.sha256(open(qscanner, "rb").read()).hexdigest(),
}
found = {}
with tarfile.open(archive) as outer:
    manifest = json.load(outer.extractfile("manifest.json"))
    for layer in manifest[0]["Layers"]:
        with tarfile.open(fileobj=io.BytesIO(outer.extractfile(layer).read())) as inner:
            for m in inner.getmembers():
                name = m.name.lstrip("./")
                if name in want and m.isfile():
                    data = inner.extractfile(m).read()
                    found[name] = (hashlib.sha256(data).hexdigest(), m.mode & 0o111 != 0)
for path, digest in want.items():
    got = found.get(path)
    if not got:
        sys.exit(f"/{path} missing from the image")
    if got[0] != digest:
        sys.exit(f"/{path} differs from its input")
    if not got[1]:
        sys.exit(f"/{path} is not executable")
    print(f"ok    /{path} present, executable, sha256 {digest[:12]}")
PY

# linux/arm64: aarch64 ELF stand-ins (header only) on an empty base.
python3 - "$work" <<'PY'
import struct, sys
for name in ("scanner-arm64", "qscanner-arm64"):
    head = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8) + struct.pack("<HH", 2, 0xB7)
    open(f"{sys.argv[1]}/{name}", "wb").write(head + name.encode())
PY
SCANNER_BIN="$work/scanner-arm64" QSCANNER_PATH="$work/qscanner-arm64" BASE_IMAGE=scratch IMAGE="$image_arm" PLATFORM=linux/arm64 \
  "$here/build.sh" >/dev/null 2>"$work/build-arm.log" || { cat "$work/build-arm.log" >&2; fail "arm64 build"; }
arch="$("$engine" image inspect --format '{{.Architecture}}' "$image_arm")"
[ "$arch" = arm64 ] || fail "arm64 image has architecture $arch"
ok "PLATFORM=linux/arm64 gives an arm64 image"

if SCANNER_BIN="$scanner" QSCANNER_PATH="$qscanner" BASE_IMAGE=scratch IMAGE="$image_arm" PLATFORM=linux/arm64 \
  "$here/build.sh" >/dev/null 2>"$work/mismatch.log"; then
  fail "an x86_64 binary was accepted for linux/arm64"
fi
grep -q "needs aarch64" "$work/mismatch.log" || fail "unexpected mismatch message: $(cat "$work/mismatch.log")"
ok "x86_64 binaries refused for PLATFORM=linux/arm64"

# push-image against a local registry (Debian's docker-registry), when present:
# the printed reference must carry the digest the registry serves.
if ! command -v docker-registry >/dev/null 2>&1 || [ "$engine" != podman ]; then
  echo "skip  push test (needs podman and docker-registry: apt-get install -y docker-registry)"
  exit 0
fi
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' "$work/registry" "$port" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null && break; sleep 0.2; done
repo="127.0.0.1:$port/lambda-qscanner-scanner"
uri="$(ECR_REPO="$repo" IMAGE="$image" REGISTRY_LOGIN=none TLS_VERIFY=false "$here/push.sh" 2>"$work/push.log" | tail -n 1)" \
  || { cat "$work/push.log" >&2; fail "push"; }
served="$(curl -fsSI -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
  "http://127.0.0.1:$port/v2/lambda-qscanner-scanner/manifests/$tag" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')"
[ "$uri" = "$repo@$served" ] || fail "push printed $uri, registry serves $served"
"$engine" rmi -f "$repo:$tag" >/dev/null 2>&1 || true
ok "push-image printed $uri (the digest the registry serves)"
