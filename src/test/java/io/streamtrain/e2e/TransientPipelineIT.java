package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.demo.DemoRecord;
import io.streamtrain.launcher.demo.DriftingChurnProcess;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.schemas.DemoRecordEncoder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A transient pipeline ({@code pipeline.mode=transient}) on the embedded broker, with only the streams-app and the
 * trainer running: a window of labelled and unlabelled records plus score requests that arrive during it yields a
 * prediction with lineage for every unlabelled record and every request record, and nothing on the model topics; a
 * window without labels yields no prediction, an event and a dead letter for each record it could not score.
 */
@Timeout(180)
class TransientPipelineIT {

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final int LABELLED = 600;
    private static final int UNLABELLED = 100;
    private static final int REQUESTS = 10;
    private static final int PER_REQUEST = 5;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    private final DriftingChurnProcess process = new DriftingChurnProcess(11L, START, Duration.ZERO, 0.0, 0.0);
    private OnePipelineRun run;

    @BeforeEach
    void startPipeline() {
        Map<String, String> configuration = new HashMap<>();
        configuration.put("pipeline.name", "transient-e2e");
        configuration.put("pipeline.mode", "transient");
        configuration.put("window.size.ms", String.valueOf(WINDOW.toMillis()));
        configuration.put("window.grace.ms", "1000");
        configuration.put("window.idle.close.ms", "2000");
        configuration.put("input.partitions", "2");
        configuration.put("streams.commit.interval.ms", "100");
        run = OnePipelineRun.start(configuration, EnumSet.of(ServiceKind.STREAMS_APP, ServiceKind.TRAINER));
    }

    @AfterEach
    void stopPipeline() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void shouldScoreEveryUnlabelledRecordAndScoreRequestOfAWindowWithLineageAndStoreNoModel() {
        try (TopicReader predictions = new TopicReader(run.clientProperties(), run.topics().predictions());
             TopicReader events = new TopicReader(run.clientProperties(), run.topics().events());
             TopicReader models = new TopicReader(run.clientProperties(), run.topics().models());
             TopicReader history = new TopicReader(run.clientProperties(), run.topics().modelHistory());
             TopicReader deadLetters = new TopicReader(run.clientProperties(), run.topics().deadLetters())) {
            Map<String, String> truth = new HashMap<>();
            List<String> unlabelled = sendRecords(0, LABELLED, UNLABELLED, truth);
            Map<String, String> requested = sendScoreRequests(START.plusSeconds(5), truth);

            List<JsonNode> scored = awaitPredictions(predictions, UNLABELLED + REQUESTS * PER_REQUEST);

            List<String> expectedIds = new ArrayList<>(unlabelled);
            expectedIds.addAll(requested.keySet());
            assertThat(scored).extracting(p -> p.path("recordId").asText()).containsExactlyInAnyOrderElementsOf(expectedIds);
            assertThat(scored).allSatisfy(prediction -> {
                assertThat(prediction.path("modelVersion").asLong()).isZero();
                JsonNode lineage = prediction.path("lineage");
                assertThat(lineage.path("windowStart").asText()).isEqualTo(START.toString());
                assertThat(lineage.path("windowEnd").asText()).isEqualTo(START.plus(WINDOW).toString());
                assertThat(lineage.path("trainingRecords").asLong()).isEqualTo(LABELLED);
                assertThat(lineage.path("trainRecords").asLong() + lineage.path("testRecords").asLong()).isEqualTo(LABELLED);
                assertThat(lineage.path("metrics").path("accuracy").asDouble()).isGreaterThan(0.8);
            });
            String batchId = scored.getFirst().path("lineage").path("batchId").asText();
            assertThat(scored).filteredOn(p -> unlabelled.contains(p.path("recordId").asText()))
                    .extracting(p -> p.path("requestId").asText()).containsOnly(batchId);
            assertThat(scored).filteredOn(p -> requested.containsKey(p.path("recordId").asText()))
                    .allSatisfy(p -> assertThat(p.path("requestId").asText()).isEqualTo(requested.get(p.path("recordId").asText())));
            long correct = scored.stream().filter(p -> p.path("label").asText().equals(truth.get(p.path("recordId").asText()))).count();
            assertThat((double) correct / scored.size()).as("accuracy of the transient predictions").isGreaterThan(0.8);
            assertThat(awaitEvent(events, EventType.MODEL_TRAINED).getAttributes())
                    .containsEntry("mode", "transient").containsEntry("batchId", batchId)
                    .containsEntry("predictions", String.valueOf(UNLABELLED + REQUESTS * PER_REQUEST))
                    .containsEntry("unscored", "0");

            List<String> unscorable = sendRecords(1, 0, 20, new HashMap<>());
            PipelineEvent skipped = awaitEvent(events, EventType.BATCH_SKIPPED);
            assertThat(skipped.getAttributes()).containsEntry("mode", "transient").containsEntry("unscored", "20");
            List<ConsumerRecord<String, byte[]>> unscored = awaitRecords(deadLetters,
                    record -> "unscored".equals(DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON)), 20);
            assertThat(unscored).extracting(record -> DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.SOURCE_TOPIC))
                    .containsOnly(run.topics().records());
            assertThat(unscorable).hasSize(20);

            assertThat(predictions.poll()).hasSize(scored.size());
            assertThat(models.poll()).isEmpty();
            assertThat(history.poll()).isEmpty();
        }
    }

    /** Sends labelled then unlabelled records of window {@code index}; returns the unlabelled ids. */
    private List<String> sendRecords(int index, int labelled, int unlabelled, Map<String, String> truth) {
        Instant windowStart = START.plus(WINDOW.multipliedBy(index));
        long spacing = WINDOW.toMillis() * 8 / 10 / (labelled + unlabelled);
        List<String> unlabelledIds = new ArrayList<>();
        for (int i = 0; i < labelled + unlabelled; i++) {
            boolean hasLabel = i < labelled;
            String id = (hasLabel ? "l" : "u") + index + "-" + i;
            DemoRecord record = process.next(id, windowStart.plusMillis(i * spacing), hasLabel);
            truth.put(id, process.truth(record));
            if (!hasLabel) {
                unlabelledIds.add(id);
            }
            run.producer().send(new ProducerRecord<>(run.topics().records(), id, i % 2 == 0 ? DemoRecordEncoder.json(record)
                    : DemoRecordEncoder.avro(record)));
        }
        run.producer().flush();
        return unlabelledIds;
    }

    /** Sends the score requests, produced with {@code arrival} as their Kafka timestamp; returns record id to request id. */
    private Map<String, String> sendScoreRequests(Instant arrival, Map<String, String> truth) {
        Map<String, String> requestOf = new HashMap<>();
        for (int request = 0; request < REQUESTS; request++) {
            String requestId = "request-" + request;
            List<DemoRecord> records = new ArrayList<>();
            for (int i = 0; i < PER_REQUEST; i++) {
                DemoRecord record = process.next("q" + request + "-" + i, arrival, false);
                records.add(record);
                truth.put(record.getId(), process.truth(record));
                requestOf.put(record.getId(), requestId);
            }
            run.producer().send(new ProducerRecord<>(run.topics().scoreRequests(), null, arrival.toEpochMilli(), requestId,
                    DemoRecordEncoder.scoreRequest(requestId, records)));
        }
        run.producer().flush();
        return requestOf;
    }

    private static List<JsonNode> awaitPredictions(TopicReader predictions, int expected) {
        List<JsonNode> scored = new ArrayList<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            scored.clear();
            predictions.poll().forEach(record -> scored.add(JsonValues.parse(record.value())));
            assertThat(scored).hasSizeGreaterThanOrEqualTo(expected);
        });
        return scored;
    }

    private static PipelineEvent awaitEvent(TopicReader events, EventType type) {
        List<ConsumerRecord<String, byte[]>> matching = awaitRecords(events,
                record -> EVENTS.decode(record.value()).getType() == type, 1);
        return EVENTS.decode(matching.getFirst().value());
    }

    private static List<ConsumerRecord<String, byte[]>> awaitRecords(TopicReader reader,
                                                                    Predicate<ConsumerRecord<String, byte[]>> filter,
                                                                    int count) {
        List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            matching.clear();
            reader.poll().stream().filter(filter).forEach(matching::add);
            assertThat(matching).hasSizeGreaterThanOrEqualTo(count);
        });
        return matching;
    }
}
