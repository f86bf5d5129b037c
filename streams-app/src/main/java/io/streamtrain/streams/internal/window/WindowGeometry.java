package io.streamtrain.streams.internal.window;

/**
 * Tumbling event-time windows aligned to the epoch, and when each one closes on stream time.
 *
 * <p>Arithmetic saturates instead of overflowing: an event time near {@code Long.MAX_VALUE} (bad data that
 * still passed validation) must not wrap around and look like an old, already closed window.
 *
 * @param sizeMs  window length, at least 1
 * @param graceMs how long after its end a window still accepts records, at least 0
 */
public record WindowGeometry(long sizeMs, long graceMs) {

    public WindowGeometry {
        if (sizeMs < 1) {
            throw new IllegalArgumentException("window size must be at least 1 ms, was " + sizeMs);
        }
        if (graceMs < 0) {
            throw new IllegalArgumentException("window grace must not be negative, was " + graceMs);
        }
    }

    /** Start of the window holding {@code eventTime}. */
    public long startOf(long eventTime) {
        return eventTime - Math.floorMod(eventTime, sizeMs);
    }

    /** Exclusive end of the window starting at {@code windowStart}. */
    public long endOf(long windowStart) {
        return saturatedAdd(windowStart, sizeMs);
    }

    /** The stream time at which the window starting at {@code windowStart} closes: its end plus grace. */
    public long closesAt(long windowStart) {
        return saturatedAdd(endOf(windowStart), graceMs);
    }

    /** Whether the window starting at {@code windowStart} is closed once stream time has reached {@code streamTime}. */
    public boolean isClosed(long windowStart, long streamTime) {
        return closesAt(windowStart) <= streamTime;
    }

    /**
     * The latest window end such that every window ending at or before it is closed once stream time has reached
     * {@code streamTime}: a partition's progress, which lets the trainer settle windows the partition had no records for.
     */
    public long closedThrough(long streamTime) {
        if (streamTime < Long.MIN_VALUE + graceMs + sizeMs) {
            return Long.MIN_VALUE;
        }
        long latestClosedEnd = streamTime - graceMs;
        // Windows end on multiples of the size: the last end at or before streamTime - grace.
        return latestClosedEnd - Math.floorMod(latestClosedEnd, sizeMs);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
