#!/usr/bin/env bash
# Starts or stops the Dapr control plane Quire needs on one machine: sentry (the certificate
# authority for mTLS), placement (actors and workflows) and scheduler (workflow timers and
# reminders), which nothing starts after `dapr init --slim`; and around them Jaeger (every
# sidecar's traces) and Prometheus (every sidecar's, app's and control-plane process's metrics),
# which the ops console reads (services/console, started with the apps).
# Usage: control-plane.sh start|stop  (env: RUN_DIR, PORT_OFFSET; DAPR_ONLY=1 starts sentry,
# placement and scheduler alone)
# The certificate authority's root and issuer certificates are made in $RUN_DIR/sentry the first
# time (never committed); every daprd, placement and scheduler trusts that root ($RUN_DIR/sentry/ca.crt).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${RUN_DIR:-$root/.run}
PORT_OFFSET=${PORT_OFFSET:-0}
DAPR_BIN=${DAPR_HOME:-$HOME/.dapr}/bin
# shellcheck source=../dapr/control-plane.env
source "$root/dapr/control-plane.env"
p() { echo $(( $1 + PORT_OFFSET )); }
healthz() { echo "http://127.0.0.1:$(p "$1")/healthz"; }
say() { printf '[control-plane] %s\n' "$*"; }

healthy() { curl -fsS "$1" >/dev/null 2>&1; }
# Sentry reports healthy a moment before its gRPC port accepts connections, and a daprd that
# cannot reach sentry at start exits for good: wait for the port too.
accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Sentry's port (50001, fixed by the dapr CLI) lies in Linux's ephemeral range, where a closing
# outgoing connection can hold it in TIME_WAIT for up to a minute: a start that fails with
# "address already in use" is tried again, for as long as that can last.
# start_one <name> <readiness URL> <port it must accept on> <command...>
start_one() {
  local name=$1 ready=$2 port=$3; shift 3
  if [ -f "$RUN_DIR/$name.pid" ] && kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null; then return 0; fi
  for attempt in $(seq 1 15); do
    "$@" > "$RUN_DIR/$name.log" 2>&1 &
    local pid=$!
    echo "$pid" > "$RUN_DIR/$name.pid"
    for _ in $(seq 1 100); do
      healthy "$ready" && accepts "$port" && return 0
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if ! kill -0 "$pid" 2>/dev/null && grep -q "address already in use" "$RUN_DIR/$name.log"; then
      say "$name: a port is still held by a closing connection (attempt $attempt of 15); trying again in 5 s"
      sleep 5
      continue
    fi
    break
  done
  local why
  why=$(grep -E 'level=(fatal|error)' "$RUN_DIR/$name.log" | tail -1 | sed -n 's/.*msg="\([^"]*\)".*/\1/p')
  say "error: $name $(kill -0 "$pid" 2>/dev/null && echo "did not become healthy" || echo "exited"): ${why:-$(tail -1 "$RUN_DIR/$name.log")} (log: $RUN_DIR/$name.log)" >&2
  exit 1
}

# Sentry watches its credentials folder and restarts its CA server (closing its port for a moment)
# whenever a file there changes. Left to make its own certificates, it writes them into that
# folder right after starting, sees its own writes and reloads, up to three times in the first
# seconds: a daprd asking for its certificate in between is refused and exits for good. So the
# credentials exist before sentry starts, made as sentry makes them (an Ed25519 root, and an
# Ed25519 issuer CA it signs, for a year), and moved into place in one rename.
issue_credentials() {
  local dir=$RUN_DIR/sentry
  [ -s "$dir/ca.crt" ] && [ -s "$dir/issuer.crt" ] && [ -s "$dir/issuer.key" ] && return 0
  command -v openssl >/dev/null || { say "error: openssl is needed to make sentry's certificates (apt-get install openssl)" >&2; exit 1; }
  local tmp
  tmp=$(mktemp -d "$RUN_DIR/.sentry-XXXXXX")
  (
    cd "$tmp"; umask 077
    openssl genpkey -algorithm ed25519 -out root.key 2>/dev/null
    openssl req -x509 -new -key root.key -days 365 -subj "/O=localhost" -out ca.crt \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,digitalSignature"
    openssl genpkey -algorithm ed25519 -out issuer.key 2>/dev/null
    openssl req -new -key issuer.key -subj "/O=spiffe:\/\/localhost\/ns\/default\/dapr-sentry" -out issuer.csr
    printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\n' > issuer.ext
    openssl x509 -req -in issuer.csr -CA ca.crt -CAkey root.key -CAcreateserial -days 365 -extfile issuer.ext -out issuer.crt 2>/dev/null
    rm -f root.key issuer.csr issuer.ext ca.srl
  ) || { rm -rf "$tmp"; say "error: could not make sentry's certificates with openssl" >&2; exit 1; }
  rm -rf "$dir"
  mv "$tmp" "$dir"
}

# What Prometheus scrapes: the metrics port of every sidecar in the run file (each instance's,
# with SCALE) and of each
# control-plane process (a series carries its app_id), and every app's own /metrics on its port
# (the ops console's too); `job` tells them apart.
prometheus_config() {
  local sidecars apps
  targets() { while read -r port; do printf "'127.0.0.1:%s', " "$(p "$port")"; done; }
  ports=$(cd "$root" && node --import tsx scripts/topology.ts ports)
  sidecars=$(sed -n 's/^sidecar //p' <<<"$ports" | targets)
  apps=$(sed -n 's/^app //p' <<<"$ports" | targets)
  cat <<YAML
# Rendered by scripts/control-plane.sh from dapr/run.yaml and dapr/control-plane.env.
global:
  scrape_interval: 5s
  evaluation_interval: 5s
scrape_configs:
  - job_name: sidecars
    static_configs:
      - targets: [${sidecars%, }]
  - job_name: control-plane
    static_configs:
      - targets: ['127.0.0.1:$(p "$SENTRY_METRICS_PORT")', '127.0.0.1:$(p "$PLACEMENT_METRICS_PORT")', '127.0.0.1:$(p "$SCHEDULER_METRICS_PORT")']
  - job_name: apps
    static_configs:
      - targets: [${apps%, }]
YAML
}

case "${1:-}" in
  start)
    mkdir -p "$RUN_DIR/scheduler-data"
    issue_credentials
    start_one sentry "$(healthz "$SENTRY_HEALTHZ_PORT")" "$(p "$SENTRY_PORT")" "$DAPR_BIN/sentry" \
      --port "$(p "$SENTRY_PORT")" --listen-address 127.0.0.1 \
      --healthz-port "$(p "$SENTRY_HEALTHZ_PORT")" --healthz-listen-address 127.0.0.1 \
      --metrics-port "$(p "$SENTRY_METRICS_PORT")" --metrics-listen-address 127.0.0.1 \
      --issuer-credentials "$RUN_DIR/sentry" --trust-domain localhost \
      --config "$root/dapr/sentry.yaml" --log-level warn
    # Placement and scheduler get their own certificates from sentry and speak mTLS too.
    tls=(--tls-enabled --trust-anchors-file "$RUN_DIR/sentry/ca.crt" --trust-domain localhost --sentry-address "127.0.0.1:$(p "$SENTRY_PORT")")
    start_one placement "$(healthz "$PLACEMENT_HEALTHZ_PORT")" "$(p "$PLACEMENT_PORT")" "$DAPR_BIN/placement" \
      --port "$(p "$PLACEMENT_PORT")" --listen-address 127.0.0.1 \
      --healthz-port "$(p "$PLACEMENT_HEALTHZ_PORT")" --healthz-listen-address 127.0.0.1 \
      --metrics-port "$(p "$PLACEMENT_METRICS_PORT")" --metrics-listen-address 127.0.0.1 \
      --initial-cluster "dapr-placement-0=127.0.0.1:$(p "$PLACEMENT_RAFT_PORT")" "${tls[@]}" --log-level warn
    start_one scheduler "$(healthz "$SCHEDULER_HEALTHZ_PORT")" "$(p "$SCHEDULER_PORT")" "$DAPR_BIN/scheduler" \
      --port "$(p "$SCHEDULER_PORT")" --listen-address 127.0.0.1 \
      --healthz-port "$(p "$SCHEDULER_HEALTHZ_PORT")" --healthz-listen-address 127.0.0.1 \
      --metrics-port "$(p "$SCHEDULER_METRICS_PORT")" --metrics-listen-address 127.0.0.1 \
      --etcd-data-dir "$RUN_DIR/scheduler-data" --etcd-client-port "$(p "$SCHEDULER_ETCD_CLIENT_PORT")" \
      --etcd-client-listen-address 127.0.0.1 \
      --etcd-initial-cluster "dapr-scheduler-server-0=http://127.0.0.1:$(p "$SCHEDULER_ETCD_PEER_PORT")" "${tls[@]}" --log-level warn
    say "sentry on 127.0.0.1:$(p "$SENTRY_PORT"), placement on 127.0.0.1:$(p "$PLACEMENT_PORT"), scheduler on 127.0.0.1:$(p "$SCHEDULER_PORT") (mTLS)"
    [ "${DAPR_ONLY:-0}" = 1 ] && exit 0
    export JAEGER_OTLP_GRPC_PORT=$(p "$JAEGER_OTLP_GRPC_PORT") JAEGER_OTLP_HTTP_PORT=$(p "$JAEGER_OTLP_HTTP_PORT")
    export JAEGER_QUERY_PORT=$(p "$JAEGER_QUERY_PORT") JAEGER_QUERY_GRPC_PORT=$(p "$JAEGER_QUERY_GRPC_PORT")
    start_one jaeger "http://127.0.0.1:$JAEGER_QUERY_PORT/api/services" "$JAEGER_OTLP_GRPC_PORT" "$("$root/scripts/jaeger.sh" path)" --config "$root/dapr/jaeger.yaml"
    prometheus_config > "$RUN_DIR/prometheus.yml"
    start_one prometheus "http://127.0.0.1:$(p "$PROMETHEUS_PORT")/-/ready" "$(p "$PROMETHEUS_PORT")" "$("$root/scripts/prometheus.sh" path)" \
      --config.file "$RUN_DIR/prometheus.yml" --storage.tsdb.path "$RUN_DIR/prometheus-data" --storage.tsdb.retention.time 1d \
      --web.listen-address "127.0.0.1:$(p "$PROMETHEUS_PORT")" --log.level warn
    say "Jaeger's query API on http://127.0.0.1:$JAEGER_QUERY_PORT (OTLP in on $JAEGER_OTLP_GRPC_PORT), Prometheus on http://127.0.0.1:$(p "$PROMETHEUS_PORT")"
    ;;
  stop)
    for name in prometheus jaeger scheduler placement sentry; do
      pid_file=$RUN_DIR/$name.pid
      [ -f "$pid_file" ] || continue
      pid=$(cat "$pid_file")
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$pid_file"
    done
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
