package io.streamtrain.ml.algorithm;

import java.util.Arrays;
import smile.validation.RegressionMetrics;

/**
 * Makes a fitted regression forest's serialized form depend only on its data and seed. Smile keeps the wall-clock
 * fit and score times of every tree inside the trees' out-of-bag metrics, and sums the forest's out-of-bag
 * predictions from parallel threads in whatever order they finish, so its forest-level metrics differ in the
 * last bits from run to run although every tree is identical. The copy zeroes the times and leaves the
 * forest-level out-of-bag figures out (NaN; streamtrain evaluates on its own test split), so the same data and
 * seed give byte-identical models and digests. Classification forests are grown by {@link ClassificationForest},
 * which records no times and no forest-level figures in the first place.
 */
final class TimelessForests {

    private TimelessForests() {
    }

    static smile.regression.RandomForest of(smile.regression.RandomForest forest) {
        smile.regression.RandomForest.Model[] models = Arrays.stream(forest.models())
                .map(m -> new smile.regression.RandomForest.Model(m.tree(), timeless(m.metrics())))
                .toArray(smile.regression.RandomForest.Model[]::new);
        RegressionMetrics unkept = new RegressionMetrics(0, 0, forest.metrics().size(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        return new smile.regression.RandomForest(forest.formula(), models, unkept, forest.importance());
    }

    private static RegressionMetrics timeless(RegressionMetrics m) {
        return new RegressionMetrics(0, 0, m.size(), m.rss(), m.mse(), m.rmse(), m.mad(), m.r2());
    }
}
