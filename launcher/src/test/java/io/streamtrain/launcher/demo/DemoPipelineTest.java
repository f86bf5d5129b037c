package io.streamtrain.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoPipelineTest {

    @Test
    void shouldJudgeDriftOnHalfOfWhatTheDemoScoresInOneWindow() {
        Map<String, String> configuration = DemoPipeline.configuration(Duration.ofSeconds(10), DemoTraffic.defaults(), 0, 0);

        // 5 requests of 4 records a second for 10 s: 200 scored records per model, so a window of 100 fills twice.
        assertThat(configuration).containsEntry("scorer.drift.window.records", "100")
                .containsEntry("scorer.drift.check.interval.records", "25")
                .containsEntry("scorer.drift.report.interval.ms", "10000");
    }

    @Test
    void shouldKeepTheDriftWindowWithinTheScorersRange() {
        DemoTraffic busy = new DemoTraffic(500, 100, 10, 0, 0.5, 1L, Duration.ofMinutes(10));

        assertThat(DemoPipeline.driftWindowRecords(Duration.ofSeconds(10), busy)).isEqualTo(1000);
        assertThat(DemoPipeline.driftWindowRecords(Duration.ofSeconds(1), DemoTraffic.defaults())).isEqualTo(50);
    }
}
