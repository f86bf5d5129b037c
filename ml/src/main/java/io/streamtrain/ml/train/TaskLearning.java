package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ResidualSummary;
import io.streamtrain.messages.Task;
import io.streamtrain.messages.ValueDistribution;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What differs between classification and regression: reading labels, checking them, fitting and evaluating. */
sealed interface TaskLearning permits ClassificationLearning, RegressionLearning {

    static TaskLearning of(Task task) {
        return task == Task.REGRESSION ? new RegressionLearning() : new ClassificationLearning();
    }

    /** Whether the record's label can be learned from (present; numeric for regression). */
    boolean hasUsableLabel(CleanRecord record);

    /** The class name of the record's label, which the stratified split groups by. */
    String classOf(CleanRecord record);

    /** Why {@code records}' labels cannot make a model, if they cannot; {@code where} names the records in the reason. */
    Optional<String> labelProblem(List<CleanRecord> records, String where);

    /** Fits on the split's train side, from {@code start} where it applies, and evaluates on its test side. */
    Result fitAndEvaluate(AlgorithmOptions options, long seed, FeatureTransformer transformer, TrainTestSplit split, WarmStart start);

    /** The outcome of {@link #fitAndEvaluate}. */
    sealed interface Result {
    }

    /**
     * A fitted, evaluated model.
     *
     * @param classes     class names by model class index; empty for regression
     * @param confusion   the test split's confusion matrix; empty for regression
     * @param predictions the distribution of the model's predictions on the test split (predicted classes, or binned
     *                    predicted values), the drift baseline of its live predictions
     * @param fitFacts    what the fit reports about itself ({@link io.streamtrain.ml.algorithm.FittedModel#facts()})
     * @param residuals   the residuals on the test split; empty for classification
     */
    record Fitted(Serializable model, List<String> classes, Map<String, Double> metrics, List<List<Long>> confusion,
                  ValueDistribution predictions, Map<String, String> fitFacts, Optional<ResidualSummary> residuals) implements Result {
        public Fitted {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(predictions, "predictions");
            Objects.requireNonNull(residuals, "residuals");
            fitFacts = Map.copyOf(fitFacts);
            classes = List.copyOf(classes);
            metrics = Map.copyOf(metrics);
            confusion = List.copyOf(confusion);
        }
    }

    /** The fit failed or diverged; {@code reason} says how. */
    record Failed(String reason) implements Result {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
