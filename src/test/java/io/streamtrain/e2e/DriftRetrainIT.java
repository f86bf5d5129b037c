package io.streamtrain.e2e;

import static io.streamtrain.e2e.ShiftingChurnPipeline.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drift to retrain on the embedded broker: a model trained on one regime serves traffic in which one feature
 * (monthly spend) has shifted; the scorer detects drift on that feature alone within a full window of scored
 * records, asks the streams-app to close its window early, the trainer trains on the shifted records, and the new
 * model's live accuracy from late labels recovers. Everything is checked on the events topic, the REST API and the
 * Prometheus metrics.
 */
@Timeout(180)
class DriftRetrainIT {

    private static final Instant START = Instant.parse("2026-02-02T00:00:00Z");
    private static final int FIRST_WINDOW = 1_000;
    private static final int DRIFT_WINDOW = 300;
    private static final int CHECK_INTERVAL = 50;
    private static final int CHUNK = 100;
    private static final int MAX_CHUNKS = 25;
    private static final int LIVE_LABELS_NEEDED = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShiftingChurnPipeline pipeline;
    private OnePipelineRun run;

    @BeforeEach
    void startPipeline() {
        // One window of a regime per model: the retrain learns from the shifted records alone.
        Map<String, String> configuration = ShiftingChurnPipeline.configuration("drift", FIRST_WINDOW);
        configuration.put("scorer.drift.window.records", String.valueOf(DRIFT_WINDOW));
        configuration.put("scorer.drift.check.interval.records", String.valueOf(CHECK_INTERVAL));
        configuration.put("scorer.drift.report.interval.ms", "200");
        pipeline = ShiftingChurnPipeline.start(configuration, EnumSet.allOf(ServiceKind.class), START);
        run = pipeline.run();
    }

    @AfterEach
    void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldDetectDriftOnTheShiftedFeatureRetrainAndRecoverLiveAccuracy() throws Exception {
        try (TopicReader events = new TopicReader(run.clientProperties(), run.topics().events());
             TopicReader predictions = new TopicReader(run.clientProperties(), run.topics().predictions())) {
            pipeline.sendLabelled("a-", FIRST_WINDOW, false);
            pipeline.awaitServed(1, Duration.ofSeconds(60));

            int chunks = 0;
            int detectedAfterChunks = -1;
            while (chunks < MAX_CHUNKS && !recovered()) {
                pipeline.scoreThenLabel("b-" + chunks++ + "-", CHUNK, true, predictions);
                if (detectedAfterChunks < 0 && !ofType(events, EventType.DRIFT_DETECTED).isEmpty()) {
                    detectedAfterChunks = chunks;
                }
            }

            assertThat(detectedAfterChunks).as("chunks of %d shifted records scored until drift was detected", CHUNK)
                    .isBetween(1, (DRIFT_WINDOW + CHECK_INTERVAL) / CHUNK + 1);
            PipelineEvent detected = ofType(events, EventType.DRIFT_DETECTED).getFirst();
            assertThat(detected.getAttributes()).containsEntry("modelVersion", "1").containsEntry("cause", "feature-drift")
                    .containsEntry("feature", "monthlySpend").containsEntry("driftedFeatures", "monthlySpend")
                    .containsEntry("threshold", "0.25").containsEntry("records", String.valueOf(DRIFT_WINDOW));
            assertThat(Double.parseDouble(detected.getAttributes().get("psi"))).isGreaterThan(1.0);
            assertThat(ofType(events, EventType.RETRAIN_REQUESTED)).singleElement()
                    .satisfies(request -> assertThat(request.getAttributes()).containsEntry("feature", "monthlySpend"));
            assertThat(ofType(events, EventType.WINDOW_CLOSED)).extracting(e -> e.getAttributes().get("reason"))
                    .startsWith("MAX_RECORDS", "REQUESTED");
            assertThat(ofType(events, EventType.WINDOW_CLOSED).get(1).getAttributes().get("requestReason"))
                    .isEqualTo("Retrain requested: " + detected.getMessage());
            assertThat(ofType(events, EventType.DRIFT_REPORT)).filteredOn(e -> e.getAttributes().get("modelVersion").equals("1"))
                    .last().satisfies(report -> {
                        for (String feature : List.of("tenureMonths", "supportCalls", "usageHours", "premium", "region")) {
                            assertThat(Double.parseDouble(report.getAttributes().get("psi." + feature))).as(feature).isLessThan(0.25);
                        }
                    });

            JsonNode drift = get("/drift");
            double before = drift.at("/liveMetrics/1/accuracy").asDouble();
            double after = drift.at("/liveMetrics/2/accuracy").asDouble();
            assertThat(drift.at("/liveMetrics/2/labels").asLong()).isGreaterThanOrEqualTo(LIVE_LABELS_NEEDED);
            assertThat(before).as("live accuracy of the model of the old regime").isLessThan(0.7);
            assertThat(after).as("live accuracy of the retrained model").isGreaterThan(0.85);
            JsonNode model = get("/model");
            assertThat(model.get("version").asLong()).isEqualTo(2);
            assertThat(model.at("/liveMetrics/accuracy").asDouble()).isEqualTo(after);
            assertThat(model.at("/metrics/accuracy").asDouble()).isGreaterThan(0.85);
            assertThat(drift.at("/drift/modelVersion").asLong()).isEqualTo(2);
            assertThat(drift.at("/drift/driftedFeatures").isEmpty()).isTrue();

            String metrics = scrape();
            // Labels still in flight may move the live figures a little between the two reads.
            assertThat(gauge(metrics, "streamtrain_live_accuracy", "version=\"1\"")).isCloseTo(before, within(0.05)).isLessThan(0.7);
            assertThat(gauge(metrics, "streamtrain_live_accuracy", "version=\"2\"")).isCloseTo(after, within(0.05)).isGreaterThan(0.85);
            assertThat(metrics).contains("streamtrain_drift_feature_psi{feature=\"monthlySpend\"")
                    .contains("streamtrain_drift_prediction_psi{");
        }
    }

    private String scrape() throws IOException, InterruptedException {
        int port = run.deployment().scorerHttpPort().orElseThrow();
        HttpResponse<String> response = pipeline.http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
        return response.body();
    }

    /** The value of the drift pipeline's sample of {@code name} whose labels contain {@code label}. */
    private static double gauge(String metrics, String name, String label) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains("pipeline=\"drift\"") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " sample with " + label + " in\n" + metrics));
    }

    /** Whether a retrained model serves and has enough late labels to judge. */
    private boolean recovered() throws IOException, InterruptedException {
        return get("/drift").at("/liveMetrics/2/labels").asLong() >= LIVE_LABELS_NEEDED;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = pipeline.http().send(HttpRequest.newBuilder(pipeline.scorerUri(path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
