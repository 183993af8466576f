#!/usr/bin/env bash
# Builds the Go shipping (services/shipping-go, chosen with IMPL=shipping=go) into its bin/ folder,
# only when the binary is missing, older than any of its Go sources, go.mod or go.sum, or was
# built with cgo. Always without cgo: a static binary, which the shipping-go image copies as it is
# (the Dockerfile says why) and which needs no particular C library there or here.
set -euo pipefail

DIR=$(cd "$(dirname "$0")/.." && pwd)/services/shipping-go
BIN=$DIR/bin/shipping
say() { printf '[shipping-go] %s\n' "$*"; }
die() { printf '[shipping-go] error: %s\n' "$*" >&2; exit 1; }

# (Without Go at hand, a binary already there is taken as it is.)
static() { ! command -v go >/dev/null 2>&1 || go version -m "$BIN" 2>/dev/null | grep -q 'CGO_ENABLED=0'; }
if [ -x "$BIN" ] && static && [ -z "$(find "$DIR" -path "$DIR/bin" -prune -o \( -name '*.go' -o -name go.mod -o -name go.sum \) -newer "$BIN" -print -quit)" ]; then
  exit 0
fi

command -v go >/dev/null 2>&1 || die "Go is not installed. Install Go 1.26 or newer (https://go.dev/doc/install, or your package manager), then run again."
want=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$DIR/go.mod")
have=$(go env GOVERSION | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -1)" != "$want" ]; then
  die "Go $have is too old to build shipping-go: it needs Go $want or newer."
fi

start=$(date +%s)
if [ -x "$BIN" ]; then say "rebuilding $BIN (its sources changed, or it was built with cgo)"; else say "building $BIN (the first time this downloads its Go modules)"; fi
(cd "$DIR" && CGO_ENABLED=0 go build -trimpath -o bin/shipping .) || die "go build failed in $DIR"
# go build leaves an unchanged binary untouched; the next check compares times.
touch "$BIN"
say "built $(du -h "$BIN" | cut -f1) in $(( $(date +%s) - start ))s"
