package io.streamtrain.trainer.champion;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ModelRollback;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.ModelSigner;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.registry.ModelsTopicKeys;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.trainer.TestBatches;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trainer's champion follows the serving policy the scorer serves by: a replayed signed version the gate rejected,
 * or a record whose signature does not verify, written after a promoted one does not become the champion the gate
 * compares challengers with; an operator's rollback record does let its version become the champion.
 */
class ChampionTrackerTest {

    private static final String PIPELINE = "churn";
    private static final String TOPIC = PIPELINE + ".models";
    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final ModelSigner SIGNER = ModelSigner.ed25519(KEYS.getPrivate(), KEYS.getPublic());
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final AvroMessageCodec<ModelRollback> ROLLBACKS = AvroMessageCodec.of(ModelRollback.class);

    private static ModelEnvelope v1;
    private static ModelEnvelope v2;

    private ChampionTracker tracker;
    private long offset;

    @BeforeAll
    static void trainModels() {
        v1 = train(1);
        v2 = train(2);
    }

    @BeforeEach
    void newTracker() {
        tracker = new ChampionTracker(PIPELINE, ModelVerifier.ed25519(KEYS.getPublic()));
    }

    @Test
    void shouldKeepThePromotedChampionWhenARejectedVersionIsReplayed() {
        tracker.apply(signed(v1));
        tracker.apply(signed(withStatus(v2, PromotionStatus.REJECTED)));

        assertThat(tracker.champion().map(LoadedModel::version)).contains(1L);
    }

    @Test
    void shouldKeepThePromotedChampionWhenARecordDoesNotVerify() {
        tracker.apply(signed(v1));
        ConsumerRecord<String, byte[]> signed = signed(v2);
        byte[] forged = signed.value().clone();
        forged[forged.length / 2] ^= 0x01;
        tracker.apply(record(PIPELINE, forged, signed.headers()));

        assertThat(tracker.champion().map(LoadedModel::version)).contains(1L);
    }

    @Test
    void shouldKeepTheNewerChampionWhenAnOlderPromotedVersionIsReplayed() {
        tracker.apply(signed(v2));
        tracker.apply(signed(v1));

        assertThat(tracker.champion().map(LoadedModel::version)).contains(2L);
    }

    @Test
    void shouldTakeTheVersionAnOperatorRolledBackTo() {
        tracker.apply(signed(v2));
        ModelRollback rollback = new ModelRollback(PIPELINE, 1L, 2L, "cli:alice", "", Instant.now());
        tracker.apply(record(ModelsTopicKeys.rollback(PIPELINE), ROLLBACKS.encode(rollback), new RecordHeaders()));
        tracker.apply(signed(v1));

        assertThat(tracker.champion().map(LoadedModel::version)).contains(1L);
    }

    private ConsumerRecord<String, byte[]> signed(ModelEnvelope envelope) {
        byte[] value = ENVELOPES.encode(envelope);
        return record(PIPELINE, value, new RecordHeaders(SIGNER.headersFor(value)));
    }

    private ConsumerRecord<String, byte[]> record(String key, byte[] value, org.apache.kafka.common.header.Headers headers) {
        return new ConsumerRecord<>(TOPIC, 0, offset++, 0L, TimestampType.CREATE_TIME, 0, value.length, key, value, headers,
                Optional.empty());
    }

    private static ModelEnvelope withStatus(ModelEnvelope envelope, PromotionStatus status) {
        return ModelEnvelope.newBuilder(envelope)
                .setPromotion(PromotionDecision.newBuilder().setStatus(status).setMetric("f1").setReason("worse").build()).build();
    }

    private static ModelEnvelope train(long version) {
        TrainingOutcome outcome = new BatchTrainer().train(TestBatches.request(PIPELINE, version, "b" + version, 200));
        return ((TrainingOutcome.Trained) outcome).envelope();
    }
}
