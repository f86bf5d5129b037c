package io.streamtrain.ml.algorithm;

import static io.streamtrain.core.learning.Hyperparameter.LR_LAMBDA;
import static io.streamtrain.core.learning.Hyperparameter.LR_MAX_ITERATIONS;
import static io.streamtrain.core.learning.Hyperparameter.LR_TOLERANCE;

import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.core.learning.HyperparameterValues;
import java.util.Map;

/**
 * Logistic-regression hyperparameters (binomial or multinomial, fitted by {@link LogisticRegressionFit}); defaults
 * and ranges are those of {@link io.streamtrain.core.learning.Hyperparameter}.
 *
 * @param lambda        L2 penalty {@code lambda/2 * |w|^2} on the summed log loss (intercepts not penalised)
 * @param tolerance     the fit stops once no component of the mean log loss's gradient exceeds it
 * @param maxIterations iteration limit of the L-BFGS optimiser
 */
public record LogisticRegressionOptions(double lambda, double tolerance, int maxIterations) implements AlgorithmOptions {

    public static final LogisticRegressionOptions DEFAULTS = of(HyperparameterValues.defaults(Algorithms.LOGISTIC_REGRESSION));

    public LogisticRegressionOptions {
        LR_LAMBDA.requireInRange(lambda);
        LR_TOLERANCE.requireInRange(tolerance);
        LR_MAX_ITERATIONS.requireInRange(maxIterations);
    }

    static LogisticRegressionOptions of(HyperparameterValues values) {
        return new LogisticRegressionOptions(values.number(LR_LAMBDA), values.number(LR_TOLERANCE), values.integer(LR_MAX_ITERATIONS));
    }

    @Override
    public String algorithm() {
        return Algorithms.LOGISTIC_REGRESSION;
    }

    @Override
    public HyperparameterValues values() {
        return HyperparameterValues.of(Algorithms.LOGISTIC_REGRESSION,
                Map.of(LR_LAMBDA, lambda, LR_TOLERANCE, tolerance, LR_MAX_ITERATIONS, maxIterations));
    }
}
