#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, when it is missing:
# Debian's Chromium for the browser tests. Idempotent and quick when everything is there.
set -euo pipefail

if ! command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1; then
  echo "• installing Chromium (Debian package) for the browser tests"
  if [ "$(id -u)" -ne 0 ]; then
    echo "Chromium is missing and this user cannot install it: run 'sudo apt-get install chromium'." >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
