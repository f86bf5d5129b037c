package io.streamtrain.scorer.drift;

import static io.streamtrain.scorer.testing.Fixtures.CONFIG;
import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.metrics.PrometheusScrape;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Prediction;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.scorer.model.CurrentModel;
import io.streamtrain.scorer.model.ModelLoading;
import io.streamtrain.scorer.model.ScoringModel;
import io.streamtrain.scorer.testing.DemoData;
import io.streamtrain.scorer.testing.Fixtures;
import io.streamtrain.scorer.testing.TrainedModels;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveMonitorTest {

    private static final int WINDOW = 200;
    private static final ModelEnvelope V1 = TrainedModels.train(CONFIG, 1, 5);
    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(CONFIG.featureSpec());

    private final CurrentModel current = new CurrentModel();
    private final List<PipelineEvent> events = new ArrayList<>();
    private final List<PipelineEvent> control = new ArrayList<>();
    private LiveMonitor monitor;
    /** Meters are process-wide: each test scrapes its own pipeline's. */
    private String meteredPipeline = PIPELINE;

    @BeforeEach
    void installFirstModel() {
        Fixtures.install(current, V1, ModelLoading.verified());
    }

    @Test
    void shouldReportOnlyTheShiftedFeatureAndRequestOneRetrainPerModelVersion() {
        monitor = monitor(settings(true, 0.0));

        score(300, "same", UnaryOperator.identity());
        assertThat(monitor.drift().current().orElseThrow().drifted()).isFalse();
        assertThat(types(events)).doesNotContain(EventType.DRIFT_DETECTED);

        score(2 * WINDOW, "shifted", record -> {
            record.setMonthlySpend(record.getMonthlySpend() + 80);
            return record;
        });

        DriftSnapshot drift = monitor.drift().current().orElseThrow();
        assertThat(drift.driftedFeatures()).containsExactly("monthlySpend");
        assertThat(drift.featurePsi().get("monthlySpend")).isGreaterThan(1.0);
        assertThat(drift.featurePsi()).allSatisfy((feature, psi) -> {
            if (!feature.equals("monthlySpend")) {
                assertThat(psi).as(feature).isLessThan(0.25);
            }
        });
        PipelineEvent detected = events.stream().filter(e -> e.getType() == EventType.DRIFT_DETECTED).findFirst().orElseThrow();
        assertThat(detected.getAttributes()).containsEntry("cause", "feature-drift").containsEntry("feature", "monthlySpend")
                .containsEntry("modelVersion", "1").containsEntry("threshold", "0.25").containsKey("psi");
        assertThat(detected.getMessage()).startsWith("Feature monthlySpend drifted under model version 1: PSI ");
        assertThat(types(events)).containsOnlyOnce(EventType.DRIFT_DETECTED, EventType.RETRAIN_REQUESTED);
        assertThat(control).singleElement().satisfies(request -> {
            assertThat(request.getType()).isEqualTo(EventType.RETRAIN_REQUESTED);
            assertThat(request.getAttributes()).containsEntry("feature", "monthlySpend");
        });
    }

    @Test
    void shouldReportThePsiSoFarWhileTheWindowFillsWithoutJudgingIt() {
        meteredPipeline = "partial";
        DriftSettings settings = new DriftSettings(true, WINDOW, 20, 0.25, 1L, true, 3_600_000L, 1_000, 200, 0.0, 0.0, true);
        PipelineEvents factory = new PipelineEvents(PIPELINE, "scorer-test");
        monitor = new LiveMonitor(settings, current, new RetrainTrigger(true, events::add, control::add, factory), events::add, factory,
                new DriftMeters(meteredPipeline, "scorer-test"), new SecondsClock());

        score(WINDOW / 2 + 10, "half", record -> {
            record.setMonthlySpend(record.getMonthlySpend() + 80);
            return record;
        });

        List<PipelineEvent> reports = events.stream().filter(e -> e.getType() == EventType.DRIFT_REPORT).toList();
        assertThat(reports).extracting(report -> report.getAttributes().get("records")).containsExactly("20", "40", "60", "80", "100");
        PipelineEvent latest = reports.getLast();
        assertThat(latest.getAttributes()).containsEntry("windowRecords", String.valueOf(WINDOW)).containsEntry("complete", "false");
        assertThat(Double.parseDouble(latest.getAttributes().get("psi.monthlySpend"))).isGreaterThan(1.0);
        assertThat(latest.getMessage()).contains("100 of 200 scored records, not judged until the window is full");
        assertThat(monitor.drift().current().orElseThrow()).satisfies(soFar -> {
            assertThat(soFar.records()).isEqualTo(WINDOW / 2 + 10);
            assertThat(soFar.complete()).isFalse();
            assertThat(soFar.drifted()).isFalse();
        });
        assertThat(types(events)).doesNotContain(EventType.DRIFT_DETECTED, EventType.RETRAIN_REQUESTED);
        assertThat(PrometheusScrape.scrape()).as("the gauges wait for a full window")
                .contains("streamtrain_drift_prediction_psi{instance=\"scorer-test\",pipeline=\"partial\"} NaN");

        score(WINDOW / 2, "full", record -> {
            record.setMonthlySpend(record.getMonthlySpend() + 80);
            return record;
        });
        assertThat(events).filteredOn(e -> e.getType() == EventType.DRIFT_REPORT).last()
                .satisfies(report -> assertThat(report.getAttributes()).containsEntry("records", String.valueOf(WINDOW))
                        .containsEntry("complete", "true"));
        assertThat(types(events)).containsOnlyOnce(EventType.DRIFT_DETECTED);
    }

    @Test
    void shouldMeasureLiveAccuracyPerVersionAndRequestRetrainBelowTheThreshold() {
        monitor = monitor(settings(false, 0.9));
        List<DemoRecord> records = score(300, "labelled", UnaryOperator.identity());

        for (DemoRecord record : records.subList(0, 150)) {
            monitor.labelled(record.getId(), "churn");
        }
        monitor.labelled("never-scored", "stay");

        var quality = monitor.quality().of(1).orElseThrow();
        assertThat(quality.labels()).isEqualTo(150);
        assertThat(quality.accuracy().getAsDouble()).isBetween(0.05, 0.95);
        assertThat(monitor.labelCounts()).isEqualTo(new io.streamtrain.scorer.labels.PendingPredictions.Counts(150, 150, 1, 0, 0));
        assertThat(types(events)).doesNotContain(EventType.DRIFT_DETECTED);

        for (DemoRecord record : records.subList(150, 300)) {
            monitor.labelled(record.getId(), "stay".equals(predicted(record)) ? "churn" : "stay");
        }
        PipelineEvent detected = events.stream().filter(e -> e.getType() == EventType.DRIFT_DETECTED).findFirst().orElseThrow();
        assertThat(detected.getAttributes()).containsEntry("cause", "live-accuracy").containsEntry("threshold", "0.9");
        assertThat(control).hasSize(1);
    }

    @Test
    void shouldMeasureLiveRmseAndFeatureAndPredictionDriftOfARegressionModel() {
        Fixtures.install(current, TrainedModels.trainRegression(CONFIG, 2, 5), ModelLoading.verified());
        assertThat(current.current().orElseThrow().envelope().getDriftBaseline().getPredictions().getBinEdges()).hasSizeBetween(1, 2);
        monitor = monitor(new DriftSettings(true, WINDOW, 20, 0.25, 3_600_000L, true, 3_600_000L, 1_000, 50, 0.0, 2.0, true));
        List<DemoRecord> records = score(300, "steady", UnaryOperator.identity());
        assertThat(monitor.drift().current().orElseThrow().drifted()).as("%s", monitor.drift().current()).isFalse();

        for (DemoRecord record : records.subList(0, 100)) {
            monitor.labelled(record.getId(), current.current().orElseThrow().score(clean(record)).value() + 3.0);
        }
        score(2 * WINDOW, "longer-tenure", record -> {
            record.setTenureMonths(record.getTenureMonths() == null ? null : record.getTenureMonths() + 100);
            return record;
        });

        assertThat(monitor.quality().of(2).orElseThrow().rmse().getAsDouble()).isCloseTo(3.0, within(1e-9));
        PipelineEvent detected = events.stream().filter(e -> e.getType() == EventType.DRIFT_DETECTED).findFirst().orElseThrow();
        assertThat(detected.getAttributes()).containsEntry("cause", "live-rmse").containsEntry("modelVersion", "2")
                .containsEntry("threshold", "2.0");
        DriftSnapshot drift = monitor.drift().current().orElseThrow();
        assertThat(drift.modelVersion()).isEqualTo(2);
        assertThat(drift.driftedFeatures()).containsExactly("tenureMonths");
        assertThat(drift.predictionDrifted()).as("the prediction follows tenure, PSI %s", drift.predictionPsi()).isTrue();
        assertThat(types(events)).containsOnlyOnce(EventType.DRIFT_DETECTED);
    }

    @Test
    void shouldPublishPsiPerFeatureAndLiveQualityPerVersionAsPrometheusGauges() {
        meteredPipeline = "metered";
        monitor = monitor(settings(true, 0.0));
        score(10, "first", UnaryOperator.identity());
        assertThat(PrometheusScrape.scrape()).as("no drift check yet")
                .contains("streamtrain_drift_prediction_psi{instance=\"scorer-test\",pipeline=\"metered\"} NaN");

        List<DemoRecord> records = score(2 * WINDOW, "shifted", record -> {
            record.setMonthlySpend(record.getMonthlySpend() + 80);
            return record;
        });
        records.subList(0, 40).forEach(record -> monitor.labelled(record.getId(), predicted(record)));
        records.subList(40, 50).forEach(record -> monitor.labelled(record.getId(), "stay".equals(predicted(record)) ? "churn" : "stay"));

        DriftSnapshot drift = monitor.drift().current().orElseThrow();
        Map<String, Double> scraped = gauges(PrometheusScrape.scrape(), "pipeline=\"metered\"");
        assertThat(scraped.get("streamtrain_drift_feature_psi{feature=\"monthlySpend\",instance=\"scorer-test\",pipeline=\"metered\"}"))
                .isGreaterThan(1.0).isCloseTo(drift.featurePsi().get("monthlySpend"), within(0.3));
        assertThat(scraped.get("streamtrain_drift_feature_psi{feature=\"region\",instance=\"scorer-test\",pipeline=\"metered\"}"))
                .isLessThan(0.25);
        assertThat(scraped).containsKey("streamtrain_drift_prediction_psi{instance=\"scorer-test\",pipeline=\"metered\"}")
                .containsEntry("streamtrain_live_accuracy{instance=\"scorer-test\",pipeline=\"metered\",version=\"1\"}", 0.8);
    }

    /** Values of the scraped samples whose labels contain {@code label}, by sample name and labels. */
    private static Map<String, Double> gauges(String scrape, String label) {
        Map<String, Double> values = new LinkedHashMap<>();
        scrape.lines().filter(line -> !line.startsWith("#") && line.contains(label)).forEach(line -> {
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return values;
    }

    private List<DemoRecord> score(int n, String prefix, UnaryOperator<DemoRecord> change) {
        ScoringModel model = current.current().orElseThrow();
        List<DemoRecord> records = DemoData.unlabelled(prefix, n, prefix.hashCode());
        for (DemoRecord record : records) {
            CleanRecord clean = clean(change.apply(record));
            monitor.scored(clean, prediction(clean, model), model);
        }
        return records;
    }

    private String predicted(DemoRecord record) {
        return current.current().orElseThrow().score(clean(record)).label();
    }

    private static CleanRecord clean(DemoRecord record) {
        return ((Extraction.Accepted) EXTRACTOR.extract(record, 0L, 0, 0L, FeatureExtractor.LabelPolicy.IGNORED)).record();
    }

    private static Prediction prediction(CleanRecord clean, ScoringModel model) {
        var scored = model.score(clean);
        return Prediction.newBuilder().setRequestId("r").setRecordId(clean.getRecordId()).setPipeline(PIPELINE)
                .setModelVersion(model.version()).setLabel(scored.label()).setProbabilities(scored.probabilities()).setValue(scored.value())
                .setScoredAt(Instant.EPOCH).build();
    }

    private static DriftSettings settings(boolean drift, double minAccuracy) {
        return new DriftSettings(drift, WINDOW, 20, 0.25, 3_600_000L, true, 3_600_000L, 1_000, 200, minAccuracy, 0.0, true);
    }

    private LiveMonitor monitor(DriftSettings settings) {
        PipelineEvents factory = new PipelineEvents(PIPELINE, "scorer-test");
        return new LiveMonitor(settings, current, new RetrainTrigger(true, events::add, control::add, factory), events::add, factory,
                new DriftMeters(meteredPipeline, "scorer-test"), Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    /** A clock one second further on at every reading, so that every drift check may report. */
    private static final class SecondsClock extends Clock {

        private long millis;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("a test clock in UTC");
        }

        @Override
        public Instant instant() {
            millis += 1_000;
            return Instant.ofEpochMilli(millis);
        }
    }

    private static List<EventType> types(List<PipelineEvent> published) {
        return published.stream().map(PipelineEvent::getType).toList();
    }
}
