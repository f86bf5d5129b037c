package io.streamtrain.scorer.drift;

import io.streamtrain.messages.DriftBaseline;
import io.streamtrain.messages.ValueDistribution;
import io.streamtrain.ml.drift.BucketScheme;
import io.streamtrain.ml.drift.PopulationStabilityIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} scored records of one model version, kept as bucket indices (one per feature and
 * one for the prediction) in a ring, with running counts per bucket. Adding a record costs one bucket lookup per
 * column and two count updates; a PSI costs one pass over a column's buckets. Memory is
 * {@code capacity * (features + 1)} shorts. Not thread-safe: {@link DriftMonitor} guards it.
 */
final class DriftWindow {

    private final BucketScheme[] columns;
    private final double[][] expected;
    private final long[][] counts;
    private final short[] ring;
    private final int capacity;
    private final int width;
    private int next;
    private long seen;

    /**
     * @throws IllegalArgumentException when the baseline's distributions are inconsistent
     */
    DriftWindow(DriftBaseline baseline, int capacity) {
        List<BucketScheme> schemes = new ArrayList<>();
        for (ValueDistribution feature : baseline.getFeatures()) {
            schemes.add(BucketScheme.of(feature));
        }
        schemes.add(BucketScheme.of(baseline.getPredictions()));
        this.columns = schemes.toArray(BucketScheme[]::new);
        this.width = columns.length;
        this.capacity = capacity;
        this.ring = new short[capacity * width];
        this.expected = new double[width][];
        this.counts = new long[width][];
        for (int column = 0; column < width; column++) {
            expected[column] = columns[column].expected();
            counts[column] = new long[expected[column].length];
        }
    }

    /** Number of features the baseline describes. */
    int featureCount() {
        return width - 1;
    }

    /** The name of feature {@code column}. */
    String featureName(int column) {
        return columns[column].name();
    }

    /** Adds one scored record, evicting the oldest once the window is full. */
    void add(List<Object> features, Object prediction) {
        int base = next * width;
        boolean full = seen >= capacity;
        for (int column = 0; column < width; column++) {
            Object value = column < width - 1 ? features.get(column) : prediction;
            int bucket = columns[column].bucketOf(value);
            if (full) {
                counts[column][ring[base + column]]--;
            }
            ring[base + column] = (short) bucket;
            counts[column][bucket]++;
        }
        next = next + 1 == capacity ? 0 : next + 1;
        seen++;
    }

    /** Records in the window now. */
    int size() {
        return (int) Math.min(seen, capacity);
    }

    /** Whether the window holds {@code capacity} records. */
    boolean isFull() {
        return seen >= capacity;
    }

    /** PSI of feature {@code column} (0 to {@link #featureCount()} - 1) or of the predictions ({@link #featureCount()}). */
    double psi(int column) {
        return PopulationStabilityIndex.of(expected[column], counts[column], size());
    }
}
