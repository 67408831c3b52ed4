"""Scores a customer file through MLflow's own Python tools, for tests/tracking/mlflowModel.spec.ts.

    python mlflow_model_paths.py MODEL_URI DATA_CSV OUT_DIR PORT

MLFLOW_TRACKING_URI names the server. Writes into OUT_DIR:
- pyfunc.csv: mlflow.pyfunc.load_model(MODEL_URI).predict(pandas.read_csv(DATA_CSV)), with the
  frame's ID column beside it (ID, probability, decision, expected_value_brl);
- serve.csv: the same frame sent in parts to `mlflow models serve` on 127.0.0.1:PORT, as
  {"inputs": [records]};
- onnx.json: what mlflow.onnx.load_model finds (opsets, input and output names and types).
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import mlflow.onnx
import mlflow.pyfunc
import onnx
import pandas as pd


def main(model_uri, data, out_dir, port):
    frame = pd.read_csv(data)
    model = mlflow.pyfunc.load_model(model_uri)
    predicted = model.predict(frame)
    pd.DataFrame(
        {
            "ID": frame["ID"],
            "probability": predicted["probability"],
            "decision": predicted["decision"],
            "expected_value_brl": predicted["expected_value_brl"],
            "first_column": predicted.columns[0],
            "int64_columns": int((frame.dtypes == "int64").sum()),
        }
    ).to_csv(os.path.join(out_dir, "pyfunc.csv"), index=False, float_format="%.9f")

    graph = mlflow.onnx.load_model(model_uri)
    onnx.checker.check_model(graph, full_check=True)
    elem = onnx.TensorProto.DataType.Name
    with open(os.path.join(out_dir, "onnx.json"), "w") as f:
        json.dump(
            {
                "opsets": {o.domain or "ai.onnx": o.version for o in graph.opset_import},
                "inputs": {i.name: elem(i.type.tensor_type.elem_type) for i in graph.graph.input},
                "outputs": [o.name for o in graph.graph.output],
            },
            f,
        )

    serve(model_uri, frame, out_dir, port)


def serve(model_uri, frame, out_dir, port):
    bin_dir = os.path.dirname(sys.executable)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    log = open(os.path.join(out_dir, "serve.log"), "w")
    server = subprocess.Popen(
        [os.path.join(bin_dir, "mlflow"), "models", "serve", "-m", model_uri,
         "--env-manager", "local", "-h", "127.0.0.1", "-p", str(port), "-w", "1"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/ping", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.time() > deadline:
                raise SystemExit(f"mlflow models serve did not start; see {out_dir}/serve.log")
            time.sleep(0.5)
        parts = []
        for start in range(0, len(frame), 5000):
            part = frame.iloc[start:start + 5000]
            body = json.dumps({"inputs": json.loads(part.to_json(orient="records"))})
            request = urllib.request.Request(
                base + "/invocations", data=body.encode(),
                headers={"Content-Type": "application/json"}, method="POST",
            )
            with urllib.request.urlopen(request, timeout=300) as r:
                predictions = json.load(r)["predictions"]
            parts.append(pd.DataFrame({
                "ID": part["ID"].to_numpy(),
                "probability": [p["probability"] for p in predictions],
                "decision": [p["decision"] for p in predictions],
                "expected_value_brl": [p["expected_value_brl"] for p in predictions],
            }))
        pd.concat(parts).to_csv(os.path.join(out_dir, "serve.csv"), index=False, float_format="%.9f")
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
