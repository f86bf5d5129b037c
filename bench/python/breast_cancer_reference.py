"""scikit-learn's held-out accuracy on the breast-cancer data set, on exactly the split streamtrain's trainer makes.

The data set is Debian python3-sklearn's copy of the UCI Breast Cancer Wisconsin (Diagnostic) data
(sklearn/datasets/data/breast_cancer.csv), committed as src/test/resources/datasets/breast_cancer.csv.
Row i (0-based, after the header line) has record id "wdbc-<i>", as BreastCancerPipelineIT streams it; the
trainer holds out the ids whose hash falls below split.test.fraction=0.2 (see streamtrain_split.py).

Preprocessing matches the trainer's: standardisation fitted on the train split (all 30 features are numeric and
never missing). Logistic regression: lbfgs with C = 1 / lambda, where lambda is the pipeline's L2 penalty
(default 0.1; Smile and scikit-learn both add lambda/2 * ||w||^2 to the summed log loss, intercept unpenalised).

Usage: /usr/bin/python3 bench/python/breast_cancer_reference.py [csv path] [lambda]
Prints the split sizes and the accuracy as one JSON object.
"""
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from streamtrain_split import is_test

TEST_FRACTION = 0.2
DEFAULT_CSV = Path(__file__).resolve().parents[2] / "src/test/resources/datasets/breast_cancer.csv"


def load(path):
    rows = np.loadtxt(path, delimiter=",", skiprows=1)
    ids = [f"wdbc-{i}" for i in range(len(rows))]
    labels = np.where(rows[:, -1] == 0, "malignant", "benign")
    return ids, rows[:, :-1], labels


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV
    lam = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
    ids, x, y = load(path)
    test = np.array([is_test(i, TEST_FRACTION) for i in ids])
    scaler = StandardScaler().fit(x[~test])
    model = LogisticRegression(C=1.0 / lam, solver="lbfgs", max_iter=10_000).fit(scaler.transform(x[~test]), y[~test])
    accuracy = float(np.mean(model.predict(scaler.transform(x[test])) == y[test]))
    print(json.dumps({"rows": len(ids), "train": int((~test).sum()), "test": int(test.sum()),
                      "test_malignant": int((y[test] == "malignant").sum()), "lambda": lam, "accuracy": accuracy}))


if __name__ == "__main__":
    main()
