package io.streamtrain.launcher.produce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void shouldShowTheShareReadCountsAndRate() {
        assertThat(ProgressLine.render(0.5, 1_000, 800, 0, 2_000_000_000L))
                .isEqualTo("[###############...............]  50% | 1,000 records sent, 800 acknowledged | 400 records/s");
    }

    @Test
    void shouldCallOutFailures() {
        assertThat(ProgressLine.render(1, 10, 8, 2, 1_000_000_000L)).contains("8 acknowledged, 2 FAILED");
    }
}
