package io.streamtrain.launcher.demo;

import java.time.Duration;

/**
 * How much traffic the demo producer sends.
 *
 * @param recordsPerSecond  labelled records per second to the input topic
 * @param requestsPerSecond score requests per second
 * @param recordsPerRequest unlabeled records in one score request
 * @param malformedRate     share of input records sent malformed, to show the dead-letter topic at work
 * @param avroShare         share of well-formed input records sent as Avro (the rest are JSON)
 * @param seed              seed of the data-generating process
 * @param driftPeriod       time for the churn rule to turn once
 */
public record DemoTraffic(int recordsPerSecond, int requestsPerSecond, int recordsPerRequest,
                          double malformedRate, double avroShare, long seed, Duration driftPeriod) {

    public DemoTraffic {
        if (recordsPerSecond < 1 || requestsPerSecond < 0 || recordsPerRequest < 1) {
            throw new IllegalArgumentException("rates must be positive (records/s " + recordsPerSecond
                    + ", requests/s " + requestsPerSecond + ", records/request " + recordsPerRequest + ")");
        }
        if (malformedRate < 0 || malformedRate > 1 || avroShare < 0 || avroShare > 1) {
            throw new IllegalArgumentException("malformedRate and avroShare must be in [0, 1]");
        }
    }

    /** 500 records/s, 1% malformed, half Avro, 5 score requests/s of 4 records, a rule turning every 10 minutes. */
    public static DemoTraffic defaults() {
        return new DemoTraffic(500, 5, 4, 0.01, 0.5, 42L, Duration.ofMinutes(10));
    }
}
