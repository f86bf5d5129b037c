package io.streamtrain.ml.train;

import java.util.LinkedHashMap;
import java.util.Map;
import smile.classification.LogisticRegression;

/**
 * Logistic-regression hyperparameters read from a pipeline's settings; keys that are absent take Smile's defaults.
 *
 * @param lambda        L2 regularisation, at least 0
 * @param tolerance     convergence tolerance of the BFGS optimiser, above 0
 * @param maxIterations iteration limit of the optimiser, at least 1
 */
record LogisticRegressionParameters(double lambda, double tolerance, int maxIterations) {

    static final String LAMBDA = "lambda";
    static final String TOLERANCE = "tolerance";
    static final String MAX_ITERATIONS = "max.iterations";

    private static final LogisticRegression.Options DEFAULTS = new LogisticRegression.Options();

    LogisticRegressionParameters {
        if (!(lambda >= 0 && Double.isFinite(lambda))) {
            throw new IllegalArgumentException("logistic-regression hyperparameter " + LAMBDA + " must be a finite number >= 0, was " + lambda);
        }
        if (!(tolerance > 0 && Double.isFinite(tolerance))) {
            throw new IllegalArgumentException("logistic-regression hyperparameter " + TOLERANCE + " must be a finite number > 0, was " + tolerance);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("logistic-regression hyperparameter " + MAX_ITERATIONS + " must be at least 1, was " + maxIterations);
        }
    }

    /**
     * Reads {@value #LAMBDA}, {@value #TOLERANCE} and {@value #MAX_ITERATIONS}.
     *
     * @throws IllegalArgumentException naming the key whose value is not a number or out of range
     */
    static LogisticRegressionParameters of(Map<String, String> hyperparameters) {
        return new LogisticRegressionParameters(
                number(hyperparameters, LAMBDA, DEFAULTS.lambda()),
                number(hyperparameters, TOLERANCE, DEFAULTS.tol()),
                integer(hyperparameters, MAX_ITERATIONS, DEFAULTS.maxIter()));
    }

    LogisticRegression.Options toOptions() {
        return new LogisticRegression.Options(lambda, tolerance, maxIterations);
    }

    /** The settings' hyperparameters as given, completed with the defaults that were used for absent keys. */
    static Map<String, String> recorded(Map<String, String> hyperparameters, LogisticRegressionParameters used) {
        Map<String, String> recorded = new LinkedHashMap<>(hyperparameters);
        recorded.putIfAbsent(LAMBDA, Double.toString(used.lambda));
        recorded.putIfAbsent(TOLERANCE, Double.toString(used.tolerance));
        recorded.putIfAbsent(MAX_ITERATIONS, Integer.toString(used.maxIterations));
        return recorded;
    }

    private static int integer(Map<String, String> hyperparameters, String key, int defaultValue) {
        String value = hyperparameters.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("logistic-regression hyperparameter " + key + " must be an integer, was '" + value + "'", e);
        }
    }

    private static double number(Map<String, String> hyperparameters, String key, double defaultValue) {
        String value = hyperparameters.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("logistic-regression hyperparameter " + key + " must be a number, was '" + value + "'", e);
        }
    }
}
