#!/usr/bin/env bash
# Puts the pinned Jaeger v2 (all-in-one: OTLP in, in-memory storage, query API) where Quire finds
# it. An install of the pinned version on the PATH is used as it is (an official release binary
# also brings Jaeger's web UI); otherwise it is built once from its Go module into the cache.
# Usage: jaeger.sh            install when missing
#        jaeger.sh path       print the binary Quire uses
set -euo pipefail

# Jaeger tags each release twice (v1.x and v2.x on one commit); the Go module proxy serves only
# the v1.x tags: v1.76.0 is Jaeger v2.13.0, the newest it serves.
JAEGER_VERSION=2.13.0
JAEGER_MODULE_VERSION=1.76.0

CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/quire
WORK=$CACHE/jaeger-build
OWN=$CACHE/jaeger-v$JAEGER_VERSION/jaeger
say() { printf '[jaeger] %s\n' "$*"; }
die() { printf '[jaeger] error: %s\n' "$*" >&2; exit 1; }

pinned() { [ -x "$1" ] && "$1" version 2>/dev/null | grep -q "v$JAEGER_VERSION"; }
installed() {
  local on_path
  on_path=$(command -v jaeger 2>/dev/null || true)
  if [ -n "$on_path" ] && pinned "$on_path"; then printf '%s' "$on_path"; return 0; fi
  pinned "$OWN" && printf '%s' "$OWN"
}

if [ "${1:-}" = path ]; then installed || die "Jaeger $JAEGER_VERSION is not installed; run 'make setup'"; exit 0; fi
installed >/dev/null && exit 0

# shellcheck source=go-module.sh
source "$(dirname "$0")/go-module.sh"
start=$(date +%s)
say "Jaeger $JAEGER_VERSION is not installed: building it from its Go module (once; several minutes on 2 cores)."
say "Built from source it has no web UI (a git submodule the module does not carry): Quire's console shows traces from its API."
src=$(module_dir github.com/jaegertracing/jaeger "$JAEGER_MODULE_VERSION")
need_go "$src" "Jaeger $JAEGER_VERSION"
v=github.com/jaegertracing/jaeger/internal/version
build_module "$src" "jaeger-$JAEGER_VERSION" "-s -w -X $v.latestVersion=v$JAEGER_VERSION -X $v.commitSHA=v$JAEGER_MODULE_VERSION" "" ./cmd/jaeger
install -D -m 0755 "$WORK/jaeger-$JAEGER_VERSION/.out/jaeger" "$OWN"
rm -rf "$WORK/jaeger-$JAEGER_VERSION"
pinned "$OWN" || die "the built binary does not report version v$JAEGER_VERSION ($OWN version)"
say "Jaeger $JAEGER_VERSION installed in $OWN in $(( $(date +%s) - start ))s"
