package io.streamtrain.scorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.registry.ModelHistoryKey;
import io.streamtrain.registry.ModelRegistry;
import io.streamtrain.registry.RegistryClients;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.scorer.ScorerConfig;
import io.streamtrain.scorer.ScorerService;
import io.streamtrain.scorer.testing.ModelSigning;
import io.streamtrain.scorer.testing.ScorerBroker;
import io.streamtrain.scorer.testing.TopicReader;
import io.streamtrain.scorer.testing.TrainedModels;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which versions a scorer serves when {@code <p>.models} holds records it must not trust: a forged record in front of
 * a restarted scorer, replayed history records of versions the gate rejected or that are older than the one served.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ModelTrustIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AvroMessageCodec<PipelineEvent> EVENTS = AvroMessageCodec.of(PipelineEvent.class);

    @RegisterExtension
    static final ScorerBroker kafka = new ScorerBroker();

    private final Map<EventType, Integer> handedOut = new HashMap<>();

    @Test
    void shouldServeTheNewestValidVersionOfTheModelsTopicWhenStartedBehindAForgedRecord() {
        ScorerConfig config = pipeline("forged-topic");
        PipelineConfig pipeline = config.pipeline();
        for (long version = 1; version <= 2; version++) {
            ModelEnvelope envelope = TrainedModels.train(pipeline, version, 60 + version);
            kafka.send(ModelSigning.signed(pipeline.topics().modelHistory(), historyKey(pipeline, version), envelope));
            kafka.send(ModelSigning.signed(pipeline.topics().models(), pipeline.pipelineName(), envelope));
        }
        sendForged(pipeline, TrainedModels.train(pipeline, 3, 63));
        TopicReader events = kafka.reader(pipeline.topics().events());

        ScorerService scorer = kafka.start(config);

        assertThat(scorer.currentModel().current()).hasValueSatisfying(m -> assertThat(m.version()).isEqualTo(2));
        assertRefusalReported(events, "signature does not match");
    }

    @Test
    void shouldServeTheNewestPromotedVersionOfTheHistoryWhenTheModelsTopicHoldsOnlyAForgedRecord() {
        ScorerConfig config = pipeline("forged-compacted");
        PipelineConfig pipeline = config.pipeline();
        // As after compaction: the valid versions are gone from the models topic, only the forged record is left there.
        kafka.send(ModelSigning.signed(pipeline.topics().modelHistory(), historyKey(pipeline, 1), TrainedModels.train(pipeline, 1, 71)));
        kafka.send(ModelSigning.signed(pipeline.topics().modelHistory(), historyKey(pipeline, 2), TrainedModels.train(pipeline, 2, 72)));
        kafka.send(ModelSigning.signed(pipeline.topics().modelHistory(), historyKey(pipeline, 3),
                withStatus(TrainedModels.train(pipeline, 3, 73), PromotionStatus.REJECTED)));
        sendForged(pipeline, TrainedModels.train(pipeline, 4, 74));
        TopicReader events = kafka.reader(pipeline.topics().events());

        ScorerService scorer = kafka.start(config);

        assertThat(scorer.currentModel().current()).hasValueSatisfying(m -> assertThat(m.version()).isEqualTo(2));
        assertRefusalReported(events, "signature does not match");
        assertThat(awaitLoaded(events, 2).getAttributes()).containsEntry("basis", "history");
    }

    @Test
    void shouldRefuseReplayedVersionsThatWereRejectedOrAreOlderUnlessAnOperatorRollsBackToThem() {
        ScorerConfig config = pipeline("replay");
        PipelineConfig pipeline = config.pipeline();
        ModelEnvelope v1 = TrainedModels.train(pipeline, 1, 81);
        ModelEnvelope rejected = withStatus(TrainedModels.train(pipeline, 2, 82), PromotionStatus.REJECTED);
        ModelEnvelope v3 = TrainedModels.train(pipeline, 3, 83);
        kafka.send(ModelSigning.signed(pipeline.topics().modelHistory(), historyKey(pipeline, 1), v1));
        kafka.send(ModelSigning.signed(pipeline.topics().modelHistory(), historyKey(pipeline, 2), rejected));
        kafka.send(ModelSigning.signed(pipeline.topics().modelHistory(), historyKey(pipeline, 3), v3));
        kafka.send(ModelSigning.signed(pipeline.topics().models(), pipeline.pipelineName(), v1));
        ScorerService scorer = kafka.start(config);
        TopicReader events = kafka.reader(pipeline.topics().events());

        kafka.send(ModelSigning.signed(pipeline.topics().models(), pipeline.pipelineName(), rejected));
        assertThat(awaitEvent(events, EventType.MODEL_REFUSED).getAttributes().get("reason")).contains("REJECTED");
        kafka.send(ModelSigning.signed(pipeline.topics().models(), pipeline.pipelineName(), v3));
        await().atMost(WAIT).until(() -> scorer.currentModel().current().orElseThrow().version() == 3);
        kafka.send(ModelSigning.signed(pipeline.topics().models(), pipeline.pipelineName(), v1));
        assertThat(awaitEvent(events, EventType.MODEL_REFUSED).getAttributes().get("reason")).contains("older than");
        assertThat(scorer.currentModel().current().orElseThrow().version()).isEqualTo(3);

        ModelRegistry registry = new ModelRegistry(new RegistryClients(pipeline.kafka(), "it"), pipeline.topics(),
                pipeline.pipelineName(), ModelSigning.VERIFIER, "it", Clock.systemUTC(), WAIT);
        kafka.closeAfterTest(registry);
        registry.rollback(2, "cli:alice");

        await().atMost(WAIT).until(() -> scorer.currentModel().current().orElseThrow().version() == 2);
        PipelineEvent loaded = awaitLoaded(events, 2);
        assertThat(loaded.getAttributes()).containsEntry("previousVersion", "3")
                .containsEntry("basis", "rollback").containsEntry("operator", "cli:alice");

        // The rollback record allowed version 2 once: the same record replayed after a newer model is refused again.
        kafka.send(ModelSigning.signed(pipeline.topics().models(), pipeline.pipelineName(), v3));
        await().atMost(WAIT).until(() -> scorer.currentModel().current().orElseThrow().version() == 3);
        kafka.send(ModelSigning.signed(pipeline.topics().models(), pipeline.pipelineName(), rejected));
        assertThat(awaitEvent(events, EventType.MODEL_REFUSED).getAttributes()).containsEntry("version", "2");
        assertThat(scorer.currentModel().current().orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void shouldServeAPromotedVersionThatArrivesInOnePollWithAReplayedRejectedOneAfterIt() {
        ScorerConfig config = pipeline("one-poll");
        PipelineConfig pipeline = config.pipeline();
        kafka.send(ModelSigning.signed(pipeline.topics().models(), pipeline.pipelineName(), TrainedModels.train(pipeline, 1, 91)));
        ScorerService scorer = kafka.start(config);
        ModelEnvelope promoted = TrainedModels.train(pipeline, 3, 93);
        ModelEnvelope rejected = withStatus(TrainedModels.train(pipeline, 2, 92), PromotionStatus.REJECTED);

        // One transaction: both records become visible to the read_committed follower at once, so one poll reads both.
        try (KafkaProducer<byte[], byte[]> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "one-poll-it",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(ModelSigning.signed(pipeline.topics().models(), pipeline.pipelineName(), promoted));
            transactional.send(ModelSigning.signed(pipeline.topics().models(), pipeline.pipelineName(), rejected));
            transactional.commitTransaction();
        }

        await().atMost(WAIT).until(() -> scorer.currentModel().current().orElseThrow().version() == 3);
    }

    private static ModelEnvelope withStatus(ModelEnvelope envelope, PromotionStatus status) {
        PromotionDecision decision = PromotionDecision.newBuilder().setStatus(status).setMetric("f1")
                .setReason("worse than the champion").build();
        return ModelEnvelope.newBuilder(envelope).setPromotion(decision).build();
    }

    private static void sendForged(PipelineConfig pipeline, ModelEnvelope envelope) {
        ProducerRecord<byte[], byte[]> signed = ModelSigning.signed(pipeline.topics().models(), pipeline.pipelineName(), envelope);
        byte[] forged = signed.value().clone();
        forged[forged.length / 2] ^= 0x01;
        kafka.send(new ProducerRecord<>(signed.topic(), null, signed.key(), forged, signed.headers()));
    }

    private void assertRefusalReported(TopicReader events, String reason) {
        assertThat(awaitEvent(events, EventType.MODEL_REFUSED).getAttributes().get("reason")).contains(reason);
    }

    /** The next event of {@code type} on the events topic that this test has not been handed yet. */
    private PipelineEvent awaitEvent(TopicReader events, EventType type) {
        int seen = handedOut.getOrDefault(type, 0);
        List<PipelineEvent> found = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            found.clear();
            events.poll().stream().map(record -> EVENTS.decode(record.value()))
                    .filter(event -> event.getType() == type).forEach(found::add);
            return found.size() > seen;
        });
        handedOut.put(type, seen + 1);
        return found.get(seen);
    }

    /** The first {@code MODEL_LOADED} event of {@code version}. */
    private static PipelineEvent awaitLoaded(TopicReader events, long version) {
        List<PipelineEvent> found = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            events.poll().stream().map(record -> EVENTS.decode(record.value()))
                    .filter(event -> event.getType() == EventType.MODEL_LOADED)
                    .filter(event -> String.valueOf(version).equals(event.getAttributes().get("version")))
                    .findFirst().ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    private static String historyKey(PipelineConfig pipeline, long version) {
        return new ModelHistoryKey(pipeline.pipelineName(), version).toString();
    }

    private static ScorerConfig pipeline(String name) {
        return kafka.config(name, name + "-1", Map.of(ScorerConfig.HTTP_PORT_CONFIG, "-1"));
    }
}
