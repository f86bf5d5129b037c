package io.streamtrain.scorer.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drift of one model version's recent traffic against its training baseline.
 *
 * @param modelVersion   the model whose baseline and traffic were compared
 * @param records        scored records in the window
 * @param windowRecords  the window's capacity; drift is only judged on a full window
 * @param psiThreshold   PSI above which a feature or the predictions count as drifted
 * @param featurePsi     PSI per feature, in feature order
 * @param predictionPsi  PSI of the predictions
 * @param driftedFeatures features whose PSI exceeds the threshold, highest PSI first
 */
public record DriftSnapshot(long modelVersion, int records, int windowRecords, double psiThreshold,
                            Map<String, Double> featurePsi, double predictionPsi, List<String> driftedFeatures) {

    public DriftSnapshot {
        featurePsi = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(featurePsi, "featurePsi")));
        driftedFeatures = List.copyOf(driftedFeatures);
    }

    /** Whether the window is full, so the PSIs are judged. */
    public boolean complete() {
        return records >= windowRecords;
    }

    /** Whether the predictions' PSI exceeds the threshold. */
    public boolean predictionDrifted() {
        return predictionPsi > psiThreshold;
    }

    /** Whether a full window shows drift on a feature or the predictions. */
    public boolean drifted() {
        return complete() && (!driftedFeatures.isEmpty() || predictionDrifted());
    }
}
