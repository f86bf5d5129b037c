package io.streamtrain.ml.evaluate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well a regression model did on held-out records.
 *
 * @param rmse root mean squared error
 * @param mae  mean absolute error
 * @param r2   coefficient of determination, {@code 1 - SSE / SST} with SST around the test split's own mean; 0 when
 *             the test labels are all equal (SST 0) and the predictions are not exact, 1 when they are
 */
public record RegressionMetrics(double rmse, double mae, double r2) {

    /** Envelope metrics key of {@link #rmse()}. */
    public static final String RMSE = "rmse";
    /** Envelope metrics key of {@link #mae()}. */
    public static final String MAE = "mae";
    /** Envelope metrics key of {@link #r2()}. */
    public static final String R2 = "r2";

    /**
     * @throws IllegalArgumentException when the arrays are empty or differ in length
     */
    public static RegressionMetrics of(double[] truth, double[] predicted) {
        if (truth.length == 0 || truth.length != predicted.length) {
            throw new IllegalArgumentException("need equally long, non-empty truth and prediction arrays");
        }
        double mean = 0;
        for (double y : truth) {
            mean += y;
        }
        mean /= truth.length;
        double squaredErrors = 0;
        double absoluteErrors = 0;
        double total = 0;
        for (int i = 0; i < truth.length; i++) {
            double error = truth[i] - predicted[i];
            squaredErrors += error * error;
            absoluteErrors += Math.abs(error);
            total += (truth[i] - mean) * (truth[i] - mean);
        }
        double r2 = total > 0 ? 1 - squaredErrors / total : squaredErrors == 0 ? 1.0 : 0.0;
        return new RegressionMetrics(Math.sqrt(squaredErrors / truth.length), absoluteErrors / truth.length, r2);
    }

    /** The metrics under their envelope keys {@value #RMSE}, {@value #MAE} and {@value #R2}. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put(RMSE, rmse);
        map.put(MAE, mae);
        map.put(R2, r2);
        return map;
    }
}
