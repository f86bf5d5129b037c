package io.streamtrain.scorer.model;

import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static io.streamtrain.scorer.testing.Fixtures.SPEC;
import static io.streamtrain.scorer.testing.Fixtures.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ModelRollback;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.ModelSigner;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.scorer.testing.Fixtures.FakeModel;
import io.streamtrain.scorer.testing.ModelSigning;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ModelInstallerTest {

    private static final AvroMessageCodec<ModelEnvelope> CODEC = AvroMessageCodec.of(ModelEnvelope.class);

    private final CurrentModel current = new CurrentModel();
    private final List<PipelineEvent> events = new ArrayList<>();
    private final Set<Long> refusedVersions = new HashSet<>();
    private final List<ModelEnvelope> loaded = new ArrayList<>();
    private final ModelLoading loading = (envelope, expectedPipeline) -> {
        if (!expectedPipeline.equals(envelope.getPipeline())) {
            throw new ModelRejectedException("belongs to pipeline " + envelope.getPipeline());
        }
        if (refusedVersions.contains(envelope.getVersion())) {
            throw new ModelRejectedException("model bytes do not match their SHA-256 digest");
        }
        loaded.add(envelope);
        return new FakeModel(envelope, "stay");
    };
    private final ModelInstaller installer = new ModelInstaller(SPEC, ModelSigning.VERIFIER, loading, current,
            new PipelineEvents(PIPELINE, "scorer-test-1"), events::add, "test-1");

    private long offset;

    @Test
    void shouldInstallTheFirstModelAndReportItLoaded() {
        installer.offer(record(envelope(1)));

        assertThat(current.current()).hasValueSatisfying(m -> assertThat(m.version()).isEqualTo(1));
        assertThat(current.firstModel()).isCompleted();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(EventType.MODEL_LOADED);
            assertThat(event.getPipeline()).isEqualTo(PIPELINE);
            assertThat(event.getSource()).isEqualTo("scorer-test-1");
            assertThat(event.getAttributes()).containsEntry("version", "1").containsEntry("instance", "test-1")
                    .doesNotContainKey("previousVersion");
        });
    }

    @Test
    void shouldReplaceTheCurrentModelWithANewVersion() {
        installer.offer(record(envelope(1)));
        installer.offer(record(envelope(2)));

        assertThat(current.current().orElseThrow().version()).isEqualTo(2);
        assertThat(events.getLast().getAttributes()).containsEntry("version", "2").containsEntry("previousVersion", "1");
    }

    @Test
    void shouldKeepServingThePreviousModelWhenTheLoaderRefusesTheNewOne() {
        installer.offer(record(envelope(1)));
        ScoringModel v1 = current.current().orElseThrow();
        refusedVersions.add(2L);

        installer.offer(record(envelope(2)));

        assertThat(current.current()).containsSame(v1);
        assertThat(events.getLast()).satisfies(event -> {
            assertThat(event.getType()).isEqualTo(EventType.MODEL_REFUSED);
            assertThat(event.getAttributes())
                    .containsEntry("version", "2")
                    .containsEntry("servingVersion", "1")
                    .containsEntry("instance", "test-1")
                    .containsEntry("reason", "model bytes do not match their SHA-256 digest");
        });
    }

    @Test
    void shouldStayWithoutModelWhenTheFirstOneIsRefused() {
        refusedVersions.add(1L);

        installer.offer(record(envelope(1)));

        assertThat(current.current()).isEmpty();
        assertThat(current.firstModel()).isNotDone();
        assertThat(events.getLast().getAttributes()).containsEntry("servingVersion", "none");
    }

    @Test
    void shouldRefuseAnEnvelopeOfAnotherPipeline() {
        installer.offer(record(envelope("other", 1, SPEC.definitions())));

        assertThat(current.current()).isEmpty();
        assertThat(events.getLast().getType()).isEqualTo(EventType.MODEL_REFUSED);
        assertThat(events.getLast().getAttributes().get("reason")).contains("belongs to pipeline other");
    }

    @Test
    void shouldRefuseBytesThatAreNotAnEnvelope() {
        installer.offer(record(new byte[] {1, 2, 3}));

        assertThat(current.current()).isEmpty();
        assertThat(events.getLast().getType()).isEqualTo(EventType.MODEL_REFUSED);
        assertThat(events.getLast().getAttributes()).containsEntry("version", "unknown");
        assertThat(events.getLast().getAttributes().get("reason")).startsWith("not a model envelope");
    }

    @Test
    void shouldRefuseAModelTrainedOnOtherFeaturesWithoutLoadingIt() {
        List<FeatureDefinition> fewer = SPEC.definitions().subList(0, 2);
        installer.offer(record(envelope(1)));

        installer.offer(record(envelope(PIPELINE, 2, fewer)));

        assertThat(current.current().orElseThrow().version()).isEqualTo(1);
        assertThat(loaded).extracting(ModelEnvelope::getVersion).containsExactly(1L);
        assertThat(events.getLast().getAttributes().get("reason"))
                .contains("differ from the pipeline's features")
                .contains("tenureMonths:NUMERIC");
    }

    @Test
    void shouldRefuseAModelWhoseFeatureTypesDiffer() {
        List<FeatureDefinition> retyped = new ArrayList<>(SPEC.definitions());
        retyped.set(0, new FeatureDefinition(retyped.getFirst().getName(), FeatureType.CATEGORICAL));

        installer.offer(record(envelope(PIPELINE, 1, retyped)));

        assertThat(current.current()).isEmpty();
        assertThat(events.getLast().getType()).isEqualTo(EventType.MODEL_REFUSED);
    }

    @Test
    void shouldRefuseALowerVersionThatNoRollbackNames() {
        installer.offer(record(envelope(5)));

        installer.offer(record(envelope(3)));

        assertThat(current.current().orElseThrow().version()).isEqualTo(5);
        assertThat(events.getLast().getType()).isEqualTo(EventType.MODEL_REFUSED);
        assertThat(events.getLast().getAttributes().get("reason")).contains("older than the served version 5");
    }

    @Test
    void shouldServeALowerVersionOnceWhenARollbackRecordBeforeItNamesIt() {
        installer.offer(record(envelope(5)));
        installer.authorise(rollbackRecord(3, "cli:alice"));

        installer.offer(record(envelope(3)));
        installer.offer(record(envelope(5)));
        installer.offer(record(envelope(3)));

        assertThat(current.current().orElseThrow().version()).isEqualTo(5);
        assertThat(events).extracting(PipelineEvent::getType).containsExactly(EventType.MODEL_LOADED, EventType.MODEL_LOADED,
                EventType.MODEL_LOADED, EventType.MODEL_REFUSED);
        assertThat(events.get(1).getAttributes()).containsEntry("version", "3").containsEntry("previousVersion", "5")
                .containsEntry("basis", "rollback").containsEntry("operator", "cli:alice");
    }

    @Test
    void shouldRefuseAVersionTheGateDidNotPromote() {
        ModelEnvelope rejected = ModelEnvelope.newBuilder(envelope(2)).setPromotion(PromotionDecision.newBuilder()
                .setStatus(PromotionStatus.REJECTED).setMetric("f1").build()).build();
        installer.offer(record(envelope(1)));

        installer.offer(record(rejected));

        assertThat(current.current().orElseThrow().version()).isEqualTo(1);
        assertThat(events.getLast().getAttributes().get("reason")).contains("not promoted (its status is REJECTED)");
    }

    @Test
    void shouldServeTheNewestScreenedVersionThatLoadsAndReportTheOthersAtStart() {
        refusedVersions.add(3L);
        installer.screen(record(envelope(1)));
        installer.screen(record(envelope(2)));
        installer.screen(record(envelope(3)));
        installer.screen(record(new byte[] {1, 2, 3}));

        assertThat(installer.installScreened()).isTrue();

        assertThat(current.current().orElseThrow().version()).isEqualTo(2);
        assertThat(loaded).extracting(ModelEnvelope::getVersion).containsExactly(2L);
        assertThat(events).extracting(PipelineEvent::getType)
                .containsExactly(EventType.MODEL_REFUSED, EventType.MODEL_REFUSED, EventType.MODEL_LOADED);
    }

    @Test
    void shouldServeTheNewestAllowedVersionOfAPollWhenARefusedRecordFollowsIt() {
        ModelEnvelope rejected = ModelEnvelope.newBuilder(envelope(2)).setPromotion(PromotionDecision.newBuilder()
                .setStatus(PromotionStatus.REJECTED).setMetric("f1").build()).build();
        installer.offer(record(envelope(1)));

        installer.screen(record(envelope(4)));
        installer.screen(record(envelope(5)));
        installer.screen(record(rejected));
        installer.installScreened();

        assertThat(current.current().orElseThrow().version()).isEqualTo(5);
        assertThat(loaded).extracting(ModelEnvelope::getVersion).containsExactly(1L, 5L);
    }

    @Test
    void shouldJudgeLaterRecordsAgainstTheServedVersionWhenNoneOfAPollLoads() {
        refusedVersions.add(3L);
        installer.offer(record(envelope(1)));
        installer.offer(record(envelope(3)));

        installer.offer(record(envelope(2)));

        assertThat(current.current().orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void shouldTakeFromTheHistoryOnlyVersionsPromotedAfterTheLastRollbackOrNamedByIt() {
        installer.authorise(rollbackRecord(2, "cli:bob"));
        installer.screenHistory(record(envelope(1)));
        installer.screenHistory(record(envelope(2)));
        installer.screenHistory(record(envelope(3)));

        assertThat(installer.installFromHistory(offset)).isTrue();

        // Versions 1 and 3 were made before the rollback (the fixtures' creation time): version 2 is served.
        assertThat(current.current().orElseThrow().version()).isEqualTo(2);
        assertThat(events.getLast().getAttributes()).containsEntry("basis", "history");
    }

    @Test
    void shouldIgnoreATombstone() {
        installer.offer(record(envelope(1)));

        installer.offer(record((byte[]) null));

        assertThat(current.current().orElseThrow().version()).isEqualTo(1);
        assertThat(events).hasSize(1);
    }

    @Test
    void shouldTreatALoaderCrashAsARefusal() {
        ModelInstaller crashing = new ModelInstaller(SPEC, ModelSigning.VERIFIER, (envelope, pipeline) -> {
            throw new IllegalStateException("boom");
        }, current, new PipelineEvents(PIPELINE, "scorer-test-1"), events::add, "test-1");

        crashing.offer(record(envelope(1)));

        assertThat(current.current()).isEmpty();
        assertThat(events.getLast().getType()).isEqualTo(EventType.MODEL_REFUSED);
        assertThat(events.getLast().getAttributes().get("reason")).contains("boom");
    }

    private ConsumerRecord<byte[], byte[]> record(ModelEnvelope envelope) {
        return record(CODEC.encode(envelope));
    }

    @Test
    void shouldRefuseAnUnsignedModelBeforeDecodingIt() {
        installer.offer(record(CODEC.encode(envelope(1)), new RecordHeaders()));

        assertRefusedWithoutLoading("the model is not signed");
    }

    @Test
    void shouldRefuseAModelSignedWithAnotherKey() {
        KeyPair other = Ed25519Keys.generate();
        byte[] value = CODEC.encode(envelope(1));

        installer.offer(record(value, new RecordHeaders(ModelSigner.ed25519(other.getPrivate(), other.getPublic()).headersFor(value))));

        assertRefusedWithoutLoading("signed with key " + Ed25519Keys.keyId(other.getPublic()));
    }

    @Test
    void shouldRefuseAModelWhoseBytesChangedAfterSigning() {
        byte[] value = CODEC.encode(envelope(1));
        RecordHeaders headers = new RecordHeaders(ModelSigning.SIGNER.headersFor(value));
        value[value.length - 1] ^= 0x01;

        installer.offer(record(value, headers));

        assertRefusedWithoutLoading("signature does not match");
    }

    private void assertRefusedWithoutLoading(String reason) {
        assertThat(current.current()).isEmpty();
        assertThat(loaded).isEmpty();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(EventType.MODEL_REFUSED);
            assertThat(event.getAttributes().get("reason")).contains(reason);
        });
    }

    private ConsumerRecord<byte[], byte[]> rollbackRecord(long version, String operator) {
        ModelRollback rollback = new ModelRollback(PIPELINE, version, null, operator, "", Instant.parse("2025-06-01T00:00:00Z"));
        return new ConsumerRecord<>(PIPELINE + ".models", 0, offset++, ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE,
                ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, (PIPELINE + ":rollback").getBytes(),
                AvroMessageCodec.of(ModelRollback.class).encode(rollback), new RecordHeaders(), Optional.empty());
    }

    private ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return record(value, value == null ? new RecordHeaders() : new RecordHeaders(ModelSigning.SIGNER.headersFor(value)));
    }

    private ConsumerRecord<byte[], byte[]> record(byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(PIPELINE + ".models", 0, offset++, ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE,
                ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, PIPELINE.getBytes(), value, headers, Optional.empty());
    }
}
