package io.streamtrain.launcher.backfill;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The records of the input topic that a backfill run re-windows: per partition, from the first record whose Kafka
 * timestamp is at or after {@code from} up to (excluding) the first one at or after {@code to}, never past the end
 * offsets read when the run started.
 *
 * @param topic        the input topic
 * @param from         the requested start
 * @param to           the requested end (exclusive); empty: the end offsets when the run started
 * @param startOffsets per partition, the first offset of the range
 * @param endOffsets   per partition, the first offset after the range
 */
public record BackfillRange(String topic, Instant from, Optional<Instant> to, Map<Integer, Long> startOffsets,
                            Map<Integer, Long> endOffsets) {

    public BackfillRange {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        startOffsets = Map.copyOf(startOffsets);
        endOffsets = Map.copyOf(endOffsets);
        if (!startOffsets.keySet().equals(endOffsets.keySet())) {
            throw new IllegalArgumentException("start and end offsets must name the same partitions, were "
                    + startOffsets.keySet() + " and " + endOffsets.keySet());
        }
        for (Map.Entry<Integer, Long> start : startOffsets.entrySet()) {
            long end = endOffsets.get(start.getKey());
            if (start.getValue() < 0 || end < start.getValue()) {
                throw new IllegalArgumentException("invalid range [" + start.getValue() + ", " + end + ") of partition " + start.getKey());
            }
        }
    }

    /**
     * Locates the range from what Kafka answered.
     *
     * @param firstAtOrAfterFrom per partition, the offset of the first record with a timestamp at or after {@code from}
     *                           ({@code offsetsForTimes}); a partition without such a record is absent
     * @param firstAtOrAfterTo   the same for {@code to}; ignored without {@code to}
     * @param logEnds            per partition, the end offset when the run started
     * @throws IllegalArgumentException if {@code from} is not before {@code to}, if no record is at or after {@code from},
     *                                  or if the range holds no record
     */
    public static BackfillRange locate(String topic, Instant from, Optional<Instant> to, Map<Integer, Long> firstAtOrAfterFrom,
                                       Map<Integer, Long> firstAtOrAfterTo, Map<Integer, Long> logEnds) {
        if (to.isPresent() && !from.isBefore(to.get())) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to.get());
        }
        if (firstAtOrAfterFrom.isEmpty()) {
            throw new IllegalArgumentException("--from " + from + " is beyond the end of " + topic
                    + ": no record there has a timestamp at or after it");
        }
        Map<Integer, Long> starts = new TreeMap<>();
        Map<Integer, Long> ends = new TreeMap<>();
        logEnds.forEach((partition, logEnd) -> {
            long end = to.isPresent() ? Math.min(logEnd, firstAtOrAfterTo.getOrDefault(partition, logEnd)) : logEnd;
            long start = Math.min(end, firstAtOrAfterFrom.getOrDefault(partition, logEnd));
            starts.put(partition, start);
            ends.put(partition, end);
        });
        BackfillRange range = new BackfillRange(topic, from, to, starts, ends);
        if (range.records() == 0) {
            throw new IllegalArgumentException("no record of " + topic + " has a timestamp in [" + from + ", "
                    + to.map(Instant::toString).orElse("its end") + ")");
        }
        return range;
    }

    /** How many offsets the range spans: its records, and the transaction markers among them if any. */
    public long records() {
        return startOffsets.entrySet().stream().mapToLong(e -> endOffsets.get(e.getKey()) - e.getValue()).sum();
    }

    /** One line a person reads, for example {@code demo.records 0:[120,480) 1:[7,7)}: offsets per partition. */
    public String describe() {
        StringBuilder text = new StringBuilder(topic);
        new TreeMap<>(startOffsets).forEach((partition, start) ->
                text.append(' ').append(partition).append(":[").append(start).append(',').append(endOffsets.get(partition)).append(')'));
        return text.toString();
    }
}
