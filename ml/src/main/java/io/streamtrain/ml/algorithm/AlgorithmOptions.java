package io.streamtrain.ml.algorithm;

import io.streamtrain.core.learning.Algorithms;
import java.util.Map;

/**
 * The validated hyperparameters of one algorithm. Like Smile's {@code Options} records, each implementation
 * validates in its constructor and round-trips through its string map ({@link #toMap()} and
 * {@link #of(String, Map)}), so a model envelope records exactly the settings that made the model.
 */
public sealed interface AlgorithmOptions
        permits LogisticRegressionOptions, LinearRegressionOptions, RandomForestOptions, GradientBoostedTreesOptions {

    /** The algorithm's name, as in {@code model.algorithm}. */
    String algorithm();

    /** Every hyperparameter by key (without the {@code model.<algorithm>.} prefix), defaults included. */
    Map<String, String> toMap();

    /**
     * Reads {@code algorithm}'s hyperparameters; absent keys take their defaults.
     *
     * @throws IllegalArgumentException for an unknown algorithm or key, or a value that is not a number or out of range
     */
    static AlgorithmOptions of(String algorithm, Map<String, String> hyperparameters) {
        return switch (algorithm) {
            case Algorithms.LOGISTIC_REGRESSION -> LogisticRegressionOptions.of(hyperparameters);
            case Algorithms.LINEAR_REGRESSION -> LinearRegressionOptions.of(hyperparameters);
            case Algorithms.RANDOM_FOREST -> RandomForestOptions.of(hyperparameters);
            case Algorithms.GRADIENT_BOOSTED_TREES -> GradientBoostedTreesOptions.of(hyperparameters);
            default -> throw new IllegalArgumentException("algorithm " + algorithm + " is not supported; use one of " + Algorithms.NAMES);
        };
    }
}
