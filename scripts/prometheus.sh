#!/usr/bin/env bash
# Prometheus, which scrapes every sidecar's and control-plane process's metrics: Debian's
# package, installed when missing. An installed Prometheus 2.x is used as it is.
# Usage: prometheus.sh         install when missing
#        prometheus.sh path    print the binary Quire uses
set -euo pipefail
say() { printf '[prometheus] %s\n' "$*"; }
# Debian 12's; `apt-get install` takes exactly this one.
PROMETHEUS_PACKAGE=prometheus=2.42.0+ds-5+deb12u1

found() {
  local bin
  bin=$(command -v prometheus 2>/dev/null || echo /usr/bin/prometheus)
  [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "prometheus, version 2\." && printf '%s' "$bin"
}

if [ "${1:-}" = path ]; then found || { say "error: Prometheus is not installed; run 'make setup'" >&2; exit 1; }; exit 0; fi
found >/dev/null && exit 0
# shellcheck source=debian-packages.sh
source "$(dirname "$0")/debian-packages.sh"
install_debian_packages "the metrics behind the ops console" "$PROMETHEUS_PACKAGE"
found >/dev/null || { say "error: prometheus was installed but does not run" >&2; exit 1; }
say "using $("$(found)" --version 2>/dev/null | head -1)"
