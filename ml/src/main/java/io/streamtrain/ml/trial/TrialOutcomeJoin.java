package io.streamtrain.ml.trial;

import io.streamtrain.ml.train.ClassLabels;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Joins one trial's predictions (champion and challenger, from the predictions and shadow-predictions topics) with
 * late labels, by record id, into {@link PairedOutcomes}. A record id becomes an outcome once it has a prediction of
 * each model and a label, in whatever order they were read, and it is counted once: a record scored again (a retried
 * transaction, a rebalance, another instance) or labelled again changes nothing after that. So replaying the same
 * topics gives the same counts, which is how the decider rebuilds a trial after a restart. Not thread-safe: one
 * reader feeds it.
 *
 * <p>Waiting record ids are bounded by {@code maxPending}; beyond it the oldest is dropped and counted in
 * {@link #evicted()}, so a trial on traffic that is mostly never labelled cannot exhaust memory.
 */
public final class TrialOutcomeJoin {

    /** What one record id has so far. Mutable, and never leaves this class. */
    private static final class Waiting {
        Prediction champion;
        Prediction challenger;
        Object label;

        boolean complete() {
            return champion != null && challenger != null && label != null;
        }
    }

    /**
     * One model's prediction of a record.
     *
     * @param label the predicted class (classification), else null
     * @param value the predicted value (regression), else null
     */
    public record Prediction(String label, Double value) {
        public Prediction {
            if ((label == null) == (value == null)) {
                throw new IllegalArgumentException("a prediction holds a class or a value, was " + label + " and " + value);
            }
        }
    }

    private final long championVersion;
    private final long challengerVersion;
    private final int maxPending;
    private final LinkedHashMap<String, Waiting> waiting = new LinkedHashMap<>();
    private final Set<String> counted = new HashSet<>();
    private PairedOutcomes outcomes;
    private long evicted;
    private long unusable;

    /**
     * @param regression whether the models predict values (paired differences) rather than classes (McNemar)
     */
    public TrialOutcomeJoin(long championVersion, long challengerVersion, boolean regression, int maxPending) {
        if (championVersion == challengerVersion) {
            throw new IllegalArgumentException("a trial compares two versions, was " + championVersion + " twice");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("at least one record id must be able to wait, was " + maxPending);
        }
        this.championVersion = championVersion;
        this.challengerVersion = challengerVersion;
        this.maxPending = maxPending;
        this.outcomes = regression ? RegressionOutcomes.NONE : ClassificationOutcomes.NONE;
    }

    /**
     * A prediction read from the predictions or shadow-predictions topic; predictions of other versions are ignored.
     *
     * @return whether it completed an outcome
     */
    public boolean prediction(String recordId, long modelVersion, Prediction prediction) {
        Objects.requireNonNull(prediction, "prediction");
        if (modelVersion != championVersion && modelVersion != challengerVersion) {
            return false;
        }
        return update(recordId, entry -> {
            if (modelVersion == championVersion) {
                entry.champion = prediction;
            } else {
                entry.challenger = prediction;
            }
        });
    }

    /**
     * A label read from the records topic; only a record's first label counts.
     *
     * @return whether it completed an outcome
     */
    public boolean label(String recordId, Object label) {
        Objects.requireNonNull(label, "label");
        return update(recordId, entry -> {
            if (entry.label == null) {
                entry.label = label;
            }
        });
    }

    /** The outcomes counted so far. */
    public PairedOutcomes outcomes() {
        return outcomes;
    }

    /** Record ids dropped while waiting, because more than {@code maxPending} waited. */
    public long evicted() {
        return evicted;
    }

    /** Complete record ids left out because a regression label or prediction was not a finite number. */
    public long unusable() {
        return unusable;
    }

    private boolean update(String recordId, Consumer<Waiting> change) {
        Objects.requireNonNull(recordId, "recordId");
        if (counted.contains(recordId)) {
            return false;
        }
        Waiting entry = waiting.computeIfAbsent(recordId, id -> new Waiting());
        change.accept(entry);
        if (!entry.complete()) {
            evictBeyondBound();
            return false;
        }
        waiting.remove(recordId);
        counted.add(recordId);
        return count(entry);
    }

    private boolean count(Waiting entry) {
        switch (outcomes) {
            case ClassificationOutcomes classification -> {
                String truth = ClassLabels.nameOf(entry.label);
                outcomes = classification.plus(truth.equals(entry.champion.label()), truth.equals(entry.challenger.label()));
                return true;
            }
            case RegressionOutcomes regression -> {
                if (!(entry.label instanceof Number number) || entry.champion.value() == null || entry.challenger.value() == null
                        || !Double.isFinite(number.doubleValue()) || !Double.isFinite(entry.champion.value())
                        || !Double.isFinite(entry.challenger.value())) {
                    unusable++;
                    return false;
                }
                outcomes = regression.plus(number.doubleValue(), entry.champion.value(), entry.challenger.value());
                return true;
            }
        }
    }

    private void evictBeyondBound() {
        while (waiting.size() > maxPending) {
            Map.Entry<String, Waiting> oldest = waiting.entrySet().iterator().next();
            waiting.remove(oldest.getKey());
            evicted++;
        }
    }
}
