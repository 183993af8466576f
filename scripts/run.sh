#!/usr/bin/env bash
# Runs Quire in the foreground: every app of dapr/run.yaml with its daprd (scripts/run-apps.ts),
# each app and its sidecar with their own tokens.
# Ctrl-C here, or `make stop` elsewhere, stops every process it started.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_DIR=.run
GATEWAY_URL="http://${GATEWAY_HOST:-127.0.0.1}:8080"
CONSOLE_URL="http://127.0.0.1:8081"
say() { printf '[run] %s\n' "$*"; }

if [ -f "$RUN_DIR/quire.pgid" ] && kill -0 -- "-$(cat "$RUN_DIR/quire.pgid")" 2>/dev/null; then
  say "Quire is already running (process group $(cat "$RUN_DIR/quire.pgid")); 'make stop' stops it." >&2
  exit 1
fi
mkdir -p "$RUN_DIR"

# The profile's components (default: Redis state and broker); a bad name stops here, listing the valid ones.
node --import tsx scripts/profile.ts "$RUN_DIR/components" "$RUN_DIR"
scripts/control-plane.sh start
source dapr/control-plane.env
# mTLS: every daprd starts with --enable-mtls and sentry's address (daprdArgs in
# scripts/topology.ts) and trusts sentry's root certificate, made on first start.
DAPR_TRUST_ANCHORS=$(cat "$RUN_DIR/sentry/ca.crt")
export DAPR_TRUST_ANCHORS

# A process group of its own, so stopping it reaches every daprd and app. Each app's tokens
# are made fresh there, per app.
unset DAPR_API_TOKEN APP_API_TOKEN
setsid node --import tsx scripts/run-apps.ts &
pid=$!
echo "$pid" > "$RUN_DIR/quire.pgid"

stop() { trap - INT TERM; scripts/stop.sh; exit 0; }
# A sidecar that died while starting (daprd logs `level=fatal`) does not come back by itself:
# one line on which one, why, and where its log is.
sidecar_died() {
  local log
  log=$(find "$RUN_DIR/logs" -name '*.log' -newer "$RUN_DIR/quire.pgid" -exec grep -l 'level=fatal' {} + 2>/dev/null | head -1)
  [ -n "$log" ] || return 1
  say "$(basename "$log" .log)'s sidecar died: $(grep -m1 'level=fatal' "$log" | sed -n 's/.*msg="\([^"]*\)".*/\1/p') (log: $log)" >&2
}
trap stop INT TERM

say "starting every service${DEV:+ from its TypeScript (tsx)} with its sidecar (logs: $RUN_DIR/logs/<app-id>.log)"
started=$(date +%s)
until curl -fsS "$GATEWAY_URL/healthz" >/dev/null 2>&1; do
  if sidecar_died; then scripts/stop.sh; exit 1; fi
  if ! kill -0 "$pid" 2>/dev/null; then say "the launcher (scripts/run-apps.ts) exited; the output above says which app or sidecar ended" >&2; scripts/stop.sh; exit 1; fi
  if [ $(( $(date +%s) - started )) -gt 180 ]; then
    say "not healthy after 180s; see the output above and: curl $GATEWAY_URL/healthz" >&2
    scripts/stop.sh; exit 1
  fi
  sleep 1
done
say "Quire is up after $(( $(date +%s) - started ))s: the shop at $GATEWAY_URL/ in a browser, the API at $GATEWAY_URL/api (try: curl $GATEWAY_URL/api/books)"
say "The ops console (service map, traces, health, dead letters) at $CONSOLE_URL/ — Jaeger's API at http://127.0.0.1:$JAEGER_QUERY_PORT/api/services, Prometheus at http://127.0.0.1:$PROMETHEUS_PORT"
say "Ctrl-C or 'make stop' stops it."
wait "$pid" || true
