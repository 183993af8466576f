#!/usr/bin/env bash
# Puts the pinned Dapr runtime (daprd, placement, scheduler, sentry) and the dapr CLI into
# ~/.dapr, laid out as `dapr init --slim` does. Uses what is there when the versions match;
# otherwise builds them from their Go modules (the first build takes 15-40 minutes).
set -euo pipefail

# The newest 1.18.x whose whole dependency graph the Go module proxy serves: 1.18.3 needs
# durabletask-go v0.12.4 and a pulsar/avro fork, 1.18.0-1.18.1 go-etcd-cron v0.12.5, none of
# them served. The CLI is the newest whose source is served (1.13-1.18 are not); it speaks the
# same multi-app run file.
DAPR_VERSION=1.18.2
DAPR_CLI_VERSION=1.12.0

DAPR_HOME=${DAPR_HOME:-$HOME/.dapr}
BIN=$DAPR_HOME/bin
WORK=${XDG_CACHE_HOME:-$HOME/.cache}/quire/dapr-build
RUNTIME_BINS=(daprd placement scheduler sentry)

say() { printf '[dapr] %s\n' "$*"; }
die() { printf '[dapr] error: %s\n' "$*" >&2; exit 1; }

runtime_ok() {
  for b in "${RUNTIME_BINS[@]}"; do [ -x "$BIN/$b" ] || return 1; done
  [ "$("$BIN/daprd" --version 2>/dev/null)" = "$DAPR_VERSION" ]
}
cli_ok() {
  [ -x "$BIN/dapr" ] && "$BIN/dapr" version 2>/dev/null | grep -q "CLI version: $DAPR_CLI_VERSION"
}

layout_slim() {
  # What `dapr init --slim` writes besides the binaries: an empty components folder and a
  # default Configuration. Quire passes its own config and resources paths, so these stay minimal.
  mkdir -p "$DAPR_HOME/components"
  [ -f "$DAPR_HOME/config.yaml" ] || cat > "$DAPR_HOME/config.yaml" <<'YAML'
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: daprConfig
spec: {}
YAML
}

if runtime_ok && cli_ok; then layout_slim; exit 0; fi

# shellcheck source=go-module.sh
source "$(dirname "$0")/go-module.sh"

mkdir -p "$BIN"
start=$(date +%s)

if ! runtime_ok; then
  say "Dapr runtime $DAPR_VERSION is not in $BIN: building it from source."
  say "The first build downloads and compiles ~2000 Go packages: 15-40 minutes on 2 cores. Later runs reuse it."
  src=$(module_dir github.com/dapr/dapr "$DAPR_VERSION")
  need_go "$src" "Dapr $DAPR_VERSION"
  flags="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$DAPR_VERSION -X github.com/dapr/kit/logger.DaprVersion=$DAPR_VERSION"
  build_module "$src" "dapr-$DAPR_VERSION" "$flags" allcomponents ./cmd/daprd ./cmd/placement ./cmd/scheduler ./cmd/sentry
  for b in "${RUNTIME_BINS[@]}"; do install -m 0755 "$WORK/dapr-$DAPR_VERSION/.out/$b" "$BIN/$b"; done
  rm -rf "$WORK/dapr-$DAPR_VERSION"
  say "runtime $DAPR_VERSION installed in $BIN"
fi

if ! cli_ok; then
  say "building the dapr CLI $DAPR_CLI_VERSION ..."
  src=$(module_dir github.com/dapr/cli "$DAPR_CLI_VERSION")
  need_go "$src" "the Dapr CLI $DAPR_CLI_VERSION"
  build_module "$src" "cli-$DAPR_CLI_VERSION" "-s -w -X main.version=$DAPR_CLI_VERSION -X main.apiVersion=1.0" "" .
  install -m 0755 "$WORK/cli-$DAPR_CLI_VERSION/.out/cli" "$BIN/dapr"
  rm -rf "$WORK/cli-$DAPR_CLI_VERSION"
  say "dapr CLI $DAPR_CLI_VERSION installed in $BIN"
fi

layout_slim
runtime_ok && cli_ok || die "the binaries in $BIN do not report the pinned versions after the build"
say "ready in $(( $(date +%s) - start ))s: daprd $DAPR_VERSION, dapr CLI $DAPR_CLI_VERSION in $BIN"
