"""Times MLflow's pyfunc on a customer file as pandas.read_csv gives it, for npm run bench.

    python pyfunc_speed.py MODEL_DIR DATA_CSV

Prints one JSON line: rows, seconds of predict (the model loaded and warmed up on 100 rows first).
"""

import json
import sys
import time

import mlflow.pyfunc
import pandas as pd


def main(model_dir, data):
    frame = pd.read_csv(data)
    model = mlflow.pyfunc.load_model(model_dir)
    model.predict(frame.head(100))
    started = time.perf_counter()
    model.predict(frame)
    print(json.dumps({"rows": len(frame), "seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
