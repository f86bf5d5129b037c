package io.streamtrain.launcher.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.broker.EmbeddedBrokerSettings;
import io.streamtrain.broker.EmbeddedKafkaBroker;
import io.streamtrain.broker.TopicProvisioner;
import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.config.PipelineDefinition;
import io.streamtrain.dashboard.DashboardConfig;
import io.streamtrain.dashboard.DashboardService;
import io.streamtrain.messages.FeatureSchema;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ModelPin;
import io.streamtrain.messages.ModelRollback;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.ModelSigner;
import io.streamtrain.ml.trust.TrustConfig;
import io.streamtrain.registry.ModelHistoryKey;
import io.streamtrain.registry.ModelsTopicKeys;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code streamtrain score}'s {@link ChampionReader} and the dashboard take the current model of {@code <p>.models}
 * by the serving policy the scorer serves by: a replayed signed version the gate rejected and a record whose signature
 * does not verify, written after a promoted version, do not become current; an operator's rollback does.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CurrentModelReadersIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final ModelSigner SIGNER = ModelSigner.ed25519(KEYS.getPrivate(), KEYS.getPublic());
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.defaults());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldScoreWithThePromotedVersionNotAReplayedRejectedOrForgedOne() {
        PipelineConfig pipeline = pipeline("cli-replay");
        writePromotedThenReplayedAndForged(pipeline);

        assertThat(ChampionReader.read(pipeline.kafka().properties(), pipeline.pipelineName(), pipeline.topics().models(), verifier(pipeline)))
                .hasValueSatisfying(envelope -> assertThat(envelope.getVersion()).isEqualTo(1));
    }

    @Test
    void shouldScoreWithTheVersionAnOperatorRolledBackTo() {
        PipelineConfig pipeline = pipeline("cli-rollback");
        send(pipeline, pipeline.topics().models(), envelope(pipeline, 1, PromotionStatus.PROMOTED));
        send(pipeline, pipeline.topics().models(), envelope(pipeline, 2, PromotionStatus.PROMOTED));
        send(new ProducerRecord<>(pipeline.topics().models(), key(ModelsTopicKeys.rollback(pipeline.pipelineName())),
                AvroMessageCodec.of(ModelRollback.class).encode(new ModelRollback(pipeline.pipelineName(), 1L, 2L, "cli:alice", "",
                        Instant.now()))));
        send(pipeline, pipeline.topics().models(), envelope(pipeline, 1, PromotionStatus.PROMOTED));

        assertThat(ChampionReader.read(pipeline.kafka().properties(), pipeline.pipelineName(), pipeline.topics().models(), verifier(pipeline)))
                .hasValueSatisfying(envelope -> assertThat(envelope.getVersion()).isEqualTo(1));
    }

    @Test
    void shouldShowThePromotedVersionAsCurrentOnTheDashboardNotAReplayedRejectedOrForgedOne() throws Exception {
        PipelineConfig pipeline = pipeline("dashboard-replay");
        for (long version = 1; version <= 3; version++) {
            send(pipeline, pipeline.topics().modelHistory(), new ModelHistoryKey(pipeline.pipelineName(), version).toString(),
                    envelope(pipeline, version, version == 2 ? PromotionStatus.REJECTED : PromotionStatus.PROMOTED));
        }
        writePromotedThenReplayedAndForged(pipeline);
        // The pin comes after every model record on the one partition: once the dashboard shows it, it has read them all.
        send(new ProducerRecord<>(pipeline.topics().models(), key(ModelsTopicKeys.pin(pipeline.pipelineName())),
                AvroMessageCodec.of(ModelPin.class).encode(new ModelPin(pipeline.pipelineName(), true, 3L, "cli:alice", "",
                        Instant.now()))));
        Map<String, String> settings = new HashMap<>(settings(pipeline.pipelineName()));
        settings.put(DashboardConfig.PORT_CONFIG, "0");
        try (DashboardService dashboard = new DashboardService(new DashboardConfig(PipelineDefinition.of("test", settings)), Clock.systemUTC())) {
            dashboard.start(Duration.ofSeconds(30));
            String base = "http://127.0.0.1:" + dashboard.port().orElseThrow();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> statusOf(base, pipeline, 3), "pinned"::equals);

            assertThat(get(base + "/api/pipelines").get(0).get("currentVersion").asLong()).isEqualTo(1);
            assertThat(statusOf(base, pipeline, 1)).isEqualTo("champion");
            assertThat(statusOf(base, pipeline, 2)).isNotEqualTo("champion");
        }
    }

    /** Promoted version 1, then the rejected version 2 replayed with a valid signature, then a forged version 3. */
    private static void writePromotedThenReplayedAndForged(PipelineConfig pipeline) {
        send(pipeline, pipeline.topics().models(), envelope(pipeline, 1, PromotionStatus.PROMOTED));
        send(pipeline, pipeline.topics().models(), envelope(pipeline, 2, PromotionStatus.REJECTED));
        byte[] value = ENVELOPES.encode(envelope(pipeline, 3, PromotionStatus.PROMOTED));
        byte[] forged = value.clone();
        forged[forged.length / 2] ^= 0x01;
        send(new ProducerRecord<>(pipeline.topics().models(), null, key(pipeline.pipelineName()), forged, SIGNER.headersFor(value)));
    }

    private static String statusOf(String base, PipelineConfig pipeline, long version) throws IOException, InterruptedException {
        for (JsonNode row : get(base + "/api/pipelines/" + pipeline.pipelineName() + "/models")) {
            if (row.get("version").asLong() == version) {
                return row.get("status").asText();
            }
        }
        return "";
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        }
    }

    private static PipelineConfig pipeline(String name) {
        PipelineConfig pipeline = new PipelineConfig(settings(name));
        try (TopicProvisioner topics = TopicProvisioner.connect(pipeline.kafka().properties(), 1, Duration.ofSeconds(30))) {
            topics.ensureTopics(pipeline.topics().specs(pipeline.inputPartitions()));
        }
        return pipeline;
    }

    private static Map<String, String> settings(String name) {
        Map<String, String> settings = new HashMap<>(TrustConfig.inline(KEYS));
        settings.put("pipeline.name", name);
        settings.put("kafka.bootstrap.servers", broker.bootstrapServers());
        return settings;
    }

    private static io.streamtrain.ml.trust.ModelVerifier verifier(PipelineConfig pipeline) {
        return new TrustConfig(pipeline.originals()).verifier();
    }

    private static void send(PipelineConfig pipeline, String topic, ModelEnvelope envelope) {
        send(pipeline, topic, pipeline.pipelineName(), envelope);
    }

    private static void send(PipelineConfig pipeline, String topic, String key, ModelEnvelope envelope) {
        byte[] value = ENVELOPES.encode(envelope);
        send(new ProducerRecord<>(topic, null, key(key), value, SIGNER.headersFor(value)));
    }

    private static void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static ModelEnvelope envelope(PipelineConfig pipeline, long version, PromotionStatus status) {
        return ModelEnvelope.newBuilder()
                .setPipeline(pipeline.pipelineName()).setVersion(version).setTask(Task.CLASSIFICATION).setAlgorithm("logistic-regression")
                .setHyperparameters(Map.of())
                .setFeatureSchema(FeatureSchema.newBuilder().setFeatures(List.of()).setLabelField("label").setClasses(List.of()).build())
                .setPreprocessing(FittedPreprocessing.newBuilder().setColumns(List.of()).build())
                .setModelFormat("java-serialization").setModelBytes(ByteBuffer.allocate(0)).setModelSha256("00")
                .setMetrics(Map.of("f1", 0.9))
                .setLineage(Lineage.newBuilder().setBatchId("b" + version).setSourceTopic(pipeline.topics().records())
                        .setWindowStart(Instant.ofEpochMilli(60_000 * version)).setWindowEnd(Instant.ofEpochMilli(60_000 * (version + 1)))
                        .setRecordCount(100).setTrainCount(80).setTestCount(20).setSourceRanges(List.of()).build())
                .setCreatedAt(Instant.ofEpochMilli(130_000 * version)).setTrainingMillis(12).setSmileVersion("6.3.0")
                .setStreamtrainVersion("dev")
                .setPromotion(PromotionDecision.newBuilder().setStatus(status).setMetric("f1").setReason("test").build())
                .build();
    }
}
