package io.streamtrain.scorer.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.metrics.PrometheusScrape;
import io.streamtrain.scorer.labels.LiveQuality;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftMetersTest {

    private final DriftMeters meters = new DriftMeters("meters-test", "scorer-1");

    @Test
    void shouldDropTheLiveQualityGaugeOfTheVersionLiveQualityNoLongerKeeps() {
        for (long version = 1; version <= LiveQuality.VERSIONS_KEPT + 1; version++) {
            meters.qualityChanged(new LiveQuality.VersionQuality(version, 4, 3, 0, 0.0));
        }

        assertThat(PrometheusScrape.scrape())
                .doesNotContain("streamtrain_live_accuracy{instance=\"scorer-1\",pipeline=\"meters-test\",version=\"1\"}")
                .contains("streamtrain_live_accuracy{instance=\"scorer-1\",pipeline=\"meters-test\",version=\"2\"} 0.75")
                .contains("streamtrain_live_accuracy{instance=\"scorer-1\",pipeline=\"meters-test\",version=\"17\"} 0.75");
    }

    @Test
    void shouldShowNotMeasuredFromANewVersionUntilItsFirstCheck() {
        meters.checked(new DriftSnapshot(1, 100, 100, 0.25, Map.of("tenure", 0.5), 0.1, List.of("tenure")));
        assertThat(PrometheusScrape.scrape())
                .contains("streamtrain_drift_feature_psi{feature=\"tenure\",instance=\"scorer-1\",pipeline=\"meters-test\"} 0.5");

        meters.versionChanged();

        assertThat(PrometheusScrape.scrape())
                .contains("streamtrain_drift_feature_psi{feature=\"tenure\",instance=\"scorer-1\",pipeline=\"meters-test\"} NaN")
                .contains("streamtrain_drift_prediction_psi{instance=\"scorer-1\",pipeline=\"meters-test\"} NaN");
    }
}
