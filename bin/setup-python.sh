#!/usr/bin/env bash
# Makes sure a CPython 3.9+ is on the PATH as python3, for the lab's Python rows and their tests:
# installs Debian's python3 when there is none and this runs as root. Prints what it found.
set -euo pipefail
ok() { python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; }
if ! ok; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup-python: installing Debian's python3" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >&2
  fi
fi
if ! ok; then
  echo "setup-python: no python3 3.9 or later on the PATH; install one (Debian: apt-get install python3)" >&2
  exit 1
fi
echo "setup-python: $(command -v python3) ($(python3 --version 2>&1))" >&2
