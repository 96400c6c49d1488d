#!/usr/bin/env bash
# Push the scanner image to a registry (normally ECR) and print the digest
# reference to use as scanner_image_uri (pinning the digest means a re-tag
# cannot change what Lambda runs).
#
#   ECR_REPO   <account>.dkr.ecr.<region>.amazonaws.com/<repository> (required)
#   IMAGE      local image (default localhost/lambda-qscanner-scanner:dev)
#   TAG        remote tag (default: the local image's tag)
#   REGISTRY_LOGIN  ecr (default for *.dkr.ecr.* repos: aws ecr get-login-password) | none
#   TLS_VERIFY false for a plain-HTTP test registry (podman only)
#   CONTAINER_ENGINE  docker | podman (default as in build.sh)
set -euo pipefail
: "${ECR_REPO:?set ECR_REPO=<account>.dkr.ecr.<region>.amazonaws.com/<repository>}"
IMAGE="${IMAGE:-localhost/lambda-qscanner-scanner:dev}"
TAG="${TAG:-${IMAGE##*:}}"
registry="${ECR_REPO%%/*}"
remote="$ECR_REPO:$TAG"
log() { printf '[push-image] %s\n' "$*" >&2; }

engine="${CONTAINER_ENGINE:-}"
if [ -z "$engine" ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then engine=docker; else engine=podman; fi
fi

login="${REGISTRY_LOGIN:-}"
if [ -z "$login" ]; then
  case "$registry" in *.dkr.ecr.*.amazonaws.com*) login=ecr ;; *) login=none ;; esac
fi
if [ "$login" = ecr ]; then
  region="$(echo "$registry" | sed -E 's/^[0-9]+\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com.*/\1/')"
  log "logging in to $registry"
  aws ecr get-login-password --region "$region" | "$engine" login --username AWS --password-stdin "$registry" >&2
fi

"$engine" tag "$IMAGE" "$remote"
log "$engine push $remote"
if [ "$engine" = podman ]; then
  digestfile="$(mktemp)"
  trap 'rm -f "$digestfile"' EXIT
  podman push --tls-verify="${TLS_VERIFY:-true}" --format v2s2 --digestfile "$digestfile" "$remote" >&2
  digest="$(cat "$digestfile")"
else
  docker push "$remote" >&2
  digest="$(docker inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$remote" | grep -F "$ECR_REPO@" | head -1 | sed 's/.*@//')"
fi
echo "$ECR_REPO@$digest"
