package io.streamtrain.ml.train;

import io.streamtrain.core.config.PipelineConfig;
import java.util.Map;
import java.util.Objects;

/**
 * How a pipeline trains: algorithm, hyperparameters, held-out fraction and the smallest batch worth a model.
 *
 * @param algorithm       for example {@code logistic-regression}
 * @param hyperparameters recorded verbatim in the model envelope
 * @param testFraction    share of each batch held out for evaluation, in (0, 1)
 * @param minRecords      batches with fewer records publish no model
 */
public record TrainingSettings(String algorithm, Map<String, String> hyperparameters, double testFraction, int minRecords) {

    public TrainingSettings {
        Objects.requireNonNull(algorithm, "algorithm");
        hyperparameters = Map.copyOf(hyperparameters);
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), was " + testFraction);
        }
        if (minRecords < 2) {
            throw new IllegalArgumentException("minRecords must be at least 2, was " + minRecords);
        }
    }

    public static TrainingSettings from(PipelineConfig config) {
        return new TrainingSettings(config.algorithm(), config.hyperparameters(), config.testFraction(), config.minTrainingRecords());
    }
}
