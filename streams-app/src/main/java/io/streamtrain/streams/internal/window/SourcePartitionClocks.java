package io.streamtrain.streams.internal.window;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How far each input partition has come in event time, and when each last delivered a record.
 *
 * <p>Each task's windower sees the records of its own input partition only, so today there is one clock per
 * windower: stream time is that partition's largest event time, held back at start until its first record (or the idle
 * time once records flow). The watermark over several partitions dates from the single-partition windower, which
 * merged every input partition; it is kept because a partition's own stream time is its special case.
 *
 * <p>Idle time is counted from the first record after a start, not from the start itself: a fresh or
 * restarted application can take longer than the idle time to deliver its first records, and partitions
 * must not be written off before any of them had a chance.
 *
 * <p>Nothing here is stored: after a restart every partition is waited for again, as on a first start, while
 * the stored stream time (which never goes back) keeps deciding which records are late.
 *
 * <p>There are as many entries as input partitions; the watermark is a linear scan over them.
 */
final class SourcePartitionClocks {

    /** {@link Clock#lastSeen} of expected partitions before any record has arrived since start. */
    private static final long NOT_YET = Long.MIN_VALUE;

    private final long idleMs;
    private final Map<Integer, Clock> clocks = new HashMap<>();
    private boolean flowing;

    /** @param idleMs wall-clock time without records after which a partition no longer holds the watermark back */
    SourcePartitionClocks(long idleMs) {
        this.idleMs = idleMs;
    }

    /**
     * Declares the input partitions {@code 0..partitions-1}: each holds the watermark back until it delivers a
     * record, or until it has been idle for the idle time once records flow.
     */
    void expect(int partitions) {
        for (int partition = 0; partition < partitions; partition++) {
            clocks.putIfAbsent(partition, new Clock(Long.MIN_VALUE, NOT_YET));
        }
    }

    /**
     * Records that {@code partition} delivered a record with {@code eventTime} at wall-clock {@code now}.
     *
     * @return whether the partition's event time advanced
     */
    boolean observe(int partition, long eventTime, long now) {
        if (!flowing) {
            flowing = true;
            clocks.values().forEach(waiting -> waiting.lastSeen = now);
        }
        Clock clock = clocks.get(partition);
        if (clock == null) {
            clocks.put(partition, new Clock(eventTime, now));
            return true;
        }
        clock.lastSeen = now;
        if (eventTime > clock.eventTime) {
            clock.eventTime = eventTime;
            return true;
        }
        return false;
    }

    /** The lowest event time among partitions that delivered a record within the idle time; empty if none did. */
    OptionalLong watermark(long now) {
        long lowest = Long.MAX_VALUE;
        boolean anyActive = false;
        for (Clock clock : clocks.values()) {
            if (clock.lastSeen == NOT_YET || now - clock.lastSeen < idleMs) {
                lowest = Math.min(lowest, clock.eventTime);
                anyActive = true;
            }
        }
        return anyActive ? OptionalLong.of(lowest) : OptionalLong.empty();
    }

    private static final class Clock {
        private long eventTime;
        private long lastSeen;

        private Clock(long eventTime, long lastSeen) {
            this.eventTime = eventTime;
            this.lastSeen = lastSeen;
        }
    }
}
