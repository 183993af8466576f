#!/usr/bin/env bash
# The browser the storefront's browser tests drive: Debian's Chromium at /usr/bin/chromium
# (playwright-core launches it; no browser download). Installs the package when it is missing.
set -euo pipefail
say() { printf '[chromium] %s\n' "$*"; }
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

if [ -x "$CHROMIUM" ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  say "error: the browser tests need Chromium at $CHROMIUM; install it (package chromium) or set CHROMIUM=<path>." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { say "error: installing chromium needs root: run 'apt-get install chromium' as root." >&2; exit 1; }
  sudo=sudo
fi
say "Chromium is missing: installing Debian's chromium package (once; a few minutes)"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
[ -x "$CHROMIUM" ] || { say "error: chromium was installed but $CHROMIUM is not there" >&2; exit 1; }
say "using $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
