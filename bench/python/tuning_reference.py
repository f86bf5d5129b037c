"""How much tuning can gain over scikit-learn's defaults on the quality benchmark's classification sets.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 tuning_reference.py WEKA_EXAMPLES_DIR [SPLITS] [SETS]

On the quality benchmark's splits (quality_reference.py: seed 42 + s, a quarter of the rows for test, the same
preparation), for each classification family and split it scores on the test rows:
- scikit-learn's defaults;
- scikit-learn's own search, GridSearchCV (5 stratified folds, accuracy, the best mean refit on every train row), over
  the space streamtrain's `model.tuning` tries by default (ml/.../SearchSpace), in scikit-learn's terms: C = 1/lambda;
  min_samples_leaf and max_features for the forest's node.size and mtry (0: "sqrt"); learning_rate, max_leaf_nodes and
  max_iter for boosting's shrinkage, max.nodes and trees;
- the ceiling: the best test accuracy of any candidate of that space, which no selection from the train rows can beat.
Prints one JSON line per set and split, then the mean gain over the defaults per family, in points of accuracy.
"""
import itertools
import json
import sys

import numpy as np
from sklearn.base import clone
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline

from quality_reference import CLASSIFICATION, matrix, preparation, weka_set

SPACES = {
    "logistic-regression": (LogisticRegression, {"C": [1000.0, 100.0, 10.0, 1.0, 0.1]}),
    "random-forest": (RandomForestClassifier, {"min_samples_leaf": [1, 2, 5, 10], "max_features": ["sqrt", 2, 4, 8]}),
    "gradient-boosted-trees": (HistGradientBoostingClassifier, {"learning_rate": [0.05, 0.1, 0.2],
                                                                "max_leaf_nodes": [6, 16, 32], "max_iter": [100, 300]}),
}


def scores(family, features, x, y, test, seed):
    estimator, space = SPACES[family]
    model = Pipeline([("prepare", preparation(features)), ("model", estimator(random_state=42))])
    grid = {"model__" + key: values for key, values in space.items()}

    def accuracy(fitted):
        return float(np.mean(fitted.predict(x[test]) == y[test]))

    default = accuracy(clone(model).fit(x[~test], y[~test]))
    search = GridSearchCV(model, grid, scoring="accuracy", cv=StratifiedKFold(5, shuffle=True, random_state=seed))
    searched = accuracy(search.fit(x[~test], y[~test]))
    ceiling = max(accuracy(clone(model).set_params(**dict(zip(grid, values))).fit(x[~test], y[~test]))
                  for values in itertools.product(*grid.values()))
    return {"default": default, "grid_search": searched, "ceiling": ceiling, "chosen": {
        key.removeprefix("model__"): value for key, value in search.best_params_.items()}}


def main():
    weka = sys.argv[1]
    splits = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    only = set(sys.argv[3].split(",")) if len(sys.argv) > 3 else None
    gains = {family: {"grid_search": [], "ceiling": []} for family in SPACES}
    for name in CLASSIFICATION:
        if only is not None and name not in only:
            continue
        columns = weka_set(weka, name)
        features, label = columns[:-1], columns[-1]
        keep = np.array([v is not None for v in label[2]])
        features = [(n, numeric, [v for v, k in zip(values, keep) if k]) for n, numeric, values in features]
        x, y = matrix(features), np.array([v for v, k in zip(label[2], keep) if k], dtype=object)
        for split in range(splits):
            test = np.zeros(len(y), dtype=bool)
            test[np.random.default_rng(42 + split).permutation(len(y))[:int(round(len(y) * 0.25))]] = True
            line = {"name": name, "split": split}
            for family in SPACES:
                result = scores(family, features, x, y, test, 42 + split)
                line[family] = result
                for kind in ("grid_search", "ceiling"):
                    gains[family][kind].append(100 * (result[kind] - result["default"]))
            print(json.dumps(line), flush=True)
    summary = {family: {kind: round(float(np.mean(values)), 2) for kind, values in kinds.items()} for family, kinds in gains.items()}
    summary["mean over families"] = {kind: round(float(np.mean([gains[f][kind] for f in SPACES])), 2)
                                     for kind in ("grid_search", "ceiling")}
    print(json.dumps({"gain in points over the defaults": summary}), flush=True)


if __name__ == "__main__":
    main()
