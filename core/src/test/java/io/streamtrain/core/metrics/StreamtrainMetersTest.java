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
}
