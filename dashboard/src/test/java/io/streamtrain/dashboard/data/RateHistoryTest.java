package io.streamtrain.dashboard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateHistoryTest {

    private final RateHistory history = new RateHistory(Duration.ofSeconds(10));

    @Test
    void shouldComputeEveryRateBetweenTwoSamples() {
        history.add(totals(1_000, 100, 5, 0), totals(3_000, 500, 9, 2_000));

        assertThat(history.points()).containsExactly(new RatePoint(2_000, 1_000.0, 200.0, 2.0));
    }

    @Test
    void shouldDropPointsOlderThanTheSpan() {
        TopicTotals previous = totals(0, 0, 0, 0);
        for (long at = 1_000; at <= 20_000; at += 1_000) {
            TopicTotals latest = totals(at, 0, 0, at);
            history.add(previous, latest);
            previous = latest;
        }

        assertThat(history.points()).extracting(RatePoint::at).first().isEqualTo(10_000L);
        assertThat(history.points()).extracting(RatePoint::at).last().isEqualTo(20_000L);
        assertThat(history.points()).hasSize(11).allSatisfy(point -> assertThat(point.recordsPerSecond()).isEqualTo(1_000.0));
    }

    @Test
    void shouldIgnoreSamplesThatDoNotMoveForwardAndNeverGoNegative() {
        history.add(totals(10, 0, 0, 5_000), totals(20, 0, 0, 5_000));
        history.add(totals(10, 0, 0, 6_000), totals(5, 0, 0, 7_000));

        assertThat(history.points()).containsExactly(new RatePoint(7_000, 0.0, 0.0, 0.0));
    }

    @Test
    void shouldRefuseAnEmptySpan() {
        assertThatThrownBy(() -> new RateHistory(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static TopicTotals totals(long records, long predictions, long deadLetters, long at) {
        return new TopicTotals(records, deadLetters, predictions, Map.of(), at);
    }
}
