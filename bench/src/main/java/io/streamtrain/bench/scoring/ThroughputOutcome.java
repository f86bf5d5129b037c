package io.streamtrain.bench.scoring;

/**
 * What one request shape measured in {@link ScoringThroughputBenchmark}.
 *
 * @param plainSeconds the plain consumer's best time to read the requests
 * @param scorer       the scorer with the default drift and late-label monitoring
 * @param unmonitored  a second scorer over the same requests with monitoring off, run after the first; null for a warm-up run
 * @param monitoredAgain a third scorer over the same requests with monitoring on, run after the second; null for a warm-up run
 * @param cost         the scorer's CPU per customer without Kafka; null for a warm-up run
 */
record ThroughputOutcome(RequestShape shape, RequestLoader.Loaded loaded, double plainSeconds, ScorerRun.Result scorer,
                         PredictionAudit audit, ScorerRun.Result unmonitored, ScorerRun.Result monitoredAgain, ScoringCost cost) {

    /** Whether every customer was answered exactly once, by the one published model (version 1). */
    boolean exactlyOnce() {
        return audit.exactlyOnce(loaded.records(), 1);
    }
}
