#!/usr/bin/env bash
# Puts the pinned Helm where `make test-deploy` finds it. A `helm` of that version on the PATH is
# used as it is; otherwise it is built once from its Go module into the cache (a few minutes).
# Usage: helm.sh            install when missing
#        helm.sh path       print the binary Quire uses
set -euo pipefail

HELM_VERSION=3.22.0
# Helm's own Makefile stamps the Kubernetes version its client libraries speak (client-go v0.37
# is Kubernetes 1.37) into lint and template's default .Capabilities; the same stamps here.
K8S_MAJOR=1 K8S_MINOR=37

CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/quire
WORK=$CACHE/helm-build
OWN=$CACHE/helm-v$HELM_VERSION/helm
say() { printf '[helm] %s\n' "$*"; }
die() { printf '[helm] error: %s\n' "$*" >&2; exit 1; }

pinned() { [ -x "$1" ] && "$1" version --template '{{.Version}}' 2>/dev/null | grep -qx "v$HELM_VERSION"; }
installed() {
  local on_path
  on_path=$(command -v helm 2>/dev/null || true)
  if [ -n "$on_path" ] && pinned "$on_path"; then printf '%s' "$on_path"; return 0; fi
  pinned "$OWN" && printf '%s' "$OWN"
}

if [ "${1:-}" = path ]; then installed || die "Helm $HELM_VERSION is not installed; run 'make deploy-tools'"; exit 0; fi
installed >/dev/null && exit 0

# shellcheck source=go-module.sh
source "$(dirname "$0")/go-module.sh"
start=$(date +%s)
say "Helm $HELM_VERSION is not installed: building it from its Go module (once; a few minutes on 2 cores)."
src=$(module_dir helm.sh/helm/v3 "$HELM_VERSION")
need_go "$src" "Helm $HELM_VERSION"
v=helm.sh/helm/v3
flags="-s -w -X $v/internal/version.version=v$HELM_VERSION -X $v/internal/version.gitTreeState=clean"
for pkg in pkg/lint/rules pkg/chartutil; do flags="$flags -X $v/$pkg.k8sVersionMajor=$K8S_MAJOR -X $v/$pkg.k8sVersionMinor=$K8S_MINOR"; done
build_module "$src" "helm-$HELM_VERSION" "$flags" "" ./cmd/helm
install -D -m 0755 "$WORK/helm-$HELM_VERSION/.out/helm" "$OWN"
rm -rf "$WORK/helm-$HELM_VERSION"
pinned "$OWN" || die "the built binary does not report version v$HELM_VERSION ($OWN version)"
say "Helm $HELM_VERSION installed in $OWN in $(( $(date +%s) - start ))s"
