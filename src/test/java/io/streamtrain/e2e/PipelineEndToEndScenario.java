package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.schemas.DemoRecordEncoder;
import io.streamtrain.launcher.demo.DriftingChurnProcess;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole chain on a real broker: records in, windows closed, models trained and versioned, requests scored by
 * the current model — with a trainer restart in the middle. Each subclass names the cluster it runs on.
 */
@Timeout(240)
abstract class PipelineEndToEndScenario {

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final int RECORDS_PER_WINDOW = 1_000;
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    private final DriftingChurnProcess process = new DriftingChurnProcess(7L, START, Duration.ZERO, 0.02, 0.02);
    private OnePipelineRun run;

    /**
     * The keys that choose the Kafka cluster and anything the run needs on it, added to the scenario's pipeline
     * definition: empty for the embedded broker, {@code kafka.bootstrap.servers} for an external cluster.
     */
    protected abstract Map<String, String> clusterConfiguration();

    @BeforeEach
    void startPipeline() {
        Map<String, String> configuration = new HashMap<>(clusterConfiguration());
        configuration.put("pipeline.name", "e2e");
        configuration.put("window.size.ms", String.valueOf(WINDOW.toMillis()));
        configuration.put("window.grace.ms", "1000");
        configuration.put("window.idle.close.ms", "2000");
        configuration.put("input.partitions", "2");
        configuration.put("scorer.instance.id", "e2e-1");
        // Any free port: a fixed one may be taken by another process on the machine running the tests.
        configuration.put("scorer.http.port", "0");
        configuration.put("dashboard.port", "0");
        configuration.put("streams.commit.interval.ms", "100");
        run = OnePipelineRun.start(configuration, EnumSet.allOf(ServiceKind.class));
    }

    @AfterEach
    void stopPipeline() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void shouldPublishOneVersionPerWindowAcrossATrainerRestartAndServeTheCurrentModel() throws Exception {
        try (TopicReader history = new TopicReader(run.clientProperties(), run.topics().modelHistory());
             TopicReader events = new TopicReader(run.clientProperties(), run.topics().events());
             TopicReader predictions = new TopicReader(run.clientProperties(), run.topics().predictions())) {
            sendWindow(0);
            awaitVersions(history, List.of(1L));

            run.runtime().stop(ServiceKind.TRAINER);
            sendWindow(1);
            run.runtime().start(ServiceKind.TRAINER);
            awaitVersions(history, List.of(1L, 2L));

            sendWindow(2);
            List<ModelEnvelope> models = awaitVersions(history, List.of(1L, 2L, 3L));
            // The default horizon (30 windows) keeps every window so far, across the trainer's restart: version n
            // learns from n windows.
            for (int i = 0; i < models.size(); i++) {
                ModelEnvelope model = models.get(i);
                int windows = i + 1;
                assertThat(model.getLineage().getHorizon().getWindows()).hasSize(windows);
                assertThat(model.getLineage().getRecordCount())
                        .isBetween((long) (windows * RECORDS_PER_WINDOW * 0.9), (long) windows * RECORDS_PER_WINDOW);
                assertThat(model.getMetrics().get("accuracy")).isGreaterThan(0.85);
            }
            assertThat(models.stream().map(m -> m.getLineage().getWindowStart()).distinct()).hasSize(3);

            await().atMost(Duration.ofSeconds(30)).until(() -> loadedVersions(events).contains("3"));
            List<DemoRecord> heldOut = sendScoreRequests(300, 10);
            List<JsonNode> scored = awaitPredictions(predictions, heldOut.size());

            Map<String, String> truth = new HashMap<>();
            heldOut.forEach(record -> truth.put(record.getId(), process.truth(record)));
            long correct = scored.stream()
                    .filter(p -> p.path("label").asText().equals(truth.get(p.path("recordId").asText())))
                    .count();
            assertThat(scored).extracting(p -> p.path("modelVersion").asLong()).containsOnly(3L);
            assertThat(scored).extracting(p -> p.path("recordId").asText()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(truth.keySet());
            assertThat((double) correct / scored.size()).as("held-out accuracy").isGreaterThanOrEqualTo(0.9);
        }
    }

    /** Versions the scorer reported as loaded, from its MODEL_LOADED events. */
    private static List<String> loadedVersions(TopicReader events) {
        return events.poll().stream()
                .map(record -> EVENTS.decode(record.value()))
                .filter(event -> event.getType() == EventType.MODEL_LOADED)
                .map(event -> event.getAttributes().get("version"))
                .toList();
    }

    /** Sends one window of labelled records, a fifth as JSON, and a few malformed ones. */
    private void sendWindow(int index) {
        Instant windowStart = START.plus(WINDOW.multipliedBy(index));
        long spacing = WINDOW.toMillis() * 8 / 10 / RECORDS_PER_WINDOW;
        for (int i = 0; i < RECORDS_PER_WINDOW; i++) {
            String id = "w" + index + "-" + i;
            DemoRecord record = process.next(id, windowStart.plusMillis(i * spacing), true);
            byte[] value = i % 5 == 0 ? DemoRecordEncoder.json(record) : DemoRecordEncoder.avro(record);
            run.producer().send(new ProducerRecord<>(run.topics().records(), id, value));
        }
        run.producer().send(new ProducerRecord<>(run.topics().records(), "bad-" + index,
                "{\"id\": \"bad\", ".getBytes(StandardCharsets.UTF_8)));
        run.producer().flush();
    }

    private List<DemoRecord> sendScoreRequests(int records, int perRequest) {
        List<DemoRecord> sent = new ArrayList<>();
        Instant eventTime = START.plus(WINDOW.multipliedBy(3));
        for (int request = 0; request < records / perRequest; request++) {
            List<DemoRecord> batch = new ArrayList<>();
            for (int i = 0; i < perRequest; i++) {
                batch.add(process.next("q" + request + "-" + i, eventTime, false));
            }
            sent.addAll(batch);
            String requestId = "request-" + request;
            run.producer().send(new ProducerRecord<>(run.topics().scoreRequests(), requestId,
                    DemoRecordEncoder.scoreRequest(requestId, batch)));
        }
        run.producer().flush();
        return sent;
    }

    private static List<ModelEnvelope> awaitVersions(TopicReader history, List<Long> expected) {
        List<ModelEnvelope> models = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            models.clear();
            history.poll().forEach(record -> models.add(ENVELOPES.decode(record.value())));
            assertThat(models).extracting(ModelEnvelope::getVersion).containsExactlyElementsOf(expected);
        });
        return models;
    }

    private static List<JsonNode> awaitPredictions(TopicReader predictions, int expected) {
        List<JsonNode> scored = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            scored.clear();
            for (ConsumerRecord<String, byte[]> record : predictions.poll()) {
                scored.add(JsonValues.parse(record.value()));
            }
            assertThat(scored).hasSizeGreaterThanOrEqualTo(expected);
        });
        return scored;
    }
}
