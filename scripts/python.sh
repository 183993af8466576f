#!/usr/bin/env bash
# The Python 3 that runs the recommendations service and its tests: Debian's interpreter with
# Debian 12's packages (FastAPI, uvicorn, httpx, jsonschema, pytest, prometheus-client). No pip.
# Installs the packages when missing; what is installed is used as it is.
# Usage: python.sh               install the packages when missing
#        python.sh path          print the interpreter Quire uses
#        python.sh exec ARGS...  run that interpreter with ARGS (how run.yaml and `make test-python` start it)
#
# Why not `python3` from PATH: one from a Python version manager or a venv cannot see Debian's
# dist-packages, so it would fail on `import fastapi` although the packages are installed.
# Debian's interpreter is /usr/bin/python3; QUIRE_PYTHON points elsewhere on a machine that has
# these libraries under another interpreter.
set -euo pipefail
say() { printf '[python] %s\n' "$*" >&2; }
PYTHON=${QUIRE_PYTHON:-/usr/bin/python3}
# Debian 12's versions; `apt-get install` takes exactly these.
PACKAGES=(
  python3-fastapi=0.92.0-1
  python3-uvicorn=0.17.6-1
  python3-httpx=0.23.3-1
  python3-jsonschema=4.10.3-1
  python3-pytest=7.2.1-2
  python3-prometheus-client=0.16.0-0.1
)
MODULES="fastapi, uvicorn, httpx, jsonschema, pytest, prometheus_client"

# The interpreter's own site-packages only: PYTHONPATH/PYTHONHOME left by another Python would
# mix its libraries (or its standard library) with Debian's.
run() { env -u PYTHONPATH -u PYTHONHOME "$PYTHON" "$@"; }
ready() { [ -x "$PYTHON" ] && run -c "import $MODULES" >/dev/null 2>&1; }

case "${1:-}" in
  path)
    ready || { say "error: $PYTHON cannot import $MODULES; run 'make python'"; exit 1; }
    printf '%s\n' "$PYTHON"; exit 0 ;;
  exec)
    shift
    if ! ready; then
      say "error: $PYTHON cannot import $MODULES."
      say "Install Debian's packages with 'make python' (or: apt-get install ${PACKAGES[*]%%=*})."
      exit 1
    fi
    # exec: the service is this process, so signals (and a test's kill) reach it directly.
    exec env -u PYTHONPATH -u PYTHONHOME PYTHONDONTWRITEBYTECODE=1 "$PYTHON" "$@" ;;
  "") ;;
  *) say "usage: python.sh [path | exec ARGS...]"; exit 2 ;;
esac

ready && exit 0
if [ "${QUIRE_PYTHON:-}" != "" ]; then
  say "error: QUIRE_PYTHON=$PYTHON cannot import $MODULES; install them for that interpreter, or unset QUIRE_PYTHON."
  exit 1
fi
# shellcheck source=debian-packages.sh
source "$(dirname "$0")/debian-packages.sh"
install_debian_packages "the recommendations service" "${PACKAGES[@]}"
ready || { say "error: the packages were installed but $PYTHON still cannot import $MODULES" >&2; exit 1; }
say "using $(run --version 2>&1) with $(run -c 'import fastapi, uvicorn, httpx; print(f"fastapi {fastapi.__version__}, uvicorn {uvicorn.__version__}, httpx {httpx.__version__}")')"
