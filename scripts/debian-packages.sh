# Sourced by the set-up scripts that install a Debian package when it is missing (Chromium,
# Prometheus). The caller defines say().

# install_debian_packages <what it is for> <package[=version]>...
install_debian_packages() {
  local what=$1; shift
  if ! command -v apt-get >/dev/null 2>&1; then
    say "error: $what needs the Debian packages $*; install them with your package manager." >&2
    exit 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { say "error: installing $* needs root: run 'apt-get install $*' as root." >&2; exit 1; }
    sudo=sudo
  fi
  say "installing Debian's $* for $what (once; a few minutes)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
