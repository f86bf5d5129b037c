package io.streamtrain.bench.training;

import java.util.Arrays;

/**
 * Times (wall-clock or CPU) of repeated runs of one measurement.
 *
 * @param nanos one entry per run, in run order
 */
public record RunTimes(long[] nanos) {

    public RunTimes {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("need at least one run");
        }
        nanos = nanos.clone();
    }

    /** The fastest run, in milliseconds: the least disturbed by other work on a shared machine. */
    public double bestMillis() {
        return Arrays.stream(nanos).min().orElseThrow() / 1e6;
    }

    /** The median run, in milliseconds (the lower middle for an even count). */
    public double medianMillis() {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2] / 1e6;
    }

    /** The mean run, in milliseconds; for CPU times, which the OS counts in coarse ticks, more exact than one run. */
    public double meanMillis() {
        return Arrays.stream(nanos).average().orElseThrow() / 1e6;
    }

    public int runs() {
        return nanos.length;
    }
}
