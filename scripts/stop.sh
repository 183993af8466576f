#!/usr/bin/env bash
# Stops what `make run` started: the whole process group of its apps and sidecars, then any stragglers.
set -uo pipefail
cd "$(dirname "$0")/.."
pgid_file=.run/quire.pgid
say() { printf '[stop] %s\n' "$*"; }

scripts/control-plane.sh stop
if [ ! -f "$pgid_file" ]; then say "Quire is not running (no $pgid_file)"; exit 0; fi
pgid=$(cat "$pgid_file")
if kill -TERM -- "-$pgid" 2>/dev/null; then
  for _ in $(seq 1 100); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pgid" 2>/dev/null && say "some processes ignored SIGTERM and were killed"
fi
rm -f "$pgid_file"
say "stopped"
