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

# MLflow (pinned) in its own virtualenv for the tracking integration tests: a real server, no mock.
MLFLOW_VERSION=3.17.2
VENV="$(cd "$(dirname "$0")/../.." && pwd)/.venv-mlflow"
if [ ! -f "$VENV/.retem-mlflow-$MLFLOW_VERSION" ]; then
  echo "• installing MLflow $MLFLOW_VERSION into .venv-mlflow (once)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "mlflow[auth]==$MLFLOW_VERSION" 2>&1 | grep -v '^WARNING: Location' || true
  "$VENV/bin/python" -c "import mlflow, flask_wtf" >/dev/null
  touch "$VENV/.retem-mlflow-$MLFLOW_VERSION"
fi
