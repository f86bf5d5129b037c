package io.streamtrain.ml.rows;

import io.streamtrain.messages.CleanRecord;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Predicate;

/**
 * An immutable list of records that holds no record of its own: each {@link #get} reads the record from somewhere
 * else (another list, or columns such as a training horizon's), possibly making it anew. The split, the preprocessing
 * fit and the model's input matrix read the training rows through such views, so a fit on a large horizon never holds
 * one record object per row.
 *
 * <p>A view may return a new, equal record on every {@code get}: compare records by position, never by identity.
 * Subclasses must not change what they return.
 */
public abstract class RecordView extends AbstractList<CleanRecord> implements RandomAccess {

    /** {@code records} unchanged when it is a view (already immutable), otherwise an immutable copy. */
    public static List<CleanRecord> immutable(List<CleanRecord> records) {
        return records instanceof RecordView ? records : List.copyOf(records);
    }

    /** The records of {@code records} at {@code positions}, in that order. */
    public static List<CleanRecord> select(List<CleanRecord> records, int[] positions) {
        return new Selection(records, positions.clone());
    }

    /** The records of {@code records} that {@code keep} accepts, in their order; {@code records} itself when it keeps all. */
    public static List<CleanRecord> filter(List<CleanRecord> records, Predicate<CleanRecord> keep) {
        int[] kept = new int[records.size()];
        int count = 0;
        for (int i = 0; i < records.size(); i++) {
            if (keep.test(records.get(i))) {
                kept[count++] = i;
            }
        }
        return count == records.size() ? records : new Selection(records, Arrays.copyOf(kept, count));
    }

    /** {@code first}'s records, then {@code second}'s. */
    public static List<CleanRecord> concat(List<CleanRecord> first, List<CleanRecord> second) {
        if (first.isEmpty()) {
            return second;
        }
        if (second.isEmpty()) {
            return first;
        }
        return new Concatenation(first, second);
    }

    private static final class Selection extends RecordView {

        private final List<CleanRecord> records;
        private final int[] positions;

        Selection(List<CleanRecord> records, int[] positions) {
            this.records = immutable(Objects.requireNonNull(records, "records"));
            this.positions = positions;
        }

        @Override
        public CleanRecord get(int index) {
            return records.get(positions[index]);
        }

        @Override
        public int size() {
            return positions.length;
        }
    }

    private static final class Concatenation extends RecordView {

        private final List<CleanRecord> first;
        private final List<CleanRecord> second;

        Concatenation(List<CleanRecord> first, List<CleanRecord> second) {
            this.first = immutable(first);
            this.second = immutable(second);
        }

        @Override
        public CleanRecord get(int index) {
            return index < first.size() ? first.get(index) : second.get(index - first.size());
        }

        @Override
        public int size() {
            return first.size() + second.size();
        }
    }
}
