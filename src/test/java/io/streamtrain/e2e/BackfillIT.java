package io.streamtrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtrain.core.config.DeploymentDefinition;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.core.deadletter.DeadLetterHeaders;
import io.streamtrain.core.topics.PipelineTopics;
import io.streamtrain.launcher.runtime.Deployment;
import io.streamtrain.launcher.runtime.ServiceKind;
import io.streamtrain.messages.BackfillOrigin;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.streams.StreamsAppConfig;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamtrain backfill} against a live pipeline on the embedded broker: the input topic holds three spans of
 * records (Kafka timestamps one minute apart), the live streams-app and trainer have windowed and trained them all, and
 * more records keep arriving while the middle span is backfilled. The backfill's models land in the history with status
 * {@code BACKFILL} and lineage covering exactly the middle span, the champion stays a live model, the live pipeline goes
 * on training, its offsets only move forward and nothing is dead-lettered twice.
 */
class BackfillIT {

    private static final String PIPELINE = "hist";
    /** Event times: aligned to the 10 s windows, 20 ms apart. */
    private static final long EVENT_START = 1_767_571_200_000L;
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    private final Instant spanStart = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    private Deployment runtime;
    private PipelineTopics topics;

    /** The pipeline's definition, shared by the live services and the backfill command (which takes its window keys from it). */
    private static final Map<String, String> DEFINITION = Map.of("pipeline.name", PIPELINE, "window.size.ms", "10000",
            "window.grace.ms", "500", "window.idle.close.ms", "1000", "input.partitions", "1", "streams.commit.interval.ms", "100");

    @BeforeEach
    void startPipeline() {
        Map<String, String> configuration = new HashMap<>(DEFINITION);
        configuration.putAll(TrustConfig.inline(Ed25519Keys.generate()));
        runtime = Deployment.start(new DeploymentDefinition(List.of(PipelineDefinition.of(PIPELINE, configuration))),
                EnumSet.of(ServiceKind.STREAMS_APP, ServiceKind.TRAINER), null, Duration.ofSeconds(90));
        topics = runtime.pipelines().getFirst().pipeline().topics();
    }

    @AfterEach
    void stopPipeline() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldRecordBackfillModelsOfExactlyTheRequestedRangeWhileTheLivePipelineKeepsTraining(@TempDir Path folder) throws Exception {
        Properties definition = new Properties();
        definition.putAll(DEFINITION);
        Path config = folder.resolve("hist.properties");
        try (Writer writer = Files.newBufferedWriter(config)) {
            definition.store(writer, null);
        }
        List<Long> offsets = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            offsets.addAll(send(producer, 0, 300, 0));                 // span A, at spanStart
            offsets.addAll(send(producer, 300, 900, 60_000));          // span B, a minute later: the one backfilled
            offsets.addAll(send(producer, 900, 1200, 120_000));        // span C
        }
        long firstOfB = offsets.get(300);
        long endOfB = offsets.get(900);
        String liveGroup = new StreamsAppConfig(runtime.pipelines().getFirst().definition()).applicationId();
        awaitEveryWindowTrained(3);
        long liveOffsetBefore = committed(liveGroup);
        long deadLettersBefore = read(topics.deadLetters()).size();
        long championBefore = champion().getVersion();

        long firstOfD;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            firstOfD = send(producer, 1200, 1500, 180_000).getFirst();  // span D: the live stream goes on
        }
        String printed = Cli.run("backfill", "--config", config.toString(), "--bootstrap-servers", bootstrap(),
                "--from", spanStart.plusSeconds(60).toString(), "--to", String.valueOf(spanStart.plusSeconds(120).toEpochMilli()),
                "--idle-close", "PT1S", "--train-wait", "PT2M");

        assertThat(printed).contains("re-windows " + (endOfB - firstOfB) + " offsets").contains("offsets read")
                .contains("2 refused").contains("Backfill models: 2 recorded");
        List<ModelEnvelope> history = read(topics.modelHistory()).stream().map(r -> ENVELOPES.decode(r.value())).toList();
        List<ModelEnvelope> backfill = history.stream().filter(e -> e.getLineage().getBackfill() != null).toList();
        assertThat(backfill).hasSize(2).allSatisfy(envelope -> {
            assertThat(envelope.getPromotion().getStatus()).isEqualTo(PromotionStatus.BACKFILL);
            BackfillOrigin origin = envelope.getLineage().getBackfill();
            assertThat(origin.getRequestedFrom()).isEqualTo(spanStart.plusSeconds(60));
            assertThat(origin.getRequestedTo()).isEqualTo(spanStart.plusSeconds(120));
            assertThat(envelope.getLineage().getBatchId()).startsWith(PIPELINE + "-backfill-" + origin.getRunId() + "-");
        });
        List<OffsetRange> lineage = backfill.stream().flatMap(e -> e.getLineage().getSourceRanges().stream()).toList();
        assertThat(lineage.stream().mapToLong(OffsetRange::getFirstOffset).min().orElseThrow()).isEqualTo(firstOfB);
        assertThat(lineage.stream().mapToLong(OffsetRange::getLastOffset).max().orElseThrow()).isEqualTo(endOfB - 1);
        assertThat(lineage.stream().mapToLong(OffsetRange::getRecordCount).sum()).isEqualTo(600 - 2);

        // The live pipeline trains span D, its champion is never a backfill model, its offsets only moved on.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> read(topics.modelHistory()).stream()
                .map(r -> ENVELOPES.decode(r.value()))
                .anyMatch(e -> e.getLineage().getBackfill() == null
                        && e.getLineage().getSourceRanges().stream().anyMatch(range -> range.getLastOffset() >= firstOfD)));
        ModelEnvelope champion = champion();
        assertThat(champion.getLineage().getBackfill()).isNull();
        assertThat(champion.getVersion()).isGreaterThanOrEqualTo(championBefore);
        assertThat(committed(liveGroup)).isGreaterThanOrEqualTo(liveOffsetBefore);
        List<ConsumerRecord<String, byte[]>> deadLetters = read(topics.deadLetters());
        assertThat(deadLetters).hasSize((int) deadLettersBefore)
                .noneMatch(letter -> "backfill".equals(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.SERVICE)));
        try (Admin admin = Admin.create(runtime.clientProperties())) {
            assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId).noneMatch(group -> group.contains("-backfill-"));
            assertThat(admin.listTopics().names().get()).noneMatch(topic -> topic.contains("-backfill-"));
        }
    }

    /** Sends records {@code from} to {@code to} (exclusive) with Kafka timestamps from {@code spanStart + offsetMs}. */
    private List<Long> send(KafkaProducer<String, byte[]> producer, int from, int to, long offsetMs)
            throws ExecutionException, InterruptedException {
        List<Long> offsets = new ArrayList<>();
        for (int i = from; i < to; i++) {
            long timestamp = spanStart.toEpochMilli() + offsetMs + (i - from);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.records(), 0, timestamp, "r-" + i,
                    json(i).getBytes(StandardCharsets.UTF_8));
            RecordMetadata sent = producer.send(record).get();
            offsets.add(sent.offset());
        }
        return offsets;
    }

    /** A labelled record whose label follows a rule on support calls and tenure; two records of span B are invalid. */
    private static String json(int i) {
        long eventTime = EVENT_START + i * 20L;
        int calls = i % 10;
        int tenure = 1 + (i * 7) % 60;
        String label = calls * 6 - tenure / 3 > 15 ? "churn" : "stay";
        String spend = i == 450 ? "\"not-a-number\"" : String.valueOf(20 + i % 80);
        String labelField = i == 451 ? "" : ",\"label\":\"" + label + "\"";
        return "{\"id\":\"r-" + i + "\",\"eventTime\":" + eventTime + ",\"tenureMonths\":" + tenure + ",\"monthlySpend\":" + spend
                + ",\"supportCalls\":" + calls + ",\"usageHours\":" + ((i * 3) % 40 + 0.5) + ",\"premium\":" + (i % 2 == 0)
                + ",\"region\":\"" + (i % 3 == 0 ? "north" : "south") + "\"" + labelField + "}";
    }

    private void awaitEveryWindowTrained(int atLeast) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<PipelineEvent> events = read(topics.events()).stream().map(r -> EVENTS.decode(r.value())).toList();
            long closed = events.stream().filter(e -> e.getType() == EventType.WINDOW_CLOSED).count();
            long trained = events.stream().filter(e -> e.getType() == EventType.MODEL_PUBLISHED || e.getType() == EventType.MODEL_REJECTED
                    || e.getType() == EventType.BATCH_SKIPPED).count();
            return closed >= atLeast && trained == closed;
        });
    }

    private ModelEnvelope champion() {
        List<ConsumerRecord<String, byte[]>> models = read(topics.models()).stream().filter(r -> PIPELINE.equals(r.key())).toList();
        assertThat(models).as("models on %s", topics.models()).isNotEmpty();
        return ENVELOPES.decode(models.getLast().value());
    }

    private long committed(String group) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(runtime.clientProperties())) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topics.records(), 0));
            return offset == null ? 0 : offset.offset();
        }
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic) {
        try (TopicReader reader = new TopicReader(runtime.clientProperties(), topic)) {
            List<ConsumerRecord<String, byte[]>> records = reader.poll();
            for (int empty = 0; empty < 3; empty = records.size() == reader.poll().size() ? empty + 1 : 0) {
                records = reader.poll();
            }
            return records.stream().filter(r -> r.value() != null).toList();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(runtime.clientProperties(), new StringSerializer(), new ByteArraySerializer());
    }

    private String bootstrap() {
        return String.valueOf(runtime.clientProperties().get("bootstrap.servers"));
    }
}
