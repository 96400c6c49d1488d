#!/usr/bin/env bash
# Make a local stand-in for public.ecr.aws/lambda/provided:al2023 on machines
# that cannot pull images: FROM scratch plus the shared libraries the given
# binaries need (from this host, via ldd), CA certificates, /etc/passwd and
# /tmp. For tests only; users build on the real base.
#   local-base.sh IMAGE BINARY...
set -euo pipefail
image="${1:?usage: local-base.sh IMAGE BINARY...}"
shift
engine="${CONTAINER_ENGINE:-podman}"
ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
root="$ctx/rootfs"
mkdir -p "$root/tmp" "$root/etc/ssl/certs" "$root/var/runtime" "$root/var/task" "$root/opt"
chmod 1777 "$root/tmp"
echo 'root:x:0:0:root:/tmp:/sbin/nologin' > "$root/etc/passwd"
echo 'sbx_user1051:x:993:990::/tmp:/sbin/nologin' >> "$root/etc/passwd"
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  mkdir -p "$root/etc/pki/tls/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/pki/tls/certs/ca-bundle.crt"
fi
for bin in "$@"; do
  # Static binaries have no dependencies ("not a dynamic executable").
  ldd "$bin" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
    [ -e "$lib" ] || continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done || true
done
printf 'FROM scratch\nCOPY rootfs/ /\n' > "$ctx/Containerfile"
args=(build -f "$ctx/Containerfile" -t "$image")
[ "$engine" = podman ] && args+=(--isolation "${BUILDAH_ISOLATION:-chroot}")
"$engine" "${args[@]}" "$ctx" >&2
echo "$image"
