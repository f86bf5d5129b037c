package io.streamtrain.scorer.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PendingPredictionsTest {

    @Test
    void shouldDropTheOldestPredictionsBeyondTheBound() {
        PendingPredictions pending = new PendingPredictions(3, 60_000);

        IntStream.range(0, 5).forEach(i -> remember(pending, "r" + i, i));

        assertThat(pending.take("r0", 10)).isEmpty();
        assertThat(pending.take("r4", 10)).isPresent();
        assertThat(pending.take("r4", 10)).as("a label joins at most once").isEmpty();
        assertThat(pending.counts()).isEqualTo(new PendingPredictions.Counts(2, 1, 2, 0, 2));
    }

    @Test
    void shouldJoinEveryRememberedPredictionWhenManyAreTakenAndReplacedWhileTheTableGrows() {
        PendingPredictions pending = new PendingPredictions(5_000, 60_000);
        IntStream.range(0, 5_000).forEach(i -> remember(pending, "r" + i, i));
        IntStream.range(0, 5_000).filter(i -> i % 3 == 0).forEach(i -> assertThat(pending.take("r" + i, 5_000)).isPresent());
        pending.remember("r1", 7, "stay", null, 5_000);

        assertThat(IntStream.range(0, 5_000).filter(i -> i % 3 != 0).allMatch(i -> pending.take("r" + i, 5_000).isPresent())).isTrue();
        assertThat(pending.counts()).isEqualTo(new PendingPredictions.Counts(0, 5_000, 0, 0, 0));
    }

    @Test
    void shouldTellIdsApartWhenTheyAreLongNotLatin1OrEmpty() {
        PendingPredictions pending = new PendingPredictions(10, 60_000);
        String uuid = "123e4567-e89b-12d3-a456-426614174000";
        String longId = uuid + "/" + uuid;
        pending.remember(uuid, 1, null, 2.5, 0);
        pending.remember(longId, 2, null, 3.5, 0);
        pending.remember("ключ", 3, "churn", null, 0);
        pending.remember("", 4, "stay", null, 0);

        assertThat(pending.take(uuid.replace('0', '1'), 1)).isEmpty();
        assertThat(pending.take(new String(uuid.toCharArray()), 1)).contains(new PendingPredictions.Pending(1, null, 2.5, 0));
        assertThat(pending.take(longId, 1)).contains(new PendingPredictions.Pending(2, null, 3.5, 0));
        assertThat(pending.take("ключ", 1)).contains(new PendingPredictions.Pending(3, "churn", null, 0));
        assertThat(pending.take("", 1)).contains(new PendingPredictions.Pending(4, "stay", null, 0));
    }

    @Test
    void shouldKeepTheLatestPredictionInThePlaceOfTheFirstWhenARecordIsScoredTwice() {
        PendingPredictions pending = new PendingPredictions(2, 60_000);
        remember(pending, "a", 0);
        remember(pending, "b", 1);
        pending.remember("a", 2, "stay", null, 2);
        remember(pending, "c", 3);

        assertThat(pending.take("a", 4)).as("the first-scored record is the eldest, dropped for c").isEmpty();
        assertThat(pending.take("b", 4)).isPresent();
        assertThat(pending.take("c", 4)).contains(new PendingPredictions.Pending(1, "churn", null, 3));
    }

    @Test
    void shouldNotJoinALabelArrivingAfterTheJoinWindow() {
        PendingPredictions pending = new PendingPredictions(100, 1_000);
        remember(pending, "old", 0);
        remember(pending, "new", 500);

        assertThat(pending.take("old", 1_001)).isEmpty();
        assertThat(pending.take("new", 1_001)).isPresent();
        remember(pending, "later", 5_000);
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

    private static void remember(PendingPredictions pending, String recordId, long millis) {
        pending.remember(recordId, 1, "churn", null, millis);
    }
}
