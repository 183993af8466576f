#!/usr/bin/env bash
# The browser the storefront's browser tests drive: Debian's Chromium at /usr/bin/chromium
# (playwright-core launches it; no browser download). Installs the package when it is missing.
set -euo pipefail
say() { printf '[chromium] %s\n' "$*"; }
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

if [ -x "$CHROMIUM" ]; then exit 0; fi
# shellcheck source=debian-packages.sh
source "$(dirname "$0")/debian-packages.sh"
install_debian_packages "the browser tests" chromium fonts-dejavu-core
[ -x "$CHROMIUM" ] || { say "error: chromium was installed but $CHROMIUM is not there" >&2; exit 1; }
say "using $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
