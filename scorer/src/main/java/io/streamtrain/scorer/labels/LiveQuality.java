package io.streamtrain.scorer.labels;

import io.streamtrain.ml.train.ClassLabels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Live quality per model version from late labels: accuracy for classification (the predicted class against
 * the label's class name), RMSE for regression. Keeps the {@value #VERSIONS_KEPT} most recent versions that
 * received labels, so memory stays bounded. Thread-safe.
 */
public final class LiveQuality {

    /** Model versions whose live quality is kept. */
    public static final int VERSIONS_KEPT = 16;

    /**
     * One version's live quality so far.
     *
     * @param labels         labels joined with a prediction of this version
     * @param correct        classification labels whose class was predicted
     * @param numericLabels  regression labels (a number beside a predicted value)
     * @param sumSquaredError over the regression labels
     */
    public record VersionQuality(long modelVersion, long labels, long correct, long numericLabels, double sumSquaredError) {

        /** Share of classification labels predicted right; empty before the first one. */
        public OptionalDouble accuracy() {
            long classified = labels - numericLabels;
            return classified == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) correct / classified);
        }

        /** Root mean squared error of the regression labels; empty before the first one. */
        public OptionalDouble rmse() {
            return numericLabels == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.sqrt(sumSquaredError / numericLabels));
        }

        VersionQuality plus(PendingPredictions.Pending prediction, Object label) {
            if (prediction.value() != null && label instanceof Number number) {
                double error = number.doubleValue() - prediction.value();
                return new VersionQuality(modelVersion, labels + 1, correct, numericLabels + 1, sumSquaredError + error * error);
            }
            boolean right = prediction.label() != null && prediction.label().equals(ClassLabels.nameOf(label));
            return new VersionQuality(modelVersion, labels + 1, correct + (right ? 1 : 0), numericLabels, sumSquaredError);
        }
    }

    private final LinkedHashMap<Long, VersionQuality> byVersion = new LinkedHashMap<>();

    /**
     * Counts {@code label} against {@code prediction}.
     *
     * @return the version's quality after it
     */
    public synchronized VersionQuality record(PendingPredictions.Pending prediction, Object label) {
        long version = prediction.modelVersion();
        VersionQuality updated = byVersion.getOrDefault(version, new VersionQuality(version, 0, 0, 0, 0.0)).plus(prediction, label);
        byVersion.put(version, updated);
        if (byVersion.size() > VERSIONS_KEPT) {
            byVersion.remove(byVersion.keySet().stream().min(Long::compare).orElseThrow());
        }
        return updated;
    }

    /** The live quality of {@code version}, if it has received a label. */
    public synchronized Optional<VersionQuality> of(long version) {
        return Optional.ofNullable(byVersion.get(version));
    }

    /** Every kept version's live quality, by version. */
    public synchronized Map<Long, VersionQuality> all() {
        Map<Long, VersionQuality> copy = new LinkedHashMap<>();
        byVersion.keySet().stream().sorted().forEach(v -> copy.put(v, byVersion.get(v)));
        return copy;
    }
}
