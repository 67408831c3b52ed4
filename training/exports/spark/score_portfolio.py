"""Scores a customer file on Spark with the registered Retém model, through MLflow's spark_udf.

    python training/exports/spark/score_portfolio.py --model-uri models:/retem-churn@champion \
        --data customers.csv.gz --out scores/ [--id ID] [--master local[2]]

MLFLOW_TRACKING_URI names the server that holds the model. The model's python_function flavor
runs the ONNX pipeline on each batch of rows; the UDF is called with no arguments, so MLflow
picks the input columns by the names in the model's signature, and extra columns are ignored.
Writes one CSV part file under --out with the columns of `npm run score`'s decisions file:
ID, probability, decision (1 to contact, 0 not to, -1 for a row that could not be scored) and
expected_value_brl (the R$ expected from that decision under the model's payoffs), and prints
the rows per second of the scoring itself, Spark's start left out. Spark's Python workers must run an
interpreter with mlflow, onnxruntime and pandas: set PYSPARK_PYTHON to it (this script does so
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

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    import mlflow.pyfunc
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(args.master)
        .appName("retem-score-portfolio")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    try:
        from pyspark.sql import functions as F
        from pyspark.sql.types import DoubleType, LongType, StructField, StructType

        started = time.perf_counter()
        customers = spark.read.csv(args.data, header=True, inferSchema=True)
        if args.id not in customers.columns:
            raise SystemExit(f"{args.data} has no ID column {args.id!r}")
        outputs = StructType([
            StructField("probability", DoubleType()),
            StructField("decision", LongType()),
            StructField("expected_value_brl", DoubleType()),
        ])
        churn = mlflow.pyfunc.spark_udf(
            spark, args.model_uri, result_type=outputs, env_manager="local"
        )
        scored = customers.select(F.col(args.id).alias("ID"), churn().alias("scored")).select(
            "ID",
            "scored.probability",
            "scored.decision",
            F.round("scored.expected_value_brl", 2).alias("expected_value_brl"),
        )
        scored.coalesce(1).write.mode("overwrite").csv(args.out, header=True)
        seconds = time.perf_counter() - started
        rows = spark.read.csv(args.out, header=True).count()
        print(f"{rows} customers scored in {seconds:.1f} s ({rows / seconds:,.0f} rows/s)")
        print(f"scores written to {args.out}")
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
