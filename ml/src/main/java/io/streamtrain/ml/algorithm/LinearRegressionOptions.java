package io.streamtrain.ml.algorithm;

import static io.streamtrain.core.learning.Hyperparameter.LINEAR_LAMBDA;

import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.core.learning.HyperparameterValues;
import java.util.Map;

/**
 * Linear-regression hyperparameters (streamtrain's own ridge solver, see {@link RidgeRegression}); defaults and
 * ranges are those of {@link io.streamtrain.core.learning.Hyperparameter}.
 *
 * @param lambda L2 penalty on the sum of squared errors; the intercept is not penalised
 */
public record LinearRegressionOptions(double lambda) implements AlgorithmOptions {

    public static final LinearRegressionOptions DEFAULTS = of(HyperparameterValues.defaults(Algorithms.LINEAR_REGRESSION));

    public LinearRegressionOptions {
        LINEAR_LAMBDA.requireInRange(lambda);
    }

    static LinearRegressionOptions of(HyperparameterValues values) {
        return new LinearRegressionOptions(values.number(LINEAR_LAMBDA));
    }

    @Override
    public String algorithm() {
        return Algorithms.LINEAR_REGRESSION;
    }

    @Override
    public HyperparameterValues values() {
        return HyperparameterValues.of(Algorithms.LINEAR_REGRESSION, Map.of(LINEAR_LAMBDA, lambda));
    }
}
