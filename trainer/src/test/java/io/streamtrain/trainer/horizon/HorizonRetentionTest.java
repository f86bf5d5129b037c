package io.streamtrain.trainer.horizon;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.learning.Evaluation;
import io.streamtrain.core.learning.HorizonSampling;
import io.streamtrain.core.learning.TrainingHorizon;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HorizonRetentionTest {

    private static final long WEEK_MS = Duration.ofDays(7).toMillis();

    @Test
    void shouldRefuseAHorizonOfMoreWindowsThanRetentionKeepsNamingBothSettings() {
        assertThat(HorizonRetention.problem(horizon(200, Duration.ZERO), Duration.ofHours(1), "p.batches", WEEK_MS))
                .hasValueSatisfying(problem -> assertThat(problem).contains("train.horizon.windows=200", "window.size.ms=3600000",
                        "retention.ms=" + WEEK_MS, "p.batches"));
        assertThat(HorizonRetention.problem(horizon(168, Duration.ZERO), Duration.ofHours(1), "p.batches", WEEK_MS)).isEmpty();
    }

    @Test
    void shouldRefuseAnEventTimeSpanLongerThanRetention() {
        assertThat(HorizonRetention.problem(horizon(1_000, Duration.ofDays(8)), Duration.ofMinutes(1), "p.batches", WEEK_MS))
                .hasValueSatisfying(problem -> assertThat(problem).contains("train.horizon.ms=" + Duration.ofDays(8).toMillis()));
    }

    @Test
    void shouldAcceptAnyHorizonWhenTheTopicKeepsEverythingOrTheHorizonIsOneWindow() {
        assertThat(HorizonRetention.problem(horizon(100_000, Duration.ZERO), Duration.ofDays(365), "p.batches", -1)).isEmpty();
        assertThat(HorizonRetention.problem(horizon(1, Duration.ZERO), Duration.ofDays(365), "p.batches", 1)).isEmpty();
        assertThat(HorizonRetention.problem(horizon(100_000, Duration.ZERO), Duration.ofMillis(Long.MAX_VALUE / 10), "p", WEEK_MS))
                .isPresent();
    }

    private static TrainingHorizon horizon(int windows, Duration span) {
        return new TrainingHorizon(windows, span, 1_000, HorizonSampling.UNIFORM, Evaluation.NEWEST_WINDOW, false);
    }
}
