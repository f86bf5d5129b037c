package io.streamtrain.ml.algorithm;

import io.streamtrain.core.learning.Algorithms;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Logistic-regression hyperparameters (binomial or multinomial, fitted by {@link LogisticRegressionFit}).
 *
 * @param lambda        L2 penalty {@code lambda/2 * |w|^2} on the summed log loss (intercepts not penalised), at least 0
 * @param tolerance     the fit stops once no component of the mean log loss's gradient exceeds it, in [1e-12, 0.1]
 * @param maxIterations iteration limit of the L-BFGS optimiser, in [1, 100000]
 */
public record LogisticRegressionOptions(double lambda, double tolerance, int maxIterations) implements AlgorithmOptions {

    public static final String LAMBDA = "lambda";
    public static final String TOLERANCE = "tolerance";
    public static final String MAX_ITERATIONS = "max.iterations";

    /**
     * lambda 1 (scikit-learn's C = 1, chosen by the quality benchmark: as accurate as scikit-learn on every data set,
     * where 0.1 fell 1.1 and 1.4 points behind on two), 500 iterations (Smile's default), tolerance 1e-4
     * (scikit-learn's). Mirrors {@code PipelineConfig}'s defaults, which hold the same values.
     */
    public static final LogisticRegressionOptions DEFAULTS = new LogisticRegressionOptions(1.0, 1e-4, 500);

    public LogisticRegressionOptions {
        Hyperparameters.requireBetween(Algorithms.LOGISTIC_REGRESSION, LAMBDA, lambda, 0, Double.MAX_VALUE);
        Hyperparameters.requireBetween(Algorithms.LOGISTIC_REGRESSION, TOLERANCE, tolerance, 1e-12, 0.1);
        Hyperparameters.requireBetween(Algorithms.LOGISTIC_REGRESSION, MAX_ITERATIONS, maxIterations, 1, 100_000);
    }

    static LogisticRegressionOptions of(Map<String, String> values) {
        Hyperparameters h = Hyperparameters.of(Algorithms.LOGISTIC_REGRESSION, values, Set.of(LAMBDA, TOLERANCE, MAX_ITERATIONS));
        return new LogisticRegressionOptions(h.number(LAMBDA, DEFAULTS.lambda), h.number(TOLERANCE, DEFAULTS.tolerance),
                h.integer(MAX_ITERATIONS, DEFAULTS.maxIterations));
    }

    @Override
    public String algorithm() {
        return Algorithms.LOGISTIC_REGRESSION;
    }

    @Override
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(LAMBDA, Double.toString(lambda));
        map.put(TOLERANCE, Double.toString(tolerance));
        map.put(MAX_ITERATIONS, Integer.toString(maxIterations));
        return map;
    }
}
