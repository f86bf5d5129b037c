package io.streamtrain.streams.backfill;

import io.streamtrain.core.deadletter.DeadLetterReason;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what a backfill run's topology did with the records of its range, for its progress and summary. Thread-safe:
 * the stream threads count, the command reads. A task that fails and is processed again under exactly-once counts its
 * records again, so the counts are exact only for a run without such a failure.
 */
public final class BackfillTally {

    private final LongAdder read = new LongAdder();
    private final LongAdder windowed = new LongAdder();
    private final Map<DeadLetterReason, LongAdder> refused = new ConcurrentHashMap<>();

    /** A record of the range was read. */
    public void countRead() {
        read.increment();
    }

    /** Validation accepted a record of the range. */
    public void countAccepted() {
        windowed.increment();
    }

    /** Validation refused a record of the range. */
    public void countRefused(DeadLetterReason reason) {
        refused.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** The windower refused an accepted record: it fell in a window that stream time had already closed. */
    public void countLate() {
        windowed.decrement();
        countRefused(DeadLetterReason.LATE);
    }

    /** Records of the range read so far. */
    public long read() {
        return read.sum();
    }

    /** Records of the range placed in a window so far. */
    public long windowed() {
        return windowed.sum();
    }

    /** Records of the range refused so far (invalid, late, ...), by dead-letter reason. */
    public Map<String, Long> refusedByReason() {
        Map<String, Long> counts = new TreeMap<>();
        refused.forEach((reason, count) -> counts.put(reason.code(), count.sum()));
        return counts;
    }

    /** Records of the range refused so far. */
    public long refused() {
        return refused.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
