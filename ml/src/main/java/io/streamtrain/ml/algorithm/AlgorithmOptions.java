package io.streamtrain.ml.algorithm;

import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.core.learning.Hyperparameter;
import io.streamtrain.core.learning.HyperparameterValues;
import java.util.Map;

/**
 * The validated hyperparameters of one algorithm, as the fit uses them. Each implementation is read from the
 * algorithm's {@link HyperparameterValues} and checks its values against their {@link Hyperparameter} definitions,
 * which hold every default and range; {@link #values()} gives them back, so a model envelope records exactly the
 * settings that made the model.
 */
public sealed interface AlgorithmOptions
        permits LogisticRegressionOptions, LinearRegressionOptions, RandomForestOptions, GradientBoostedTreesOptions {

    /** The algorithm's name, as in {@code model.algorithm}. */
    String algorithm();

    /** Every hyperparameter of the algorithm, defaults included. */
    HyperparameterValues values();

    /** Every hyperparameter by key (without the {@code model.<algorithm>.} prefix), defaults included, as text. */
    default Map<String, String> toMap() {
        return values().toStrings();
    }

    /** The options {@code values} describe. */
    static AlgorithmOptions of(HyperparameterValues values) {
        return switch (values.algorithm()) {
            case Algorithms.LOGISTIC_REGRESSION -> LogisticRegressionOptions.of(values);
            case Algorithms.LINEAR_REGRESSION -> LinearRegressionOptions.of(values);
            case Algorithms.RANDOM_FOREST -> RandomForestOptions.of(values);
            case Algorithms.GRADIENT_BOOSTED_TREES -> GradientBoostedTreesOptions.of(values);
            default -> throw new IllegalArgumentException("algorithm " + values.algorithm() + " is not supported; use one of " + Algorithms.NAMES);
        };
    }

    /**
     * Reads {@code algorithm}'s hyperparameters written as text (see {@link HyperparameterValues#parse}); absent keys
     * take their defaults.
     *
     * @throws IllegalArgumentException for an unknown algorithm or key, or a value that is not a number or out of range
     */
    static AlgorithmOptions of(String algorithm, Map<String, String> hyperparameters) {
        return of(HyperparameterValues.parse(algorithm, hyperparameters));
    }
}
