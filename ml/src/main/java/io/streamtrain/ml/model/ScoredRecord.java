package io.streamtrain.ml.model;

import io.streamtrain.messages.Prediction;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A model's answer for one record: a class and the probability of every class (classification), or a value
 * (regression).
 *
 * @param label         the predicted class; null for regression
 * @param probabilities class name to probability, summing to 1; empty for regression
 * @param value         the predicted value; null for classification
 */
public record ScoredRecord(String label, Map<String, Double> probabilities, Double value) {

    public ScoredRecord {
        probabilities = Map.copyOf(probabilities);
        if ((label == null) == (value == null)) {
            throw new IllegalArgumentException("a scored record has a label (classification) or a value (regression), exactly one");
        }
        if (value != null && (!Double.isFinite(value) || !probabilities.isEmpty())) {
            throw new IllegalArgumentException("a regression score is one finite value without probabilities, got " + value);
        }
    }

    /**
     * This answer as the {@link Prediction} of record {@code recordId} asked for by {@code requestId}, made by
     * {@code modelVersion} of {@code pipeline} at {@code scoredAt}; the scorer and the transient trainer both build
     * their predictions here.
     */
    public Prediction.Builder toPrediction(String requestId, String recordId, String pipeline, long modelVersion, Instant scoredAt) {
        return Prediction.newBuilder()
                .setRequestId(requestId)
                .setRecordId(recordId)
                .setPipeline(pipeline)
                .setModelVersion(modelVersion)
                .setLabel(label)
                .setValue(value)
                .setProbabilities(probabilities)
                .setScoredAt(scoredAt);
    }

    /** A classification answer. */
    public static ScoredRecord ofClass(String label, Map<String, Double> probabilities) {
        return new ScoredRecord(Objects.requireNonNull(label, "label"), probabilities, null);
    }

    /** A regression answer. */
    public static ScoredRecord ofValue(double value) {
        return new ScoredRecord(null, Map.of(), value);
    }
}
