"""Gradient-boosting anchors for `npm run bench:model`: XGBoost, LightGBM and CatBoost on given folds.

Reads the labelled CSV and a fold file (one fold number per data row, in file order). Each anchor
has a modest, fixed tuning budget: three configurations (XGBoost's first is the original case's
model), each trained once per fold on the other folds with a fixed number of rounds (no early
stopping, which would peek at the held-out fold). The configuration with the best pooled
out-of-fold ROC AUC is kept. Choosing it on the very folds it is scored on favours the anchors, so
a comparison against them is conservative.

Writes <out_dir>/<anchor>.txt (the kept configuration's out-of-fold probabilities, one per line)
and <out_dir>/anchors.json (every configuration's AUC and seconds).
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

THREADS = 2


def xgboost_model(params, seed):
    import xgboost as xgb

    return xgb.XGBClassifier(
        tree_method="hist", n_jobs=THREADS, random_state=seed, eval_metric="auc", **params
    )


def lightgbm_model(params, seed):
    import lightgbm as lgb

    return lgb.LGBMClassifier(n_jobs=THREADS, random_state=seed, verbose=-1, **params)


def catboost_model(params, seed):
    from catboost import CatBoostClassifier

    return CatBoostClassifier(
        thread_count=THREADS, random_seed=seed, verbose=False, allow_writing_files=False, **params
    )


ANCHORS = {
    "xgboost": (
        xgboost_model,
        [
            dict(n_estimators=350, max_depth=5, learning_rate=0.03, subsample=0.8, colsample_bytree=0.7),
            dict(n_estimators=600, max_depth=4, learning_rate=0.02, subsample=0.8, colsample_bytree=0.5,
                 min_child_weight=5),
            dict(n_estimators=300, max_depth=6, learning_rate=0.03, subsample=0.7, colsample_bytree=0.5,
                 min_child_weight=10),
        ],
    ),
    "lightgbm": (
        lightgbm_model,
        [
            dict(n_estimators=400, num_leaves=31, learning_rate=0.03, colsample_bytree=0.5,
                 subsample=0.8, subsample_freq=1, min_child_samples=50),
            dict(n_estimators=800, num_leaves=15, learning_rate=0.02, colsample_bytree=0.3,
                 subsample=0.8, subsample_freq=1, min_child_samples=100, reg_lambda=5.0),
            dict(n_estimators=500, num_leaves=63, learning_rate=0.02, colsample_bytree=0.5,
                 subsample=0.8, subsample_freq=1, min_child_samples=200),
        ],
    ),
    "catboost": (
        catboost_model,
        [
            dict(iterations=600, depth=6, learning_rate=0.05),
            dict(iterations=1000, depth=5, learning_rate=0.03),
            dict(iterations=500, depth=7, learning_rate=0.05, l2_leaf_reg=10),
        ],
    ),
}


def main() -> None:
    data_path, folds_path, out_dir, id_col, target_col, seed = sys.argv[1:7]
    only = sys.argv[7].split(",") if len(sys.argv) > 7 else list(ANCHORS)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frame = pd.read_csv(data_path)
    y = frame[target_col].to_numpy()
    x = frame.drop(columns=[id_col, target_col]).to_numpy(dtype=np.float32)
    folds = np.loadtxt(folds_path, dtype=np.int64)
    summary = {}
    for name in only:
        build, configs = ANCHORS[name]
        trials = []
        best = None
        for params in configs:
            started = time.time()
            oof = np.zeros(len(y))
            for fold in np.unique(folds):
                train, held = folds != fold, folds == fold
                model = build(params, int(seed))
                model.fit(x[train], y[train])
                oof[held] = model.predict_proba(x[held])[:, 1]
            seconds = time.time() - started
            auc = float(roc_auc_score(y, oof))
            trials.append({"params": params, "auc": auc, "seconds": seconds})
            print(f"{name} {params}: AUC {auc:.4f} in {seconds:.0f} s", file=sys.stderr)
            if best is None or auc > best[0]:
                best = (auc, oof, params)
        np.savetxt(out / f"{name}.txt", best[1], fmt="%.9g")
        summary[name] = {"kept": best[2], "trials": trials}
    (out / "anchors.json").write_text(json.dumps(summary, indent=1) + "\n")


if __name__ == "__main__":
    main()
