package io.streamtrain.dashboard.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftTrackerTest {

    private static final ModelVersionRow V2 = new ModelVersionRow(2, "champion", "logistic-regression", Map.of("accuracy", 0.91, "f1", 0.9),
            "b2", 0, 1, 100, 80, 20, 5, 2, new ModelVersionRow.Horizon(1, "b2", 0, 100, 100, "none", false));

    private final DriftTracker tracker = new DriftTracker("p", () -> List.of(V2));

    @Test
    void shouldShowTheLatestReportBesideTheTestSplitMetricOfItsVersion() {
        tracker.accept(report("1", Map.of("psi.tenure", "0.02")));
        tracker.accept(new EventView("DRIFT_DETECTED", "scorer-a", 5, "Feature spend drifted under model version 2", Map.of("modelVersion", "2")));
        tracker.accept(report("2", Map.of("psi.tenure", "0.02", "psi.spend", "1.5", "psi.region", "0.3", "predictionPsi", "0.4",
                "labels", "250", "liveAccuracy", "0.62")));

        DriftView view = tracker.current().orElseThrow();
        assertThat(view.modelVersion()).isEqualTo(2);
        assertThat(view.featurePsi()).containsExactly(Map.entry("region", 0.3), Map.entry("spend", 1.5), Map.entry("tenure", 0.02));
        assertThat(view.driftedFeatures()).containsExactly("spend", "region");
        assertThat(view.predictionPsi()).isEqualTo(0.4);
        assertThat(view.metric()).isEqualTo("accuracy");
        assertThat(view.liveValue()).isEqualTo(0.62);
        assertThat(view.testValue()).isEqualTo(0.91);
        assertThat(view.labels()).isEqualTo(250);
        assertThat(view.lastDetection()).isEqualTo("Feature spend drifted under model version 2");
    }

    @Test
    void shouldNameTheTestMetricBeforeTheFirstLabelAndSkipAReportThatDoesNotParse() {
        assertThat(tracker.current()).isEmpty();
        tracker.accept(report("2", Map.of("psi.tenure", "0.1")));
        tracker.accept(report("3", Map.of("psi.tenure", "lots")));

        DriftView view = tracker.current().orElseThrow();
        assertThat(view.modelVersion()).isEqualTo(2);
        assertThat(view.metric()).isEqualTo("accuracy");
        assertThat(view.liveValue()).isNull();
        assertThat(view.testValue()).isEqualTo(0.91);
        assertThat(view.predictionPsi()).isNull();
    }

    @Test
    void shouldShowThePsiSoFarOfAPartialReportAndKeepEveryReportAndRetrainRequest() {
        Map<String, String> partial = new HashMap<>(Map.of("psi.spend", "0.8", "windowRecords", "1000", "complete", "false"));
        EventView first = report("2", partial);
        tracker.accept(new EventView(first.type(), first.source(), 10, first.message(), withRecords(first, "412")));
        tracker.accept(new EventView("RETRAIN_REQUESTED", "scorer-a", 20, "Retrain requested: Feature spend drifted",
                Map.of("modelVersion", "2", "cause", "feature-drift")));
        tracker.accept(report("2", Map.of("psi.spend", "1.2", "windowRecords", "1000", "complete", "true")));

        DriftView view = tracker.current().orElseThrow();
        assertThat(view.complete()).isTrue();
        assertThat(tracker.history()).extracting(DriftTracker.DriftPoint::records).containsExactly(412L, 1000L);
        assertThat(tracker.history().getFirst().complete()).isFalse();
        assertThat(tracker.history().getFirst().featurePsi()).containsEntry("spend", 0.8);
        assertThat(tracker.retrainRequests()).singleElement().satisfies(request -> {
            assertThat(request.modelVersion()).isEqualTo("2");
            assertThat(request.cause()).isEqualTo("feature-drift");
        });
    }

    @Test
    void shouldKeepAnHourOfReportsAtMost() {
        for (int minute = 0; minute <= 90; minute++) {
            EventView report = report("2", Map.of("psi.spend", "0.1"));
            tracker.accept(new EventView(report.type(), report.source(), minute * 60_000L, report.message(), report.attributes()));
        }

        assertThat(tracker.history()).hasSize(61);
        assertThat(tracker.history().getFirst().at()).isEqualTo(30 * 60_000L);
    }

    private static Map<String, String> withRecords(EventView report, String records) {
        Map<String, String> attributes = new HashMap<>(report.attributes());
        attributes.put("records", records);
        return attributes;
    }

    private static EventView report(String version, Map<String, String> figures) {
        Map<String, String> attributes = new HashMap<>(figures);
        attributes.put("modelVersion", version);
        attributes.put("records", "1000");
        attributes.put("threshold", "0.25");
        return new EventView("DRIFT_REPORT", "scorer-a", 10, "Drift of model version " + version, attributes);
    }
}
