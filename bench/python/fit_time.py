"""scikit-learn's side of the fit-time comparison, driven run by run by bench/.../fit/FitTimeBenchmark.

Usage: /usr/bin/python3 fit_time.py CSV TEST_FRACTION
then one JSON line per run on standard input:
{"task": "classification"|"regression", "estimator": class name, "params": {...}}
and one JSON line per run on standard output: {"seconds", "train", "test", "accuracy" or "rmse"}.

CSV is the table the Java side trains on (id,f0..,label,target). The train/test split is the trainer's hash split
of the record ids (streamtrain_split.py), computed once before any run. A run does what the trainer does with the
data: fit StandardScaler on the train split, transform both splits, fit the estimator, predict the test split.
The Java side alternates its own runs with these, so both see the same load on a shared machine.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.preprocessing import StandardScaler

from streamtrain_split import is_test

ESTIMATORS = {cls.__name__: cls for cls in (
    LogisticRegression, RandomForestClassifier, HistGradientBoostingClassifier,
    LinearRegression, Ridge, RandomForestRegressor, HistGradientBoostingRegressor)}


def load(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    ids = np.loadtxt(path, delimiter=",", skiprows=1, usecols=0, dtype=str)
    features = [i for i, name in enumerate(header) if name.startswith("f")]
    x = np.loadtxt(path, delimiter=",", skiprows=1, usecols=features)
    labels = np.loadtxt(path, delimiter=",", skiprows=1, usecols=header.index("label"), dtype=str)
    targets = np.loadtxt(path, delimiter=",", skiprows=1, usecols=header.index("target"))
    return ids, x, labels, targets


def run_once(spec, x_train, y_train, x_test):
    scaler = StandardScaler().fit(x_train)
    model = ESTIMATORS[spec["estimator"]](**spec.get("params", {}))
    model.fit(scaler.transform(x_train), y_train)
    return model.predict(scaler.transform(x_test))


def main():
    ids, x, labels, targets = load(sys.argv[1])
    test = np.array([is_test(i, float(sys.argv[2])) for i in ids])
    print(json.dumps({"ready": True, "rows": len(ids)}), flush=True)
    for line in sys.stdin:
        spec = json.loads(line)
        classification = spec["task"] == "classification"
        y = labels if classification else targets
        started = time.perf_counter()
        predicted = run_once(spec, x[~test], y[~test], x[test])
        result = {"seconds": time.perf_counter() - started, "train": int((~test).sum()), "test": int(test.sum())}
        if classification:
            result["accuracy"] = float(np.mean(predicted == y[test]))
        else:
            result["rmse"] = float(np.sqrt(np.mean((predicted - y[test]) ** 2)))
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
