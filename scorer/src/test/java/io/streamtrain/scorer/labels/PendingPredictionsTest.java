package io.streamtrain.scorer.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PendingPredictionsTest {

    @Test
    void shouldDropTheOldestPredictionsBeyondTheBound() {
        PendingPredictions pending = new PendingPredictions(3, 60_000);

        IntStream.range(0, 5).forEach(i -> pending.remember("r" + i, pendingAt(i)));

        assertThat(pending.take("r0", 10)).isEmpty();
        assertThat(pending.take("r4", 10)).isPresent();
        assertThat(pending.take("r4", 10)).as("a label joins at most once").isEmpty();
        assertThat(pending.counts()).isEqualTo(new PendingPredictions.Counts(2, 1, 2, 0, 2));
    }

    @Test
    void shouldNotJoinALabelArrivingAfterTheJoinWindow() {
        PendingPredictions pending = new PendingPredictions(100, 1_000);
        pending.remember("old", pendingAt(0));
        pending.remember("new", pendingAt(500));

        assertThat(pending.take("old", 1_001)).isEmpty();
        assertThat(pending.take("new", 1_001)).isPresent();
        pending.remember("later", pendingAt(5_000));
        assertThat(pending.counts()).isEqualTo(new PendingPredictions.Counts(1, 1, 0, 1, 0));
    }

    @Test
    void shouldMeasureAccuracyByClassNameAndRmseByValuePerVersion() {
        LiveQuality quality = new LiveQuality();
        quality.record(new PendingPredictions.Pending(1, "1", null, 0), 1.0);
        quality.record(new PendingPredictions.Pending(1, "stay", null, 0), "churn");
        quality.record(new PendingPredictions.Pending(2, null, 3.0, 0), 5.0);
        quality.record(new PendingPredictions.Pending(2, null, 3.0, 0), 3.0);

        assertThat(quality.of(1).orElseThrow().accuracy().getAsDouble()).isEqualTo(0.5);
        assertThat(quality.of(1).orElseThrow().rmse()).isEmpty();
        assertThat(quality.of(2).orElseThrow().rmse().getAsDouble()).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(quality.all()).containsOnlyKeys(1L, 2L);
    }

    private static PendingPredictions.Pending pendingAt(long millis) {
        return new PendingPredictions.Pending(1, "churn", null, millis);
    }
}
