package io.streamtrain.ml.evaluate;

import io.streamtrain.messages.ResidualSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link ResidualSummary} of a regression model on its evaluation rows: mean and spread of the residuals (label
 * minus prediction), their quantiles and a histogram, so that an operator sees whether the errors are centred,
 * skewed or heavy-tailed, which RMSE, MAE and R² alone do not tell.
 */
public final class ResidualSummaries {

    /** The quantile levels recorded: the extremes, the 5% tails, the quartiles and the median. */
    static final List<Double> LEVELS = List.of(0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0);
    /** Bins of the histogram; a few hundred evaluation rows still fill most of them. */
    static final int BINS = 20;

    private ResidualSummaries() {
    }

    /**
     * @throws IllegalArgumentException when the arrays are empty or differ in length
     */
    public static ResidualSummary of(double[] truth, double[] predicted) {
        if (truth.length == 0 || truth.length != predicted.length) {
            throw new IllegalArgumentException("need equally long, non-empty truth and prediction arrays");
        }
        double[] residuals = new double[truth.length];
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            residuals[i] = truth[i] - predicted[i];
            sum += residuals[i];
        }
        double mean = sum / residuals.length;
        double squares = 0;
        for (double residual : residuals) {
            squares += (residual - mean) * (residual - mean);
        }
        Arrays.sort(residuals);
        List<Double> quantiles = LEVELS.stream().map(level -> quantile(residuals, level)).toList();
        double low = residuals[0];
        double high = residuals[residuals.length - 1];
        // All residuals equal (a perfect or constant fit): one bin of width 0 holds them.
        int bins = high > low ? BINS : 1;
        List<Double> edges = new ArrayList<>(bins + 1);
        for (int i = 0; i <= bins; i++) {
            edges.add(i == bins ? high : low + (high - low) * i / bins);
        }
        long[] counts = new long[bins];
        for (double residual : residuals) {
            int bin = high > low ? (int) ((residual - low) / (high - low) * bins) : 0;
            counts[Math.min(bin, bins - 1)]++;
        }
        return ResidualSummary.newBuilder()
                .setCount(residuals.length)
                .setMean(mean)
                .setStandardDeviation(Math.sqrt(squares / residuals.length))
                .setQuantileLevels(LEVELS)
                .setQuantiles(quantiles)
                .setHistogramEdges(edges)
                .setHistogramCounts(Arrays.stream(counts).boxed().toList())
                .build();
    }

    /** The {@code level} quantile of {@code sorted}, interpolated linearly between neighbouring values. */
    private static double quantile(double[] sorted, double level) {
        double position = level * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
