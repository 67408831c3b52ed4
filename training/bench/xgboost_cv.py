"""XGBoost baseline for `npm run bench:model`: the original case's model on the given folds.

Reads the labelled CSV and a fold file (one fold number per data row, in file order), trains one
model per fold on the other folds, and writes the out-of-fold probabilities, one per line.
"""
import sys
import time

import numpy as np
import pandas as pd
import xgboost as xgb


def main() -> None:
    data_path, folds_path, out_path, id_col, target_col, seed = sys.argv[1:7]
    frame = pd.read_csv(data_path)
    y = frame[target_col].to_numpy()
    x = frame.drop(columns=[id_col, target_col]).to_numpy(dtype=np.float32)
    folds = np.loadtxt(folds_path, dtype=np.int64)
    oof = np.zeros(len(y))
    started = time.time()
    for fold in np.unique(folds):
        train, held = folds != fold, folds == fold
        model = xgb.XGBClassifier(
            n_estimators=350, max_depth=5, learning_rate=0.03, subsample=0.8,
            colsample_bytree=0.7, tree_method="hist", n_jobs=2, random_state=int(seed),
            eval_metric="auc",
        )
        model.fit(x[train], y[train])
        oof[held] = model.predict_proba(x[held])[:, 1]
    np.savetxt(out_path, oof, fmt="%.9g")
    print(f"xgboost: {time.time() - started:.1f} s for {len(np.unique(folds))} folds", file=sys.stderr)


if __name__ == "__main__":
    main()
