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

command -v go >/dev/null 2>&1 || die "Go is not installed. Install Go 1.26 or newer (https://go.dev/doc/install, or your package manager), then run 'make dapr' again."

# go mod download needs a module context-free dir; -json tells us where the source landed.
module_dir() {
  local json dir
  json=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$1@v$2" 2>&1) || die "could not download $1@v$2: $json"
  dir=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || die "could not download $1@v$2: $json"
  printf '%s' "$dir"
}

need_go() {
  local want have
  want=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$1/go.mod")
  have=$(go env GOVERSION | sed 's/^go//')
  if [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -1)" != "$want" ]; then
    die "Go $have is too old to build $2: it needs Go $want or newer. Install a newer Go and run 'make dapr' again."
  fi
}

# Builds the given packages of a module from a writable copy (the module cache is read-only and
# the go.mod has replace directives, so `go install pkg@version` cannot be used). Prints a
# progress line every 200 compiled packages; the full log stays in $WORK.
build_module() {
  local src=$1 name=$2 ldflags=$3 tags=$4; shift 4
  local copy=$WORK/$name log=$WORK/$name.log
  rm -rf "$copy"; mkdir -p "$WORK"
  cp -r "$src" "$copy"; chmod -R u+w "$copy"
  mkdir -p "$copy/.out"
  local total
  say "  $name: resolving dependencies (the first time this downloads about 3 GB of Go modules)"
  total=$(cd "$copy" && go list -deps -tags "$tags" "$@" 2>/dev/null | wc -l) || total="?"
  say "  $name: compiling $total packages (log: $log)"
  set +e
  (cd "$copy" && CGO_ENABLED=0 go build -v -trimpath -tags "$tags" -ldflags "$ldflags" -o .out/ "$@") 2>&1 | tee "$log" |
    awk -v name="$name" -v total="$total" '{ n++; if (n % 200 == 0) { printf "[dapr]   %s: %d/%s\n", name, n, total; fflush() } }'
  local status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    grep -v '^go: downloading' "$log" | grep -E '\.go:|403|error' | head -20 >&2
    die "building $name failed (exit $status); full log: $log"
  fi
}

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
