"""scikit-learn's defaults trained on the rows a streamtrain model learned from, scored on the same held-out rows.

Reads a table written by HorizonAccuracyBenchmark: a header line "id,set,label,<feature>,...", then one line per
row, set being "stream" (a row produced to the pipeline) or "test" (a held-out row, never streamed). Then reads
requests from standard input, one JSON object per line: {"ids": [...]} names the streamed rows to train on (null:
every streamed row). For each request it fits
  - StandardScaler + LogisticRegression() (scikit-learn's defaults: lbfgs, C=1; max_iter raised to 10,000 so every
    fit converges) -- streamtrain standardises numeric features by default too;
  - RandomForestClassifier(random_state=0) (scikit-learn's defaults: 100 trees, no depth limit)
and answers one JSON line: {"rows": n, "logistic-regression": accuracy, "random-forest": accuracy} on the test rows.

Usage: /usr/bin/python3 bench/python/horizon_reference.py <table.csv>
"""
import csv
import json
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def load(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = list(reader)
    ids = [row[0] for row in rows]
    test = np.array([row[1] == "test" for row in rows])
    labels = np.array([row[2] for row in rows])
    features = np.array([[float(value) for value in row[3:]] for row in rows])
    return ids, test, labels, features


def main():
    ids, test, labels, features = load(sys.argv[1])
    position = {record_id: i for i, record_id in enumerate(ids)}
    streamed = np.flatnonzero(~test)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        train = streamed if request["ids"] is None else np.array([position[i] for i in request["ids"]])
        x, y = features[train], labels[train]
        answer = {"rows": int(len(train))}
        for name, model in (("logistic-regression", make_pipeline(StandardScaler(), LogisticRegression(max_iter=10_000))),
                            ("random-forest", RandomForestClassifier(random_state=0))):
            model.fit(x, y)
            answer[name] = float(np.mean(model.predict(features[test]) == labels[test]))
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
