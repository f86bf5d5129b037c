package io.streamtrain.scorer.drift;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.DriftBaseline;
import io.streamtrain.scorer.model.ScoringModel;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures drift of the scored traffic against the served model's baseline: a sliding window of the last
 * {@code windowRecords} records scored by the current model version ({@link DriftWindow}), compared feature by
 * feature and for the predictions with the population stability index. A new model version starts a new, empty
 * window against its own baseline. A model without a baseline (trained before baselines existed) is not
 * monitored; {@link #unmonitoredReason()} says so.
 *
 * <p>While the window fills, a check every {@code checkIntervalRecords} records gives the PSI so far (a partial
 * snapshot, never judged as drift): at a low scoring rate a new model version may replace the current one before its
 * window is full, and the operator should still see how its traffic compares.
 *
 * <p>Thread-safe: the scoring thread adds records, the REST API reads snapshots.
 */
public final class DriftMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);

    private final int windowRecords;
    private final int checkIntervalRecords;
    private final double psiThreshold;
    private long version = -1;
    private DriftWindow window;
    private String unmonitoredReason = "no model has scored a record yet";
    /** Records scored by the current version since its window started. */
    private long scored;

    public DriftMonitor(int windowRecords, int checkIntervalRecords, double psiThreshold) {
        if (windowRecords < 1 || checkIntervalRecords < 1 || !(psiThreshold > 0)) {
            throw new IllegalArgumentException("windowRecords and checkIntervalRecords must be positive and psiThreshold above 0, were "
                    + windowRecords + ", " + checkIntervalRecords + " and " + psiThreshold);
        }
        this.windowRecords = windowRecords;
        this.checkIntervalRecords = checkIntervalRecords;
        this.psiThreshold = psiThreshold;
    }

    /**
     * Adds a record scored by {@code model}, whose prediction is {@code prediction} (a class name or a value).
     *
     * @return the drift measured now, when this record completes a check: every {@code checkIntervalRecords}
     *         records while the window fills (partial, see {@link DriftSnapshot#complete()}), on the record that fills
     *         it, then every {@code checkIntervalRecords} records, so a shift is judged within about
     *         {@code windowRecords + checkIntervalRecords} records
     */
    public synchronized Optional<DriftSnapshot> observe(CleanRecord record, Object prediction, ScoringModel model) {
        if (model.version() != version) {
            startWindow(model);
        }
        if (window == null) {
            return Optional.empty();
        }
        window.add(record.getFeatures(), prediction);
        return isCheck(++scored) ? Optional.of(snapshotOf(window)) : Optional.empty();
    }

    /** The drift of the current window now, empty when no model with a baseline has scored a record. */
    public synchronized Optional<DriftSnapshot> current() {
        return window == null ? Optional.empty() : Optional.of(snapshotOf(window));
    }

    /** Why drift is not measured, when {@link #current()} is empty. */
    public synchronized String unmonitoredReason() {
        return unmonitoredReason;
    }

    private boolean isCheck(long records) {
        if (records < windowRecords) {
            return records % checkIntervalRecords == 0;
        }
        return (records - windowRecords) % checkIntervalRecords == 0;
    }

    private void startWindow(ScoringModel model) {
        version = model.version();
        scored = 0;
        window = null;
        DriftBaseline baseline = model.envelope().getDriftBaseline();
        int features = model.envelope().getFeatureSchema().getFeatures().size();
        if (baseline == null) {
            unmonitoredReason = "model version " + version + " carries no drift baseline (trained before baselines existed)";
        } else if (baseline.getFeatures().size() != features) {
            unmonitoredReason = "model version " + version + " has a drift baseline of " + baseline.getFeatures().size()
                    + " features for " + features + " features";
        } else {
            try {
                window = new DriftWindow(baseline, windowRecords);
            } catch (IllegalArgumentException e) {
                unmonitoredReason = "model version " + version + " has an unusable drift baseline: " + e.getMessage();
            }
        }
        if (window == null) {
            LOG.warn("Drift of model version {} is not measured: {}", version, unmonitoredReason);
        }
    }

    private DriftSnapshot snapshotOf(DriftWindow current) {
        Map<String, Double> psi = new LinkedHashMap<>();
        for (int column = 0; column < current.featureCount(); column++) {
            psi.put(current.featureName(column), current.psi(column));
        }
        List<String> drifted = IntStream.range(0, current.featureCount())
                .filter(column -> psi.get(current.featureName(column)) > psiThreshold)
                .mapToObj(current::featureName)
                .sorted(Comparator.comparingDouble((String name) -> psi.get(name)).reversed())
                .toList();
        return new DriftSnapshot(version, current.size(), windowRecords, psiThreshold, psi, current.psi(current.featureCount()), drifted);
    }
}
