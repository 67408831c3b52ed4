"""The churn suite's anchors: XGBoost, LightGBM and CatBoost, each tuned per file.

    python anchors_suite.py FEATURES.csv LABELS.txt FOLDS.txt OUT_DIR [--seed S] [--configs N]
        [--threads T] [--anchors xgboost,lightgbm,catboost]

FEATURES.csv holds the columns a model may read (no ID, target or leaking column), LABELS.txt one
0/1 label per row and FOLDS.txt one line per row with its fold in each repeat, all in the same row
order. Each anchor reads the raw columns with its own handling of categories (XGBoost's and
LightGBM's categorical types, CatBoost's cat_features); text that is numbers, or dates, is read as
numbers first (days since 1970 for dates).

The budget, per anchor and file: a random search of N configurations (the library's defaults
first), each trained on 75% of the file with early stopping on the other 25% (at most 2,000
rounds) and judged by that 25%'s log loss. The kept configuration is then trained on every outer
fold's other rows with its early-stopped rounds × 1.1 and scores the fold's held rows. The search
sees the whole file, held rows included, which favours the anchors: a comparison against them is
conservative.

Writes OUT_DIR/<anchor>.txt (one line per row: its out-of-fold probability in each repeat) and
OUT_DIR/anchors.json (every configuration tried, its log loss, AUC, rounds and seconds, and the one
kept).
"""
import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.model_selection import train_test_split

MAX_ROUNDS = 2000
PATIENCE = 50
ROUNDS_SCALE = 1.1

warnings.filterwarnings("ignore", message=".*eval_set.*deprecated")


def read_features(path):
    """The raw columns, with text that is numbers or dates turned into numbers and the rest categories."""
    frame = pd.read_csv(path, low_memory=False)
    categorical = []
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column):
            frame[name] = column.astype("float64")
            continue
        text = column.astype("string").str.strip().replace("", pd.NA)
        present = int(text.notna().sum())
        numbers = pd.to_numeric(text, errors="coerce")
        if present > 0 and numbers.notna().sum() >= 0.95 * present:
            frame[name] = numbers.astype("float64")
            continue
        dates = pd.to_datetime(text, errors="coerce", dayfirst=True, format="mixed")
        if present > 0 and dates.notna().sum() >= 0.95 * present:
            frame[name] = (dates - pd.Timestamp("1970-01-01")).dt.days.astype("float64")
            continue
        frame[name] = text.fillna("(blank)").astype("category")
        categorical.append(name)
    return frame, categorical


def log_uniform(rng, low, high):
    return float(np.exp(rng.uniform(np.log(low), np.log(high))))


class XGBoostAnchor:
    name = "xgboost"

    def sample(self, rng):
        return dict(
            max_depth=int(rng.integers(2, 11)),
            learning_rate=log_uniform(rng, 0.01, 0.3),
            subsample=float(rng.uniform(0.5, 1.0)),
            colsample_bytree=float(rng.uniform(0.3, 1.0)),
            min_child_weight=log_uniform(rng, 0.5, 50),
            reg_lambda=log_uniform(rng, 0.1, 30),
        )

    def model(self, params, rounds, seed, threads, early):
        import xgboost as xgb

        return xgb.XGBClassifier(
            n_estimators=rounds,
            tree_method="hist",
            enable_categorical=True,
            n_jobs=threads,
            random_state=seed,
            eval_metric="logloss",
            early_stopping_rounds=PATIENCE if early else None,
            **params,
        )

    def fit(self, model, x, y, valid, categorical):
        if valid is None:
            model.fit(x, y, verbose=False)
        else:
            model.fit(x, y, eval_set=[valid], verbose=False)

    def best_rounds(self, model):
        return int(model.best_iteration) + 1


class LightGBMAnchor:
    name = "lightgbm"

    def sample(self, rng):
        return dict(
            num_leaves=int(round(log_uniform(rng, 4, 256))),
            learning_rate=log_uniform(rng, 0.01, 0.3),
            min_child_samples=int(round(log_uniform(rng, 5, 200))),
            subsample=float(rng.uniform(0.5, 1.0)),
            subsample_freq=1,
            colsample_bytree=float(rng.uniform(0.3, 1.0)),
            reg_lambda=log_uniform(rng, 0.01, 30),
        )

    def model(self, params, rounds, seed, threads, early):
        import lightgbm as lgb

        return lgb.LGBMClassifier(
            n_estimators=rounds, n_jobs=threads, random_state=seed, verbose=-1, **params
        )

    def fit(self, model, x, y, valid, categorical):
        import lightgbm as lgb

        if valid is None:
            model.fit(x, y)
        else:
            model.fit(
                x,
                y,
                eval_set=[valid],
                eval_metric="binary_logloss",
                callbacks=[lgb.early_stopping(PATIENCE, verbose=False)],
            )

    def best_rounds(self, model):
        return max(1, int(model.best_iteration_ or model.n_estimators))


class CatBoostAnchor:
    name = "catboost"

    def sample(self, rng):
        return dict(
            depth=int(rng.integers(3, 9)),
            learning_rate=log_uniform(rng, 0.02, 0.3),
            l2_leaf_reg=log_uniform(rng, 1, 30),
            random_strength=float(rng.uniform(0.0, 3.0)),
            bagging_temperature=float(rng.uniform(0.0, 1.0)),
        )

    def model(self, params, rounds, seed, threads, early):
        from catboost import CatBoostClassifier

        return CatBoostClassifier(
            iterations=rounds,
            thread_count=threads,
            random_seed=seed,
            verbose=False,
            allow_writing_files=False,
            early_stopping_rounds=PATIENCE if early else None,
            use_best_model=early,
            **params,
        )

    def fit(self, model, x, y, valid, categorical):
        if valid is None:
            model.fit(x, y, cat_features=categorical)
        else:
            model.fit(x, y, cat_features=categorical, eval_set=valid)

    def best_rounds(self, model):
        return int(model.get_best_iteration()) + 1


ANCHORS = {anchor.name: anchor for anchor in (XGBoostAnchor(), LightGBMAnchor(), CatBoostAnchor())}


def for_anchor(anchor, frame, categorical):
    """CatBoost wants its categories as text; the others take pandas' categorical type."""
    if anchor.name != "catboost":
        return frame
    copy = frame.copy()
    for name in categorical:
        copy[name] = copy[name].astype(str)
    return copy


def tune(anchor, x, y, categorical, configs, seed, threads):
    rng = np.random.default_rng([seed, sorted(ANCHORS).index(anchor.name)])
    fit_rows, valid_rows = train_test_split(
        np.arange(len(y)), test_size=0.25, stratify=y, random_state=seed
    )
    trials = []
    for index in range(configs):
        params = {} if index == 0 else anchor.sample(rng)
        started = time.time()
        model = anchor.model(params, MAX_ROUNDS, seed, threads, early=True)
        valid = (x.iloc[valid_rows], y[valid_rows])
        anchor.fit(model, x.iloc[fit_rows], y[fit_rows], valid, categorical)
        p = model.predict_proba(x.iloc[valid_rows])[:, 1]
        trial = dict(
            params=params,
            log_loss=float(log_loss(y[valid_rows], p, labels=[0, 1])),
            auc=float(roc_auc_score(y[valid_rows], p)),
            rounds=anchor.best_rounds(model),
            seconds=time.time() - started,
        )
        trials.append(trial)
        print(
            f"{anchor.name} {index + 1}/{configs}: log loss {trial['log_loss']:.4f}, "
            f"AUC {trial['auc']:.4f}, {trial['rounds']} rounds, {trial['seconds']:.1f} s",
            file=sys.stderr,
        )
    return trials, min(trials, key=lambda t: t["log_loss"])


def cross_validate(anchor, x, y, folds, categorical, kept, seed, threads):
    rounds = max(1, int(round(kept["rounds"] * ROUNDS_SCALE)))
    oof = np.zeros(folds.shape)
    started = time.time()
    for repeat in range(folds.shape[1]):
        for fold in np.unique(folds[:, repeat]):
            train, held = folds[:, repeat] != fold, folds[:, repeat] == fold
            model = anchor.model(kept["params"], rounds, seed, threads, early=False)
            anchor.fit(model, x[train], y[train], None, categorical)
            oof[held, repeat] = model.predict_proba(x[held])[:, 1]
    return oof, rounds, time.time() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("features")
    parser.add_argument("labels")
    parser.add_argument("folds")
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--configs", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--anchors", default=",".join(ANCHORS))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    frame, categorical = read_features(args.features)
    y = np.loadtxt(args.labels, dtype=np.int64)
    folds = np.loadtxt(args.folds, dtype=np.int64, ndmin=2)
    if len(frame) != len(y) or len(y) != folds.shape[0]:
        raise SystemExit(f"{len(frame)} feature rows, {len(y)} labels, {folds.shape[0]} fold rows")
    summary = {"categorical": categorical, "configs": args.configs, "anchors": {}}
    for name in args.anchors.split(","):
        anchor = ANCHORS[name]
        x = for_anchor(anchor, frame, categorical)
        trials, kept = tune(anchor, x, y, categorical, args.configs, args.seed, args.threads)
        oof, rounds, seconds = cross_validate(
            anchor, x, y, folds, categorical, kept, args.seed, args.threads
        )
        np.savetxt(out / f"{name}.txt", oof, fmt="%.9g")
        summary["anchors"][name] = dict(
            kept=kept, rounds=rounds, cv_seconds=seconds, trials=trials
        )
        (out / "anchors.json").write_text(json.dumps(summary, indent=1) + "\n")


if __name__ == "__main__":
    main()
