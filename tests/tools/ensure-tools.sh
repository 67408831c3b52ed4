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

# Java for Spark (the MLflow model tests run spark_udf on local[2]).
if ! command -v java >/dev/null 2>&1; then
  echo "• installing a Java runtime (Debian package) for the Spark tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

# util-linux's script, which gives the CLI tests a pseudo-terminal (progress drawn in place).
if ! command -v script >/dev/null 2>&1; then
  echo "• installing util-linux's script (Debian package bsdutils) for the progress tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bsdutils >/dev/null
fi

# MLflow (pinned) in its own virtualenv for the tracking integration tests: a real server, no mock.
# The same virtualenv holds what the registered model needs (training/exports/mlflow/requirements.txt:
# onnxruntime, onnx, pandas) and pyspark, so the tests can load, serve and run it on Spark, and
# zizmor, which audits the GitHub workflows offline.
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MLFLOW_VERSION=3.17.2
PYSPARK_VERSION=4.3.0
ZIZMOR_VERSION=1.32.0
VENV="$ROOT/.venv-mlflow"
REQUIREMENTS="$ROOT/training/exports/mlflow/requirements.txt"
STAMP="$VENV/.retem-$(cat "$REQUIREMENTS" | sha256sum | cut -c1-12)-pyspark-$PYSPARK_VERSION-zizmor-$ZIZMOR_VERSION"
if [ ! -f "$STAMP" ]; then
  echo "• installing MLflow $MLFLOW_VERSION, the model's requirements, pyspark and zizmor into .venv-mlflow"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "mlflow[auth]==$MLFLOW_VERSION" \
    -r "$REQUIREMENTS" "pyspark==$PYSPARK_VERSION" "zizmor==$ZIZMOR_VERSION" 2>&1 | grep -v '^WARNING: Location' || true
  "$VENV/bin/python" -c "import mlflow, flask_wtf, onnxruntime, onnx, pyspark, pandas" >/dev/null
  "$VENV/bin/zizmor" --version >/dev/null
  touch "$STAMP"
fi
