#!/usr/bin/env bash
# Source this file to point Terraform at a local provider mirror when one
# exists (TF_PLUGIN_MIRROR, default /opt/tf-plugins). Without a mirror the
# caller's own CLI configuration is kept and providers download normally.
_tf_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TF_PLUGIN_MIRROR="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
if [ -d "$TF_PLUGIN_MIRROR" ]; then
  sed "s#\"/opt/tf-plugins\"#\"${TF_PLUGIN_MIRROR}\"#" "$_tf_root/cli/mirror.tfrc" > "$_tf_root/cli/generated.tfrc"
  export TF_CLI_CONFIG_FILE="$_tf_root/cli/generated.tfrc"
fi
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
unset _tf_root
