"""Retém's churn model for MLflow's python_function flavor.

MLflow loads this module from the model's code/ folder (the MLmodel file names it as
loader_module) and calls _load_pyfunc with the model directory. predict takes a pandas frame as
pandas.read_csv gives it: integer columns as int64, blank cells as NaN, text as str, extra
columns such as the customer ID. It casts each column the model reads and runs model.onnx with
ONNX Runtime: the whole pipeline, from raw columns to the churn probability, is in that file.
A date column (preprocess.json names its format and reference date) is fed to it as the days
from each date to the reference, read as core's dateCells.ts reads them.

The result has one row per input row, in order, with the frame's index:
- probability: the churn probability (float64), or NaN when a numeric cell holds text that is
  not a number, or a date cell no date in its column's format (the Node scorer refuses such rows);
- decision: 1 to contact (probability at or above the threshold where the expected gain of
  contacting, under the payoffs the model was trained with, is not negative, as `npm run score`
  decides), 0 not to, and -1 for a row that could not be scored;
- expected_value_brl: the R$ expected from that decision under the same payoffs (contacting:
  p·TP + (1 − p)·FP; leaving alone: p·FN + (1 − p)·TN), NaN for a row that could not be scored,
  as the decisions file of `npm run score` gives it.

MLflow's own schema check is skipped (the MLmodel says the model checks its input itself): with
the columns typed AnyType, it would only confirm, one cell at a time in Python, what predict
checks here per column.
"""

import datetime
import json
import math
import os
import re

import numpy as np
import onnxruntime
import pandas as pd

MODEL_FILE = "model.onnx"
METRICS_FILE = "metrics.json"
PREPROCESS_FILE = "preprocess.json"

# R$ per customer by outcome, when the model directory holds no metrics.json: Retém's defaults.
DEFAULT_PAYOFFS = {"tp": 90.0, "fp": -10.0, "fn": 0.0, "tn": 0.0}

# Text cells that stand for a missing value, compared after trimming and lower-casing. The same
# list as MISSING_TOKENS in src/core/records/cells.ts, which the Node scorer and the app use.
MISSING_TOKENS = frozenset(["", "na", "n/a", "nan", "null", "none", "?", "-"])

# Plain decimal notation, as isDecimalNumber in src/core/records/cells.ts reads it.
DECIMAL_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")

# A date's three numbers and an optional time, as DATE_SHAPE in src/core/records/dateCells.ts.
DATE_SHAPE = re.compile(
    r"^(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$",
    re.ASCII,  # digits 0-9 only, as JavaScript's \d
)

# Each date format's separator and the positions of year, month and day (dateCells.ts's LAYOUT).
DATE_LAYOUTS = {
    "yyyy-mm-dd": ("-", 0, 1, 2),
    "yyyy/mm/dd": ("/", 0, 1, 2),
    "dd/mm/yyyy": ("/", 2, 1, 0),
    "mm/dd/yyyy": ("/", 2, 0, 1),
    "dd-mm-yyyy": ("-", 2, 1, 0),
    "dd.mm.yyyy": (".", 2, 1, 0),
}

EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()

# What a missing category is fed to the graph as.
MISSING_CATEGORY = ""


def _load_pyfunc(path):
    return RetemChurnModel(path)


class RetemChurnModel:
    """The ONNX pipeline behind MLflow's pyfunc interface."""

    def __init__(self, path):
        model_file = path if path.endswith(".onnx") else os.path.join(path, MODEL_FILE)
        options = onnxruntime.SessionOptions()
        self._session = onnxruntime.InferenceSession(
            model_file, options, providers=["CPUExecutionProvider"]
        )
        self._inputs = [(i.name, i.type) for i in self._session.get_inputs()]
        self._payoffs = _payoffs_of(os.path.dirname(model_file))
        self._dates = _date_rules_of(os.path.dirname(model_file))

    def predict(self, model_input, params=None):
        frame = _frame_of(model_input)
        absent = [name for name, _ in self._inputs if name not in frame.columns]
        if absent:
            shown = ", ".join(absent[:5]) + (", …" if len(absent) > 5 else "")
            raise ValueError(
                f"the frame lacks {len(absent)} column(s) the model reads: {shown}"
            )
        unreadable = np.zeros(len(frame), dtype=bool)
        feeds = {}
        for name, kind in self._inputs:
            if name in self._dates:
                values, bad = _days(frame[name], *self._dates[name])
                unreadable |= bad
                feeds[name] = values
            elif kind == "tensor(double)":
                values, bad = _numbers(frame[name])
                unreadable |= bad
                feeds[name] = values
            else:
                feeds[name] = _categories(frame[name])
        if len(frame) == 0:
            probability = np.empty(0, dtype=np.float64)
            decision = np.empty(0, dtype=np.int64)
            expected = np.empty(0, dtype=np.float64)
        else:
            probability, decision = self._session.run(["probability", "decision"], feeds)
            probability = probability.copy()
            decision = decision.copy()
            probability[unreadable] = math.nan
            decision[unreadable] = -1
            expected = _expected_value(probability, decision, self._payoffs)
        return pd.DataFrame(
            {"probability": probability, "decision": decision, "expected_value_brl": expected},
            index=frame.index,
        )


def _frame_of(model_input):
    """A frame from what predict is given: a frame, records, columns, pandas' split form, or one
    customer as a dict of single values."""
    if isinstance(model_input, pd.DataFrame):
        return model_input
    if isinstance(model_input, dict) and {"columns", "data"} <= set(model_input) <= {
        "columns",
        "data",
        "index",
    }:
        return pd.DataFrame(model_input["data"], columns=model_input["columns"])
    if isinstance(model_input, dict) and all(np.ndim(v) == 0 for v in model_input.values()):
        return pd.DataFrame([model_input])
    return pd.DataFrame(model_input)


def _payoffs_of(directory):
    """The payoffs the model was trained with (metrics.json), or Retém's defaults."""
    try:
        with open(os.path.join(directory, METRICS_FILE), encoding="utf-8") as f:
            payoffs = json.load(f).get("payoffs") or {}
    except (OSError, ValueError):
        payoffs = {}
    return {k: float(payoffs.get(k, v)) for k, v in DEFAULT_PAYOFFS.items()}


def _date_rules_of(directory):
    """{column: (format, reference day number)} for the model's date columns (preprocess.json)."""
    try:
        with open(os.path.join(directory, PREPROCESS_FILE), encoding="utf-8") as f:
            columns = json.load(f).get("inputColumns") or []
    except (OSError, ValueError):
        return {}
    rules = {}
    for column in columns:
        date = column.get("date")
        if date:
            rules[column["name"]] = (date["format"], _day_number_of(date["reference"], "yyyy-mm-dd"))
    return rules


def _days(series, date_format, reference):
    """Days from each date to the reference (NaN = missing) and a mask of cells that are no date."""
    values = np.full(len(series), math.nan, dtype=np.float64)
    bad = np.zeros(len(series), dtype=bool)
    if pd.api.types.is_datetime64_any_dtype(series):
        # Dates pandas already parsed: their calendar day, the time of day left out.
        days = series.dt.tz_localize(None) if series.dt.tz is not None else series
        present = days.notna().to_numpy()
        epoch_days = (days[present].dt.normalize() - pd.Timestamp("1970-01-01")).dt.days
        values[present] = reference - epoch_days.to_numpy(dtype=np.float64)
        return values, bad
    for i, cell in enumerate(series.tolist()):
        if cell is None or (isinstance(cell, float) and math.isnan(cell)):
            continue
        if isinstance(cell, str) and cell.strip().lower() in MISSING_TOKENS:
            continue
        day = _day_number_of(str(cell), date_format)
        if day is None:
            bad[i] = True
        else:
            values[i] = reference - day
    return values, bad


def _day_number_of(text, date_format):
    """Days from 1970-01-01 to a date written in date_format, or None when it is no such date."""
    match = DATE_SHAPE.match(text.strip())
    if match is None:
        return None
    separator, year_at, month_at, day_at = DATE_LAYOUTS[date_format]
    if match.group(2) != separator:
        return None
    parts = (match.group(1), match.group(3), match.group(4))
    if len(parts[year_at]) != 4 or not 1000 <= int(parts[year_at]) <= 9999:
        return None
    try:
        day = datetime.date(int(parts[year_at]), int(parts[month_at]), int(parts[day_at]))
    except ValueError:
        return None
    return day.toordinal() - EPOCH_ORDINAL


def _expected_value(probability, decision, payoffs):
    """R$ expected from each decision; NaN where the row could not be scored (decision -1)."""
    contact = probability * payoffs["tp"] + (1 - probability) * payoffs["fp"]
    leave = probability * payoffs["fn"] + (1 - probability) * payoffs["tn"]
    expected = np.where(decision == 1, contact, leave)
    expected[decision < 0] = math.nan
    return expected


def _numbers(series):
    """float64 values (NaN = missing) and a mask of cells holding text that is no number."""
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
        return series.astype("float64").to_numpy(dtype=np.float64, copy=True), np.zeros(
            len(series), dtype=bool
        )
    values = np.full(len(series), math.nan, dtype=np.float64)
    bad = np.zeros(len(series), dtype=bool)
    for i, cell in enumerate(series.tolist()):
        number = _number_of(cell)
        if number is None:
            continue
        if number is False:
            bad[i] = True
        else:
            values[i] = number
    return values, bad


def _number_of(cell):
    """A float, None for a missing cell, or False for text that is not a number."""
    if cell is None:
        return None
    if isinstance(cell, (bool, np.bool_)):
        return float(cell)
    if isinstance(cell, (int, float, np.integer, np.floating)):
        value = float(cell)
        return None if math.isnan(value) else value
    text = str(cell).strip()
    if text.lower() in MISSING_TOKENS:
        return None
    if not DECIMAL_NUMBER.match(text):
        return False
    value = float(text)
    return value if math.isfinite(value) else False


def _categories(series):
    """Strings as core's categoryOfCell writes them: "" when missing, numbers in canonical form."""
    return np.array([_category_of(cell) for cell in series.tolist()], dtype=object)


def _category_of(cell):
    number = _number_of(cell)
    if number is None:
        return MISSING_CATEGORY
    if number is False:
        return str(cell).strip()
    return _js_number_text(number)


def _js_number_text(value):
    """The text JavaScript's String(value) gives for a finite number: 1.0 → "1", 1e-7 → "1e-7"."""
    if value == 0:
        return "0"
    if 1e-6 <= abs(value) < 1e21:
        return np.format_float_positional(value, unique=True, trim="-")
    mantissa, exponent = np.format_float_scientific(value, unique=True, trim="-").split("e")
    return f"{mantissa}e{exponent[0]}{exponent[1:].lstrip('0') or '0'}"
