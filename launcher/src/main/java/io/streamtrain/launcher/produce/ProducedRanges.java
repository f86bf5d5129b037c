package io.streamtrain.launcher.produce;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/** The offsets written to each partition: from the first to the last acknowledged record. Thread-safe. */
final class ProducedRanges {

    private final Map<TopicPartition, long[]> ranges = new TreeMap<>(
            (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));

    synchronized void add(TopicPartition partition, long offset) {
        long[] range = ranges.computeIfAbsent(partition, p -> new long[] {offset, offset});
        range[0] = Math.min(range[0], offset);
        range[1] = Math.max(range[1], offset);
    }

    /** True if {@code offset} lies within what was written to {@code partition}. */
    synchronized boolean contains(TopicPartition partition, long offset) {
        long[] range = ranges.get(partition);
        return range != null && offset >= range[0] && offset <= range[1];
    }

    /** Partition to the offset after the last record written to it. */
    synchronized Map<TopicPartition, Long> ends() {
        Map<TopicPartition, Long> ends = new HashMap<>();
        ranges.forEach((partition, range) -> ends.put(partition, range[1] + 1));
        return ends;
    }
}
