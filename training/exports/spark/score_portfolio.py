"""Scores a customer file on Spark with the registered Retém model, through MLflow's spark_udf.

    python training/exports/spark/score_portfolio.py --model-uri models:/retem-churn@champion \
        --data customers.csv.gz --out scores/ [--id ID] [--master local[2]]

MLFLOW_TRACKING_URI names the server that holds the model. The model's python_function flavor
runs the ONNX pipeline on each batch of rows; the UDF is called with no arguments, so MLflow
picks the input columns by the names in the model's signature, and extra columns are ignored.
Writes one CSV part file under --out with the columns of `npm run score`'s decisions file:
ID, probability (6 decimals), decision (1 to contact, 0 not to, -1 for a row that could not be
scored) and expected_value_brl (the R$ expected from that decision under the model's payoffs, 2
decimals), and prints the rows per second from reading the file to writing the scores, Spark's
start left out. The file is read with a schema from its header and the model's preprocess.json
(the ID as text, the model's numeric columns as numbers, every other column, dates included, as
text), so Spark makes no pass of its own to guess the types and an ID such as 00123 stays as
written. A numeric cell Spark cannot read as a number reaches the model as a missing value; a
date cell that is no date in its column's format gets no probability and decision -1. Spark's
Python workers must run an interpreter with mlflow, onnxruntime and pandas: set PYSPARK_PYTHON to it (this script does so
with its own interpreter when PYSPARK_PYTHON is unset).
"""

import argparse
import os
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model-uri", required=True, help="e.g. models:/retem-churn@champion")
    parser.add_argument("--data", required=True, help="customer CSV (or CSV.GZ) with a header")
    parser.add_argument("--out", required=True, help="output folder for the scores CSV")
    parser.add_argument("--id", default="ID", help="the customer ID column (default: ID)")
    parser.add_argument("--master", default="local[2]", help="Spark master (default: local[2])")
    args = parser.parse_args()

    spark = start_spark(args.master)
    try:
        model_dir = _model_dir(args.model_uri)
        rows, seconds = score_portfolio(spark, model_dir, args.data, args.out, args.id)
        print(f"{rows} customers scored in {seconds:.1f} s ({rows / seconds:,.0f} rows/s)")
        print(f"scores written to {args.out}")
    finally:
        spark.stop()


def start_spark(master):
    """A Spark session on `master` with Arrow on and no UI; Python workers run this interpreter."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName("retem-score-portfolio")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def _model_dir(model_uri):
    """The model's local directory, downloaded from the tracking server for a models:/ URI."""
    import mlflow.artifacts

    return mlflow.artifacts.download_artifacts(artifact_uri=model_uri)


def score_portfolio(spark, model_dir, data, out, id_column):
    """Scores the customer file `data` into one CSV part file under `out`.

    Returns (rows written, seconds from reading the file to the scores written). Exits with a
    message when the file lacks the ID column or a column the model reads.
    """
    import mlflow.pyfunc
    from pyspark.sql import functions as F
    from pyspark.sql.types import DoubleType, LongType, StructField, StructType

    started = time.perf_counter()
    header = _header_of(data)
    if id_column not in header:
        raise SystemExit(f"{data} has no ID column {id_column!r}")
    customers = spark.read.csv(data, header=True, schema=_schema_of(header, id_column, model_dir))
    # Only what the model reads travels on.
    reads = [name for name in _model_columns(model_dir) if name != id_column]
    absent = [name for name in reads if name not in header]
    if absent:
        shown = ", ".join(absent[:5]) + (", …" if len(absent) > 5 else "")
        raise SystemExit(f"{data} lacks {len(absent)} column(s) the model reads: {shown}")
    customers = customers.select(id_column, *reads)
    outputs = StructType([
        StructField("probability", DoubleType()),
        StructField("decision", LongType()),
        StructField("expected_value_brl", DoubleType()),
    ])
    churn = mlflow.pyfunc.spark_udf(spark, model_dir, result_type=outputs, env_manager="local")
    scored = customers.select(F.col(id_column).alias("ID"), churn().alias("scored")).select(
        "ID",
        F.round("scored.probability", 6).alias("probability"),
        "scored.decision",
        F.round("scored.expected_value_brl", 2).alias("expected_value_brl"),
    )
    scored.coalesce(1).write.mode("overwrite").csv(out, header=True)
    seconds = time.perf_counter() - started
    return spark.read.csv(out, header=True).count(), seconds


def _header_of(path):
    """The file's column names, as its first line gives them (gzip or not; a BOM dropped)."""
    import csv
    import gzip

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f))


def _input_columns(model_dir):
    """The model's input columns, [{"name", "kind"}], from its preprocess.json."""
    import json

    with open(os.path.join(model_dir, "preprocess.json"), encoding="utf-8") as f:
        return json.load(f)["inputColumns"]


def _model_columns(model_dir):
    """The names of the columns the model reads."""
    return [c["name"] for c in _input_columns(model_dir)]


def _schema_of(header, id_column, model_dir):
    """Every column as text but the model's numeric inputs (double): a schema that needs no pass."""
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    # A date column stays text: the model's loader reads its dates.
    numeric = {
        c["name"]
        for c in _input_columns(model_dir)
        if c["kind"] == "numeric" and not c.get("date")
    }
    return StructType([
        StructField(name, DoubleType() if name in numeric and name != id_column else StringType())
        for name in header
    ])


if __name__ == "__main__":
    main()
