# Sourced by the set-up scripts that build a pinned program from its Go module (the Dapr runtime
# and CLI, Jaeger): download the module, check the Go toolchain, build inside a writable copy.
# The caller defines say() and die() and sets WORK (a cache folder for copies and build logs).

# Downloads a module outside any module context and prints where its source landed.
module_dir() {
  local json dir
  json=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$1@v$2" 2>&1) || die "could not download $1@v$2: $json"
  dir=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || die "could not download $1@v$2: $json"
  printf '%s' "$dir"
}

# Stops with a clear message when the local Go is older than the module's go.mod asks for.
need_go() {
  local want have
  command -v go >/dev/null 2>&1 || die "Go is not installed. Install Go 1.26 or newer (https://go.dev/doc/install, or your package manager), then run set-up again."
  want=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$1/go.mod")
  have=$(go env GOVERSION | sed 's/^go//')
  if [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -1)" != "$want" ]; then
    die "Go $have is too old to build $2: it needs Go $want or newer. Install a newer Go and run set-up again."
  fi
}

# Builds the given packages of a module from a writable copy (the module cache is read-only, and
# a go.mod with replace directives rules out `go install pkg@version`) into $WORK/<name>/.out/.
# Prints a progress line every 200 compiled packages; the full log stays in $WORK.
build_module() {
  local src=$1 name=$2 ldflags=$3 tags=$4; shift 4
  local copy=$WORK/$name log=$WORK/$name.log total status
  rm -rf "$copy"; mkdir -p "$WORK"
  cp -r "$src" "$copy"; chmod -R u+w "$copy"
  mkdir -p "$copy/.out"
  say "  $name: resolving dependencies (the first time this downloads the modules it needs)"
  total=$(cd "$copy" && go list -deps -tags "$tags" "$@" 2>/dev/null | wc -l) || total="?"
  say "  $name: compiling $total packages (log: $log)"
  set +e
  (cd "$copy" && CGO_ENABLED=0 go build -v -trimpath -tags "$tags" -ldflags "$ldflags" -o .out/ "$@") 2>&1 | tee "$log" |
    awk -v total="$total" '{ n++; if (n % 200 == 0) { print n "/" total; fflush() } }' |
    while read -r done_of; do say "  $name: $done_of"; done
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    grep -v '^go: downloading' "$log" | grep -E '\.go:|403|error' | head -20 >&2
    die "building $name failed (exit $status); full log: $log"
  fi
}
