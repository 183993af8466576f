#!/usr/bin/env bash
# Puts the pinned kubeconform, and the schemas it validates Quire's chart against, where
# `make test-deploy` finds them; each only when missing. Its schemas normally download from
# GitHub: here they are made offline from Go modules instead, the Kubernetes ones from the
# k8s.io/kubernetes module's OpenAPI document (scripts/k8s-schemas.ts), Dapr's from the CRDs of
# the github.com/dapr/dapr module (with kubeconform's own openapi2jsonschema.py).
# Usage: kubeconform.sh            install when missing
#        kubeconform.sh path       print the binary
#        kubeconform.sh schemas    print the schema folder
set -euo pipefail
cd "$(dirname "$0")/.."

KUBECONFORM_VERSION=0.8.0
# The Kubernetes the pinned Helm speaks (its client-go is v0.37), and the Dapr `make run` runs.
KUBERNETES_VERSION=1.37.2
DAPR_VERSION=1.18.2

CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/quire
WORK=$CACHE/kubeconform-build
OWN=$CACHE/kubeconform-v$KUBECONFORM_VERSION/kubeconform
SCHEMAS=$CACHE/schemas-k8s-v$KUBERNETES_VERSION-dapr-v$DAPR_VERSION
say() { printf '[kubeconform] %s\n' "$*"; }
die() { printf '[kubeconform] error: %s\n' "$*" >&2; exit 1; }

pinned() { [ -x "$1" ] && [ "$("$1" -v 2>/dev/null)" = "v$KUBECONFORM_VERSION" ]; }
installed() {
  local on_path
  on_path=$(command -v kubeconform 2>/dev/null || true)
  if [ -n "$on_path" ] && pinned "$on_path"; then printf '%s' "$on_path"; return 0; fi
  pinned "$OWN" && printf '%s' "$OWN"
}
schemas_ok() { [ -s "$SCHEMAS/deployment-apps-v1.json" ] && [ -s "$SCHEMAS/component-dapr-v1alpha1.json" ]; }

case "${1:-}" in
  path) installed || die "kubeconform $KUBECONFORM_VERSION is not installed; run 'make deploy-tools'"; exit 0 ;;
  schemas) schemas_ok || die "the schemas are not made; run 'make deploy-tools'"; printf '%s' "$SCHEMAS"; exit 0 ;;
esac
installed >/dev/null && schemas_ok && exit 0

# shellcheck source=go-module.sh
source scripts/go-module.sh
start=$(date +%s)
if ! installed >/dev/null; then
  say "kubeconform $KUBECONFORM_VERSION is not installed: building it from its Go module (once; a minute or two)."
  src=$(module_dir github.com/yannh/kubeconform "$KUBECONFORM_VERSION")
  need_go "$src" "kubeconform $KUBECONFORM_VERSION"
  build_module "$src" "kubeconform-$KUBECONFORM_VERSION" "-s -w -X main.version=v$KUBECONFORM_VERSION" "" ./cmd/kubeconform
  install -D -m 0755 "$WORK/kubeconform-$KUBECONFORM_VERSION/.out/kubeconform" "$OWN"
  rm -rf "$WORK/kubeconform-$KUBECONFORM_VERSION"
  pinned "$OWN" || die "the built binary does not report version v$KUBECONFORM_VERSION ($OWN -v)"
fi

if ! schemas_ok; then
  say "making the schemas: Kubernetes $KUBERNETES_VERSION's OpenAPI document and Dapr $DAPR_VERSION's CRDs (downloading their Go modules the first time)"
  python3 -c 'import yaml' 2>/dev/null || {
    source scripts/debian-packages.sh
    install_debian_packages "converting Dapr's CRDs" python3 python3-yaml
  }
  k8s=$(module_dir k8s.io/kubernetes "$KUBERNETES_VERSION")
  dapr=$(module_dir github.com/dapr/dapr "$DAPR_VERSION")
  conform=$(module_dir github.com/yannh/kubeconform "$KUBECONFORM_VERSION")
  tmp=$SCHEMAS.tmp; rm -rf "$tmp"; mkdir -p "$tmp"
  node --import tsx scripts/k8s-schemas.ts "$k8s/api/openapi-spec/swagger.json" "$tmp"
  # The script writes into the folder it runs in; names like component-dapr-v1alpha1.json.
  (cd "$tmp" && FILENAME_FORMAT='{kind}-{group}-{version}' python3 "$conform/scripts/openapi2jsonschema.py" "$dapr"/charts/dapr/crds/*.yaml) |
    sed 's/^/[kubeconform]   /'
  rm -rf "$SCHEMAS"; mv "$tmp" "$SCHEMAS"
fi
say "kubeconform $KUBECONFORM_VERSION and its schemas ready in $(( $(date +%s) - start ))s"
