"""How much one 75/25 split's accuracy is noise, on scikit-learn's side alone (no streamtrain involved).

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 quality_spread.py WEKA_EXAMPLES_DIR [SETS]

For each classification set of the quality benchmark (SETS: a comma-separated subset) and for RandomForestClassifier
and HistGradientBoostingClassifier with their defaults, prints the test accuracy's mean, standard deviation, minimum
and maximum over ten seeded splits (seeds 42..51, drawn as quality_reference.py draws them), and on the first split
the spread over five model seeds (random_state 0..4): the noise any single-split comparison carries.
"""
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.pipeline import make_pipeline

import quality_reference as reference


def split(rows, seed):
    test = np.zeros(rows, dtype=bool)
    test[np.random.default_rng(seed).permutation(rows)[:int(round(rows * 0.25))]] = True
    return test


def accuracy(features, x, y, test, estimator, random_state):
    model = make_pipeline(reference.preparation(features), estimator(random_state=random_state)).fit(x[~test], y[~test])
    return float(np.mean(model.predict(x[test]) == y[test]))


def main():
    weka = sys.argv[1]
    names = sys.argv[2].split(",") if len(sys.argv) > 2 and sys.argv[2] else reference.CLASSIFICATION
    print("| data set | rows | estimator | mean of 10 splits | sd | min – max | split 42: sd over 5 model seeds | min – max |")
    print("|---|---:|---|---:|---:|---|---:|---|")
    for name in names:
        columns = reference.weka_set(weka, name)
        features, label = columns[:-1], columns[-1]
        keep = np.array([v is not None for v in label[2]])
        features = [(n, numeric, [v for v, k in zip(values, keep) if k]) for n, numeric, values in features]
        y = np.array([v for v, k in zip(label[2], keep) if k], dtype=object)
        x = reference.matrix(features)
        for estimator in (RandomForestClassifier, HistGradientBoostingClassifier):
            splits = [accuracy(features, x, y, split(len(y), 42 + s), estimator, 42) for s in range(10)]
            seeds = [accuracy(features, x, y, split(len(y), 42), estimator, r) for r in range(5)]
            print("| %s | %d | %s | %.3f | %.3f | %.3f – %.3f | %.3f | %.3f – %.3f |" % (
                name, len(y), estimator.__name__, np.mean(splits), np.std(splits, ddof=1), min(splits), max(splits),
                np.std(seeds, ddof=1), min(seeds), max(seeds)), flush=True)


if __name__ == "__main__":
    main()
