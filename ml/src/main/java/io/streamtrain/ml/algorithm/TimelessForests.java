package io.streamtrain.ml.algorithm;

import java.util.Arrays;
import smile.classification.RandomForest;
import smile.validation.ClassificationMetrics;
import smile.validation.RegressionMetrics;

/**
 * Makes a fitted random forest's serialized form depend only on its data and seed. Smile keeps the wall-clock
 * fit and score times of every tree inside the trees' out-of-bag metrics, and sums the forest's out-of-bag
 * predictions from parallel threads in whatever order they finish, so its forest-level metrics differ in the
 * last bits from run to run although every tree is identical. The copy zeroes the times and leaves the
 * forest-level out-of-bag figures out (NaN; streamtrain evaluates on its own test split), so the same data and
 * seed give byte-identical models and digests.
 */
final class TimelessForests {

    private TimelessForests() {
    }

    static RandomForest of(RandomForest forest, int classCount) {
        RandomForest.Model[] models = Arrays.stream(forest.models())
                .map(m -> new RandomForest.Model(m.tree(), timeless(m.metrics()), m.weight()))
                .toArray(RandomForest.Model[]::new);
        ClassificationMetrics unkept = new ClassificationMetrics(0, 0, forest.metrics().size(), 0, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        return new RandomForest(forest.formula(), classCount, models, unkept, forest.importance());
    }

    static smile.regression.RandomForest of(smile.regression.RandomForest forest) {
        smile.regression.RandomForest.Model[] models = Arrays.stream(forest.models())
                .map(m -> new smile.regression.RandomForest.Model(m.tree(), timeless(m.metrics())))
                .toArray(smile.regression.RandomForest.Model[]::new);
        RegressionMetrics unkept = new RegressionMetrics(0, 0, forest.metrics().size(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        return new smile.regression.RandomForest(forest.formula(), models, unkept, forest.importance());
    }

    private static ClassificationMetrics timeless(ClassificationMetrics m) {
        return new ClassificationMetrics(0, 0, m.size(), m.error(), m.accuracy(), m.sensitivity(), m.specificity(), m.precision(),
                m.f1(), m.mcc(), m.auc(), m.logloss(), m.crossEntropy());
    }

    private static RegressionMetrics timeless(RegressionMetrics m) {
        return new RegressionMetrics(0, 0, m.size(), m.rss(), m.mse(), m.rmse(), m.mad(), m.r2());
    }
}
