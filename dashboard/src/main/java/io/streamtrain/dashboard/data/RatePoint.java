package io.streamtrain.dashboard.data;

/**
 * A pipeline's rates between two samples of its topics, as the overview's chart draws them.
 *
 * @param at                   epoch milliseconds of the later sample
 * @param recordsPerSecond     input records per second
 * @param predictionsPerSecond predictions-topic offsets per second (commit markers included, see {@link TopicTotals})
 * @param deadLettersPerSecond dead-lettered records per second
 */
public record RatePoint(long at, double recordsPerSecond, double predictionsPerSecond, double deadLettersPerSecond) {
}
