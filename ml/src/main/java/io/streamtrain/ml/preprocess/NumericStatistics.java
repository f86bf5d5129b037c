package io.streamtrain.ml.preprocess;

import io.streamtrain.core.learning.MissingValueRule;
import io.streamtrain.core.learning.MissingValueStrategy;
import io.streamtrain.core.learning.Scaling;
import io.streamtrain.messages.FittedColumn;
import java.util.Arrays;
import java.util.List;

/**
 * The fitted preprocessing of a numeric or boolean column: the imputation value (mean, median, most frequent or
 * a constant; drop-row keeps the mean for scoring time), the clipping bounds (train quantiles) and the scaling
 * (standard or min-max, computed on the clipped train values that are present). Keeps the column's values,
 * so memory is linear in the train split.
 */
final class NumericStatistics implements ColumnStatistics {

    /** A spread this small relative to the values is rounding noise: scaling by it would blow values up. */
    private static final double NEGLIGIBLE_RELATIVE_SPREAD = 1e-9;

    private final MissingValueRule rule;
    private final Scaling scaling;
    private final double clipQuantile;
    private double[] values = new double[64];
    private int count;

    NumericStatistics(MissingValueRule rule, Scaling scaling, double clipQuantile) {
        this.rule = rule;
        this.scaling = scaling;
        this.clipQuantile = clipQuantile;
    }

    @Override
    public void add(Object value) {
        double x = FeatureValues.numberOf(value);
        if (Double.isNaN(x)) {
            return;
        }
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = x;
    }

    /** A column without a single value: the trainer skips such a window, so no fitted values exist. */
    @Override
    public FittedColumn fitted(String feature) {
        if (count == 0) {
            throw new IllegalStateException("feature " + feature + " has no value in the train split");
        }
        double[] present = Arrays.copyOf(values, count);
        if (needsOrder()) {
            Arrays.sort(present);
        }
        Double clipLow = clipQuantile > 0 ? quantile(present, clipQuantile) : null;
        Double clipHigh = clipQuantile > 0 ? quantile(present, 1 - clipQuantile) : null;
        double[] clipped = clipQuantile > 0 ? clipped(present, clipLow, clipHigh) : present;
        double[] centerAndScale = centerAndScale(clipped);
        return FittedColumn.newBuilder()
                .setFeature(feature)
                .setImputeNumber(imputation(present))
                .setCenter(centerAndScale[0])
                .setScale(centerAndScale[1])
                .setCategories(List.of())
                .setClipLow(clipLow)
                .setClipHigh(clipHigh)
                .build();
    }

    /** Quantiles (clipping, median) and runs of equal values (most frequent) need the values in order; nothing else does. */
    private boolean needsOrder() {
        return clipQuantile > 0 || rule.strategy() == MissingValueStrategy.MEDIAN || rule.strategy() == MissingValueStrategy.MOST_FREQUENT;
    }

    private static double[] clipped(double[] values, double low, double high) {
        double[] clipped = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            clipped[i] = Math.min(high, Math.max(low, values[i]));
        }
        return clipped;
    }

    /** {@code values} are sorted whenever the strategy needs it ({@link #needsOrder()}). */
    private double imputation(double[] values) {
        return switch (rule.strategy()) {
            case MEAN, DROP_ROW -> finiteOrZero(mean(values));
            case MEDIAN -> quantile(values, 0.5);
            case MOST_FREQUENT -> mostFrequent(values);
            case CONSTANT -> rule.numericConstant();
        };
    }

    private double[] centerAndScale(double[] clipped) {
        return switch (scaling) {
            case NONE -> new double[] {0.0, 1.0};
            case STANDARD -> {
                double mean = finiteOrZero(mean(clipped));
                yield new double[] {mean, usableScale(standardDeviation(clipped, mean), mean)};
            }
            case MIN_MAX -> {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double x : clipped) {
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
                yield new double[] {min, usableScale(max - min, Math.max(Math.abs(min), Math.abs(max)))};
            }
        };
    }

    /** Values near Double.MAX_VALUE can overflow; such a spread, or a negligible one, leaves the column unscaled. */
    private static double usableScale(double spread, double magnitude) {
        boolean usable = Double.isFinite(spread) && spread > NEGLIGIBLE_RELATIVE_SPREAD * Math.max(1.0, Math.abs(magnitude));
        return usable ? spread : 1.0;
    }

    /** Welford's single pass, numerically stable. */
    private static double mean(double[] xs) {
        double mean = 0;
        for (int i = 0; i < xs.length; i++) {
            mean += (xs[i] - mean) / (i + 1);
        }
        return mean;
    }

    /** Sample standard deviation; 0 for a single value. */
    private static double standardDeviation(double[] xs, double mean) {
        if (xs.length < 2) {
            return 0.0;
        }
        double sum = 0;
        for (double x : xs) {
            sum += (x - mean) * (x - mean);
        }
        return Math.sqrt(sum / (xs.length - 1));
    }

    /** The q-quantile of sorted values, interpolated linearly between the two nearest ranks (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /** The most frequent value of sorted values; ties go to the smallest. */
    private static double mostFrequent(double[] sorted) {
        double best = sorted[0];
        int bestRun = 0;
        int run = 0;
        for (int i = 0; i < sorted.length; i++) {
            run = i > 0 && sorted[i] == sorted[i - 1] ? run + 1 : 1;
            if (run > bestRun) {
                bestRun = run;
                best = sorted[i];
            }
        }
        return best;
    }

    private static double finiteOrZero(double x) {
        return Double.isFinite(x) ? x : 0.0;
    }
}
