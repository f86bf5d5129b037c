package io.streamtrain.ml.algorithm;

import io.streamtrain.core.learning.Algorithms;
import java.util.Map;
import java.util.Set;

/**
 * Linear-regression hyperparameters (streamtrain's own ridge solver, see {@link RidgeRegression}).
 *
 * @param lambda L2 penalty on the sum of squared errors, in [0, 1e9]; the intercept is not penalised
 */
public record LinearRegressionOptions(double lambda) implements AlgorithmOptions {

    public static final String LAMBDA = "lambda";

    /**
     * lambda 1, scikit-learn's Ridge default (alpha = 1 on the same objective), chosen by the quality benchmark; mirrors
     * {@code PipelineConfig}'s default.
     */
    public static final LinearRegressionOptions DEFAULTS = new LinearRegressionOptions(1.0);

    public LinearRegressionOptions {
        Hyperparameters.requireBetween(Algorithms.LINEAR_REGRESSION, LAMBDA, lambda, 0, 1e9);
    }

    static LinearRegressionOptions of(Map<String, String> values) {
        Hyperparameters h = Hyperparameters.of(Algorithms.LINEAR_REGRESSION, values, Set.of(LAMBDA));
        return new LinearRegressionOptions(h.number(LAMBDA, DEFAULTS.lambda));
    }

    @Override
    public String algorithm() {
        return Algorithms.LINEAR_REGRESSION;
    }

    @Override
    public Map<String, String> toMap() {
        return Map.of(LAMBDA, Double.toString(lambda));
    }
}
