package io.streamtrain.bench.fit;

import io.streamtrain.core.learning.PreprocessingSpec;
import io.streamtrain.core.learning.SplitStrategy;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.train.TrainingSettings;
import java.util.Map;
import java.util.Objects;

/**
 * One streamtrain algorithm and the scikit-learn estimator it is compared with: the fastest of its family.
 *
 * @param algorithm         streamtrain's {@code model.algorithm}
 * @param labelField        {@code label} (classification) or {@code target} (regression)
 * @param hyperparameters   streamtrain's hyperparameters for the algorithm
 * @param estimator         scikit-learn class name, for example {@code LogisticRegression}
 * @param estimatorParams   its constructor arguments, as JSON values
 */
public record Contender(String algorithm, String labelField, Map<String, String> hyperparameters, String estimator,
                 Map<String, Object> estimatorParams) {

    public Contender {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(estimator, "estimator");
        if (!labelField.equals(SyntheticBatches.CLASS_LABEL) && !labelField.equals(SyntheticBatches.REGRESSION_TARGET)) {
            throw new IllegalArgumentException("labelField must be " + SyntheticBatches.CLASS_LABEL + " or "
                    + SyntheticBatches.REGRESSION_TARGET + ", was " + labelField);
        }
        hyperparameters = Map.copyOf(hyperparameters);
        estimatorParams = Map.copyOf(estimatorParams);
    }

    public boolean classification() {
        return labelField.equals(SyntheticBatches.CLASS_LABEL);
    }

    /**
     * streamtrain's settings for this contender: its algorithm and hyperparameters, the seed 42, a hash split holding
     * out {@code testFraction}, at least {@code minRecords} records, default preprocessing.
     */
    public TrainingSettings settings(double testFraction, int minRecords) {
        return new TrainingSettings(classification() ? Task.CLASSIFICATION : Task.REGRESSION, AlgorithmOptions.of(algorithm, hyperparameters),
                TrainingSettings.DEFAULT_SEED, testFraction, SplitStrategy.HASH, minRecords, PreprocessingSpec.DEFAULTS);
    }

    /** The task name the scikit-learn script expects. */
    public String task() {
        return classification() ? "classification" : "regression";
    }
}
