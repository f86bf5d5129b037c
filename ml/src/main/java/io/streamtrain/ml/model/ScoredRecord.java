package io.streamtrain.ml.model;

import java.util.Map;
import java.util.Objects;

/**
 * A model's answer for one record.
 *
 * @param label         the predicted class
 * @param probabilities class name to probability; sums to 1
 */
public record ScoredRecord(String label, Map<String, Double> probabilities) {

    public ScoredRecord {
        Objects.requireNonNull(label, "label");
        probabilities = Map.copyOf(probabilities);
    }
}
