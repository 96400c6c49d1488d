#!/usr/bin/env bash
# Build the scanner image with docker (when a daemon answers) or podman.
#
# Environment (the make variables of mk/image.mk):
#   QSCANNER_PATH   the QScanner binary downloaded from Qualys (required)
#   SCANNER_BIN     the scanner binary (default target/lambda/scanner/bootstrap,
#                   from `cargo lambda build --release -p scanner` [--arm64])
#   PLATFORM        linux/amd64 (default) or linux/arm64
#   IMAGE           image reference to tag (default localhost/lambda-qscanner-scanner:dev)
#   BASE_IMAGE      default public.ecr.aws/lambda/provided:al2023
#   CONTAINER_ENGINE  docker | podman (default: docker if `docker info` works, else podman)
#   VERSION, QSCANNER_VERSION  labels
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

: "${QSCANNER_PATH:?set QSCANNER_PATH to the QScanner binary downloaded from Qualys}"
SCANNER_BIN="${SCANNER_BIN:-$repo/target/lambda/scanner/bootstrap}"
PLATFORM="${PLATFORM:-linux/amd64}"
IMAGE="${IMAGE:-localhost/lambda-qscanner-scanner:dev}"
BASE_IMAGE="${BASE_IMAGE:-public.ecr.aws/lambda/provided:al2023}"
VERSION="${VERSION:-dev}"
QSCANNER_VERSION="${QSCANNER_VERSION:-unknown}"

log() { printf '[build-image] %s\n' "$*" >&2; }

case "$PLATFORM" in
  linux/amd64) want_arch=x86_64 ;;
  linux/arm64) want_arch=aarch64 ;;
  *) log "PLATFORM must be linux/amd64 or linux/arm64, not $PLATFORM"; exit 2 ;;
esac

for f in "$SCANNER_BIN" "$QSCANNER_PATH"; do
  [ -f "$f" ] || { log "missing $f"; exit 1; }
done

# A binary for the wrong architecture would only fail at the first
# invocation in AWS; check the ELF headers now.
elf_arch() {
  python3 - "$1" <<'PY'
import struct, sys
with open(sys.argv[1], "rb") as f:
    head = f.read(20)
if head[:4] != b"\x7fELF":
    print("not-elf")
else:
    machine = struct.unpack("<H" if head[5] == 1 else ">H", head[18:20])[0]
    print({0x3E: "x86_64", 0xB7: "aarch64"}.get(machine, f"machine-{machine:#x}"))
PY
}
for f in "$SCANNER_BIN" "$QSCANNER_PATH"; do
  arch="$(elf_arch "$f")"
  if [ "$arch" != "$want_arch" ]; then
    log "$f is $arch, but PLATFORM=$PLATFORM needs $want_arch"
    [ "${ALLOW_ARCH_MISMATCH:-0}" = 1 ] || exit 1
  fi
done

engine="${CONTAINER_ENGINE:-}"
engine_flags=()
if [ -z "$engine" ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    engine=docker
  elif command -v podman >/dev/null 2>&1; then
    engine=podman
  else
    log "neither a docker daemon nor podman (apt-get install -y podman)"
    exit 1
  fi
fi

# Build context: only the two binaries and the Containerfile.
ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
cp "$here/Containerfile" "$ctx/Containerfile"
cp "$SCANNER_BIN" "$ctx/scanner"
cp "$QSCANNER_PATH" "$ctx/qscanner"

args=(build --platform "$PLATFORM" -f "$ctx/Containerfile" -t "$IMAGE"
  --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "VERSION=$VERSION"
  --build-arg "QSCANNER_VERSION=$QSCANNER_VERSION")
case "$engine" in
  docker)
    # Lambda wants a single-platform image manifest (no attestation index).
    args+=(--provenance=false)
    ;;
  podman)
    # chroot isolation works without user namespaces (CI containers);
    # a base that exists locally is used as is, never pulled again.
    args+=(--isolation "${BUILDAH_ISOLATION:-chroot}" --pull=missing --format docker --layers="${PODMAN_LAYERS:-true}")
    if [ -n "${PODMAN_STORAGE_DRIVER:-}" ]; then
      engine_flags=(--storage-driver "$PODMAN_STORAGE_DRIVER")
    fi
    ;;
esac

log "$engine build $IMAGE ($PLATFORM, base $BASE_IMAGE)"
"$engine" "${engine_flags[@]}" "${args[@]}" "$ctx" >&2
echo "$IMAGE"
