"""scikit-learn's side of the model-quality comparison, driven by bench/.../quality/QualityBenchmark.

Usage: /usr/bin/python3 quality_reference.py WEKA_EXAMPLES_DIR OUT_DIR SEED TEST_FRACTION [SETS] [SPLITS] [MODEL_SEEDS]

For every data set: reads it (Weka's ARFF examples from Debian's weka package, scikit-learn's bundled regression sets
from python3-sklearn) and draws SPLITS (default 1) train/test splits, split s with seed SEED + s; for each it writes the
table as OUT_DIR/<name>-<s>.csv (id, the features f0.., label, test 0/1; missing values empty) for the Java side, then
fits scikit-learn's default estimators on the train rows and scores the test rows. SETS is a comma-separated subset of
the data sets, empty for all. The forests, whose fit draws random numbers on these sets, are fitted MODEL_SEEDS times
(default 1; random_state 42, 43, ...) and their metrics and times averaged: one forest's accuracy moves by a point or
more with its seed alone. Every other estimator is fitted once with random_state 42 (the histogram boosters draw only
for early stopping and binning, both off at these sizes). Prints one JSON line per data set and split:
{"name", "split", "task", "csv", "features": [{"name", "type": "numeric"|"categorical"}], "rows", "test_rows",
 "sklearn": [{"estimator", "seconds", "accuracy" | "r2" and "rmse"}]}
then {"done": true}.

scikit-learn's estimators need numbers without gaps, so each gets the usual minimal preparation (its own defaults
otherwise): numeric columns mean-imputed and standardised, categorical ones imputed with their most frequent value and
one-hot encoded (unknown categories ignored). The histogram-based boosters get the same matrix; their native handling
of missing values would only matter on the few gaps these sets have.
"""
import json
import os
import re
import sys
import time

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

CLASSIFICATION = ("credit-g", "diabetes", "ionosphere", "vote", "segment", "glass", "soybean", "breast-cancer")
ESTIMATORS = {
    "classification": [LogisticRegression, RandomForestClassifier, HistGradientBoostingClassifier],
    "regression": [Ridge, RandomForestRegressor, HistGradientBoostingRegressor],
}


def read_arff(path):
    """Columns as (name, numeric?, values) with None for a missing value, the last attribute being the label.

    A reader of its own rather than scipy's, which refuses values with stray spaces (soybean's).
    """
    names, numeric, rows, in_data = [], [], [], False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("%"):
                continue
            if in_data:
                rows.append([v.strip().strip("'\"") for v in line.split(",")])
            elif line.lower().startswith("@attribute"):
                match = re.match(r"@attribute\s+('[^']*'|\"[^\"]*\"|\S+)\s+(.*)", line, re.IGNORECASE)
                names.append(match.group(1).strip("'\""))
                numeric.append(match.group(2).strip().lower() in ("numeric", "real", "integer"))
            elif line.lower().startswith("@data"):
                in_data = True
    columns = []
    for j, name in enumerate(names):
        values = [None if row[j] == "?" else row[j] for row in rows]
        columns.append((name, numeric[j], [None if v is None else float(v) for v in values] if numeric[j] else values))
    return columns


def weka_set(weka, name):
    if name == "segment":
        first = read_arff(os.path.join(weka, "segment-challenge.arff"))
        second = read_arff(os.path.join(weka, "segment-test.arff"))
        return [(n, numeric, a + b) for (n, numeric, a), (_, _, b) in zip(first, second)]
    return read_arff(os.path.join(weka, name + ".arff"))


def sklearn_diabetes():
    """scikit-learn's bundled diabetes regression set (442 patients, 10 measurements, disease progression)."""
    from sklearn.datasets import load_diabetes
    x, y = load_diabetes(return_X_y=True, scaled=False)
    columns = [("x%d" % j, True, [float(v) for v in x[:, j]]) for j in range(x.shape[1])]
    return columns + [("progression", True, [float(v) for v in y])]


def data_sets(weka):
    for name in CLASSIFICATION:
        yield name, "classification", weka_set(weka, name)
    yield "cpu", "regression", read_arff(os.path.join(weka, "cpu.arff"))
    yield "sklearn-diabetes", "regression", sklearn_diabetes()


def matrix(features):
    """An object array of the feature columns, missing values as NaN (numeric) or None (categorical)."""
    rows = len(features[0][2])
    x = np.empty((rows, len(features)), dtype=object)
    for j, (_, numeric, values) in enumerate(features):
        x[:, j] = [(np.nan if v is None else v) if numeric else v for v in values]
    return x


def preparation(features):
    numeric = [j for j, (_, is_numeric, _) in enumerate(features) if is_numeric]
    categorical = [j for j, (_, is_numeric, _) in enumerate(features) if not is_numeric]
    parts = []
    if numeric:
        parts.append(("numeric", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler()), numeric))
    if categorical:
        parts.append(("categorical", make_pipeline(SimpleImputer(strategy="most_frequent", missing_values=None),
                                                   OneHotEncoder(handle_unknown="ignore", sparse_output=False)), categorical))
    return ColumnTransformer(parts)


def write_csv(path, features, label, test):
    def cell(value):
        if value is None:
            return ""
        text = repr(value) if isinstance(value, float) else value
        if "," in text or '"' in text:
            raise ValueError("a value holds a comma or quote: " + text)
        return text

    with open(path, "w") as f:
        f.write(",".join(["id"] + ["f%d" % j for j in range(len(features))] + ["label", "test"]) + "\n")
        for i in range(len(label[2])):
            f.write(",".join(["r%d" % i] + [cell(values[i]) for _, _, values in features]
                             + [cell(label[2][i]), "1" if test[i] else "0"]) + "\n")


def compare(task, features, label, test, model_seeds):
    x = matrix(features)
    y = np.array(label[2], dtype=float if task == "regression" else object)
    results = []
    for estimator in ESTIMATORS[task]:
        seeds = model_seeds if estimator.__name__.startswith("RandomForest") else 1
        fits = [fit(estimator, features, x, y, test, task, 42 + s) for s in range(seeds)]
        result = {"estimator": estimator.__name__}
        for key in fits[0]:
            result[key] = float(np.mean([f[key] for f in fits]))
        results.append(result)
    return results


def fit(estimator, features, x, y, test, task, seed):
    """One fit on the train rows and its test metrics: seconds and accuracy, or seconds, rmse and r2."""
    params = {"random_state": seed} if "random_state" in estimator().get_params() else {}
    model = make_pipeline(preparation(features), estimator(**params))
    started = time.perf_counter()
    model.fit(x[~test], y[~test])
    predicted = model.predict(x[test])
    result = {"seconds": time.perf_counter() - started}
    if task == "classification":
        result["accuracy"] = float(np.mean(predicted == y[test]))
    else:
        residual = predicted - y[test]
        result["rmse"] = float(np.sqrt(np.mean(residual ** 2)))
        result["r2"] = float(1 - np.sum(residual ** 2) / np.sum((y[test] - y[test].mean()) ** 2))
    return result


def main():
    weka, out, seed, test_fraction = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    only = set(sys.argv[5].split(",")) if len(sys.argv) > 5 and sys.argv[5] else None
    splits = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    model_seeds = int(sys.argv[7]) if len(sys.argv) > 7 else 1
    for name, task, columns in data_sets(weka):
        if only is not None and name not in only:
            continue
        features, label = columns[:-1], columns[-1]
        keep = np.array([v is not None for v in label[2]])
        features = [(n, numeric, [v for v, k in zip(values, keep) if k]) for n, numeric, values in features]
        label = (label[0], label[1], [v for v, k in zip(label[2], keep) if k])
        rows = len(label[2])
        for split in range(splits):
            test = np.zeros(rows, dtype=bool)
            test[np.random.default_rng(seed + split).permutation(rows)[:int(round(rows * test_fraction))]] = True
            csv = os.path.join(out, "%s-%d.csv" % (name, split))
            write_csv(csv, features, label, test)
            print(json.dumps({
                "name": name, "split": split, "task": task, "csv": csv, "rows": rows, "test_rows": int(test.sum()),
                "features": [{"name": n, "type": "numeric" if numeric else "categorical"} for n, numeric, _ in features],
                "sklearn": compare(task, features, label, test, model_seeds)}), flush=True)
    print(json.dumps({"done": True}), flush=True)


if __name__ == "__main__":
    main()
