package io.streamtrain.ml.preprocess;

import io.streamtrain.messages.FittedColumn;
import java.util.List;

/**
 * Mean and sample standard deviation of a numeric or boolean column (Welford's single pass, numerically
 * stable). Missing values are skipped; a column with no value at all imputes 0 and is left unscaled.
 */
final class NumericStatistics implements ColumnStatistics {

    /** A deviation this small relative to the mean is rounding noise: scaling by it would blow values up. */
    private static final double NEGLIGIBLE_RELATIVE_STD = 1e-9;

    private long count;
    private double mean;
    private double sumSquaredDeviations;

    @Override
    public void add(Object value) {
        double x = FeatureValues.numberOf(value);
        if (Double.isNaN(x)) {
            return;
        }
        count++;
        double delta = x - mean;
        mean += delta / count;
        sumSquaredDeviations += delta * (x - mean);
    }

    @Override
    public FittedColumn fitted(String feature) {
        // Values near Double.MAX_VALUE can overflow the running sums; such a column passes through unchanged.
        double center = Double.isFinite(mean) ? mean : 0.0;
        double std = count > 1 ? Math.sqrt(sumSquaredDeviations / (count - 1)) : 0.0;
        boolean usable = Double.isFinite(std) && std > NEGLIGIBLE_RELATIVE_STD * Math.max(1.0, Math.abs(center));
        return FittedColumn.newBuilder()
                .setFeature(feature)
                .setImputeNumber(center)
                .setCenter(center)
                .setScale(usable ? std : 1.0)
                .setCategories(List.of())
                .build();
    }
}
