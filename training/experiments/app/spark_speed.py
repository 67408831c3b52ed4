"""Times the Spark job (training/exports/spark/score_portfolio.py) on local[2], for npm run bench.

    python spark_speed.py MODEL_DIR DATA_CSV

Starts Spark once, then scores the file twice with the job's own function: the first run pays
what every job pays once after Spark has started (the JVM compiling its reader, the Python
workers importing MLflow and loading the model); the second is the rate a long portfolio runs
at. Prints one JSON line: rows, firstSeconds, secondSeconds.
"""

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "exports", "spark"))
import score_portfolio as job  # noqa: E402


def main(model_uri, data):
    spark = job.start_spark("local[2]")
    try:
        spark.sparkContext.setLogLevel("ERROR")
        model_dir = job._model_dir(model_uri)
        out = tempfile.mkdtemp(prefix="retem-spark-")
        rows, first = job.score_portfolio(spark, model_dir, data, os.path.join(out, "1"), "ID")
        _, second = job.score_portfolio(spark, model_dir, data, os.path.join(out, "2"), "ID")
        print(json.dumps({"rows": rows, "firstSeconds": first, "secondSeconds": second}))
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
