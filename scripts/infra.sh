#!/usr/bin/env bash
# Checks the local infrastructure Quire's default profile needs: Redis on 127.0.0.1:6379.
# Starts a local redis-server when nothing answers and the binary exists.
set -euo pipefail
say() { printf '[infra] %s\n' "$*"; }

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if answers 6379; then exit 0; fi
if command -v redis-server >/dev/null 2>&1; then
  say "nothing answers on 127.0.0.1:6379; starting redis-server"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp >/dev/null
  for _ in $(seq 1 50); do answers 6379 && { say "redis-server is up"; exit 0; }; sleep 0.1; done
  say "error: redis-server did not come up on 127.0.0.1:6379" >&2; exit 1
fi
say "error: Quire's default profile needs Redis on 127.0.0.1:6379 and none is running." >&2
say "Install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) and run again." >&2
exit 1
