package io.streamtrain.scorer.labels;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Recent predictions waiting for their label, by record id: bounded in count ({@code maxPending}) and in age
 * ({@code joinWindowMillis}). Inserting beyond the bound drops the oldest prediction; one older than the join
 * window is dropped when met, and never joined. Each entry holds the record id, the model version, the predicted class or value
 * and a time, about 200 bytes with a short id, so the default 100,000 entries take about 20 MB.
 *
 * <p>A record scored twice keeps its latest prediction (in the place of the first, for dropping). Thread-safe: the scoring thread inserts, the label
 * reader takes.
 */
public final class PendingPredictions {

    /**
     * One prediction awaiting its label.
     *
     * @param label the predicted class, or null for a regression model
     * @param value the predicted value, or null for a classification model
     */
    public record Pending(long modelVersion, String label, Double value, long scoredAtMillis) {
    }

    /** What became of the predictions so far. */
    public record Counts(long pending, long joined, long unmatchedLabels, long expired, long evicted) {
    }

    private final int maxPending;
    private final long joinWindowMillis;
    /** Insertion order is scoring order, so the eldest entry is the first to drop; dropping happens on insertion. */
    private final LinkedHashMap<String, Pending> byId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            if (size() > maxPending) {
                evicted++;
                return true;
            }
            if (newestMillis - eldest.getValue().scoredAtMillis() > joinWindowMillis) {
                expired++;
                return true;
            }
            return false;
        }
    };
    private long newestMillis;
    private long joined;
    private long unmatched;
    private long expired;
    private long evicted;

    public PendingPredictions(int maxPending, long joinWindowMillis) {
        if (maxPending < 1 || joinWindowMillis < 1) {
            throw new IllegalArgumentException("maxPending and joinWindowMillis must be positive, were " + maxPending + " and " + joinWindowMillis);
        }
        this.maxPending = maxPending;
        this.joinWindowMillis = joinWindowMillis;
    }

    /**
     * Remembers the prediction for {@code recordId}. Each insertion drops at most the eldest prediction: the one
     * beyond {@code maxPending}, or one older than the join window (stale ones left behind are refused by {@link #take}).
     */
    public synchronized void remember(String recordId, Pending prediction) {
        Objects.requireNonNull(recordId, "recordId");
        newestMillis = Objects.requireNonNull(prediction, "prediction").scoredAtMillis();
        byId.put(recordId, prediction);
    }

    /**
     * The prediction for {@code recordId} if one waits and was made at most the join window before {@code labelledAtMillis};
     * it is removed either way, so a label joins at most once.
     */
    public synchronized Optional<Pending> take(String recordId, long labelledAtMillis) {
        Pending prediction = byId.remove(recordId);
        if (prediction == null) {
            unmatched++;
            return Optional.empty();
        }
        if (labelledAtMillis - prediction.scoredAtMillis() > joinWindowMillis) {
            expired++;
            return Optional.empty();
        }
        joined++;
        return Optional.of(prediction);
    }

    public synchronized Counts counts() {
        return new Counts(byId.size(), joined, unmatched, expired, evicted);
    }
}
