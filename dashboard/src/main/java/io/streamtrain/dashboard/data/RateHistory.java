package io.streamtrain.dashboard.data;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The rates of one pipeline over a bounded span of time (the overview's chart of the last hour): one
 * {@link RatePoint} per pair of consecutive topic samples, the oldest dropped once older than the span. In memory only,
 * so a restarted dashboard starts an empty chart; its size is the span divided by the sampling interval. Not
 * thread-safe: {@link PipelineActivity} guards it.
 */
final class RateHistory {

    private final long spanMillis;
    private final Deque<RatePoint> points = new ArrayDeque<>();

    /** @param span how far back the points reach from the newest one */
    RateHistory(Duration span) {
        if (span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("the span of the rate history must be positive, was " + span);
        }
        this.spanMillis = span.toMillis();
    }

    /**
     * Adds the rates between two consecutive samples, at the later one's time. Samples that do not move forward in time
     * give no rate and are ignored; a total that went down (a topic recreated) counts as 0, not as a negative rate.
     */
    void add(TopicTotals previous, TopicTotals latest) {
        long elapsed = latest.sampledAt() - previous.sampledAt();
        if (elapsed <= 0) {
            return;
        }
        points.addLast(new RatePoint(latest.sampledAt(), perSecond(previous.records(), latest.records(), elapsed),
                perSecond(previous.predictions(), latest.predictions(), elapsed),
                perSecond(previous.deadLetters(), latest.deadLetters(), elapsed)));
        while (points.getFirst().at() < latest.sampledAt() - spanMillis) {
            points.removeFirst();
        }
    }

    /** The points, oldest first. */
    List<RatePoint> points() {
        return List.copyOf(points);
    }

    private static double perSecond(long before, long after, long elapsedMillis) {
        return Math.max(0, after - before) * 1000.0 / elapsedMillis;
    }
}
