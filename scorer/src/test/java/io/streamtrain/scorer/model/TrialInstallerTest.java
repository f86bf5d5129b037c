package io.streamtrain.scorer.model;

import static io.streamtrain.scorer.testing.Fixtures.PIPELINE;
import static io.streamtrain.scorer.testing.Fixtures.SPEC;
import static io.streamtrain.scorer.testing.Fixtures.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.core.config.DeploySettings;
import io.streamtrain.core.config.DeployStrategy;
import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.scorer.serve.ServedModels;
import io.streamtrain.scorer.testing.Fixtures.FakeModel;
import io.streamtrain.scorer.testing.ModelSigning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TrialInstallerTest {

    private static final AvroMessageCodec<ModelEnvelope> CODEC = AvroMessageCodec.of(ModelEnvelope.class);
    private static final DeploySettings SHADOW = new DeploySettings(DeployStrategy.SHADOW, 0.1, 100, Duration.ofHours(1), 0.05, Duration.ofSeconds(10));

    private final CurrentModel current = new CurrentModel();
    private final List<PipelineEvent> events = new ArrayList<>();
    private final ModelLoading loading = (envelope, pipeline) -> new FakeModel(envelope, "stay");
    private long offset;

    @Test
    void shouldServeTheChallengerBesideTheChampionItNamesUntilTheTombstone() {
        current.install(new FakeModel(envelope(1), "stay"));
        TrialInstaller installer = installer(SHADOW);

        installer.offer(record(CODEC.encode(onTrial(2, 1))));

        ServedModels served = ServedModels.of(current).orElseThrow();
        assertThat(served.champion().version()).isEqualTo(1);
        assertThat(served.trial()).hasValueSatisfying(trial -> {
            assertThat(trial.challenger().version()).isEqualTo(2);
            assertThat(trial.strategy()).isEqualTo(DeployStrategy.SHADOW);
        });
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo(EventType.MODEL_LOADED);
            assertThat(event.getAttributes()).containsEntry("basis", "trial").containsEntry("version", "2")
                    .containsEntry("championVersion", "1").containsEntry("strategy", "shadow");
        });

        installer.offer(record(null));

        assertThat(ServedModels.of(current).orElseThrow().trial()).isEmpty();
    }

    @Test
    void shouldNotPairATrialWithAnotherChampionThanTheOneItNames() {
        current.install(new FakeModel(envelope(3), "stay"));

        installer(SHADOW).offer(record(CODEC.encode(onTrial(2, 1))));

        assertThat(current.trial()).isPresent();
        assertThat(ServedModels.of(current).orElseThrow().trial()).isEmpty();
    }

    @Test
    void shouldRefuseAnEnvelopeThatIsNotOnTrialOrAScorerWithoutATrialStrategy() {
        current.install(new FakeModel(envelope(1), "stay"));

        installer(SHADOW).offer(record(CODEC.encode(envelope(2))));
        installer(new DeploySettings(DeployStrategy.IMMEDIATE, 0.1, 100, Duration.ofHours(1), 0.05, Duration.ofSeconds(10)))
                .offer(record(CODEC.encode(onTrial(2, 1))));
        installer(SHADOW).offer(record(CODEC.encode(onTrial(2, 1)), new RecordHeaders()));

        assertThat(current.trial()).isEmpty();
        assertThat(events).hasSize(3).allSatisfy(event -> {
            assertThat(event.getType()).isEqualTo(EventType.MODEL_REFUSED);
            assertThat(event.getAttributes()).containsEntry("trial", "true");
        });
        assertThat(events.get(1).getAttributes().get("reason")).contains("deploy.strategy=immediate");
        assertThat(events.get(2).getAttributes().get("reason")).contains("not signed");
    }

    private TrialInstaller installer(DeploySettings deploy) {
        return new TrialInstaller(SPEC, ModelSigning.VERIFIER, loading, current, deploy, new PipelineEvents(PIPELINE, "scorer-test-1"),
                events::add, "test-1");
    }

    private static ModelEnvelope onTrial(long version, long championVersion) {
        PromotionDecision decision = PromotionDecision.newBuilder().setStatus(PromotionStatus.TRIAL).setMetric("accuracy")
                .setChampionVersion(championVersion).setReason("on trial").build();
        return ModelEnvelope.newBuilder(envelope(version)).setPromotion(decision).build();
    }

    private ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return record(value, value == null ? new RecordHeaders() : new RecordHeaders(ModelSigning.SIGNER.headersFor(value)));
    }

    private ConsumerRecord<byte[], byte[]> record(byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(PIPELINE + ".models", 0, offset++, ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE,
                ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, (PIPELINE + ":trial").getBytes(), value, headers, Optional.empty());
    }
}
