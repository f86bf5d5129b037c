package io.streamtrain.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamtrainMetersTest {

    @Test
    void shouldScrapeCountsMadeBeforeTheFirstScrape() {
        StreamtrainMeters.recordsIn("before-scrape").increment(5);
        StreamtrainMeters.windowsClosed("before-scrape").increment();
        StreamtrainMeters.trainingDuration("before-scrape").record(Duration.ofMillis(250));
        StreamtrainMeters.modelVersion("before-scrape", "trainer").set(7);

        String scraped = PrometheusScrape.scrape();

        assertThat(scraped)
                .contains("streamtrain_records_in_total{pipeline=\"before-scrape\"} 5.0")
                .contains("streamtrain_windows_closed_total{pipeline=\"before-scrape\"} 1.0")
                .contains("streamtrain_training_duration_seconds_count{pipeline=\"before-scrape\"} 1")
                .contains("streamtrain_model_version{instance=\"trainer\",pipeline=\"before-scrape\"} 7.0");
    }

    @Test
    void shouldKeepOneVersionGaugePerInstance() {
        StreamtrainMeters.modelVersion("gauges", "scorer-1").set(3);
        StreamtrainMeters.modelVersion("gauges", "scorer-2").set(4);
        StreamtrainMeters.modelVersion("gauges", "scorer-1").set(5);

        assertThat(PrometheusScrape.scrape())
                .contains("streamtrain_model_version{instance=\"scorer-1\",pipeline=\"gauges\"} 5.0")
                .contains("streamtrain_model_version{instance=\"scorer-2\",pipeline=\"gauges\"} 4.0");
    }

    @Test
    void shouldShowDriftAndLiveQualityGaugesAndDropTheQualityOfAVersionNoLongerWatched() {
        GaugeValue psi = StreamtrainMeters.featureDrift("quality", "scorer-1", "tenure");
        StreamtrainMeters.liveAccuracy("quality", "scorer-1", 3).set(0.75);
        StreamtrainMeters.liveRmse("quality", "scorer-1", 4).set(2.5);

        assertThat(PrometheusScrape.scrape()).contains("streamtrain_drift_feature_psi{feature=\"tenure\",instance=\"scorer-1\",pipeline=\"quality\"} NaN");
        psi.set(0.4);
        StreamtrainMeters.removeLiveQuality("quality", "scorer-1", 3);

        assertThat(PrometheusScrape.scrape())
                .contains("streamtrain_drift_feature_psi{feature=\"tenure\",instance=\"scorer-1\",pipeline=\"quality\"} 0.4")
                .contains("streamtrain_live_rmse{instance=\"scorer-1\",pipeline=\"quality\",version=\"4\"} 2.5")
                .doesNotContain("streamtrain_live_accuracy{instance=\"scorer-1\",pipeline=\"quality\",version=\"3\"}");
    }
}
