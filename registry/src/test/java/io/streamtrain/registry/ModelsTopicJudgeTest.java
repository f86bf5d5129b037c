package io.streamtrain.registry;

import static io.streamtrain.schemas.testing.TestEnvelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ModelRollback;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.ml.trust.Ed25519Keys;
import io.streamtrain.ml.trust.ModelSigner;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.registry.ModelsTopicJudge.Verdict;
import io.streamtrain.registry.ServingPolicy.Basis;
import io.streamtrain.schemas.AvroMessageCodec;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The serving policy applied to a sequence of models-topic records, as every reader of {@code <p>.models} applies it. */
class ModelsTopicJudgeTest {

    private static final String PIPELINE = "p";
    private static final KeyPair KEYS = Ed25519Keys.generate();
    private static final ModelSigner SIGNER = ModelSigner.ed25519(KEYS.getPrivate(), KEYS.getPublic());
    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final AvroMessageCodec<ModelRollback> ROLLBACKS = AvroMessageCodec.of(ModelRollback.class);

    private final ModelsTopicJudge judge = new ModelsTopicJudge(PIPELINE, ModelVerifier.ed25519(KEYS.getPublic()));
    private long offset;

    @Test
    void shouldServeAPromotedNewerVersionAndTreatTheSameVersionAsUnchanged() {
        assertThat(serve(envelope(1, PromotionStatus.PROMOTED)).decision().basis()).isEqualTo(Basis.PROMOTED);
        assertThat(serve(envelope(2, PromotionStatus.PROMOTED)).envelope().getVersion()).isEqualTo(2);

        assertThat(take(envelope(2, PromotionStatus.PROMOTED))).isInstanceOf(Verdict.Skip.class);
    }

    @Test
    void shouldServeAModelFromBeforeTheGate() {
        ModelEnvelope ungated = ModelEnvelope.newBuilder(envelope(1, PromotionStatus.PROMOTED)).setPromotion(null).build();

        assertThat(serve(ungated).envelope().getVersion()).isEqualTo(1);
    }

    @Test
    void shouldRefuseVersionsTheGateDidNotPromote() {
        serve(envelope(1, PromotionStatus.PROMOTED));

        for (PromotionStatus status : List.of(PromotionStatus.REJECTED, PromotionStatus.HELD, PromotionStatus.BACKFILL)) {
            assertThat(take(envelope(2, status))).isInstanceOfSatisfying(Verdict.Refuse.class,
                    refuse -> assertThat(refuse.reason()).contains("not promoted").contains(status.name()));
        }
    }

    @Test
    void shouldRefuseAnOlderVersionWithoutARollback() {
        serve(envelope(1, PromotionStatus.PROMOTED));
        serve(envelope(2, PromotionStatus.PROMOTED));

        assertThat(take(envelope(1, PromotionStatus.PROMOTED))).isInstanceOfSatisfying(Verdict.Refuse.class,
                refuse -> assertThat(refuse.reason()).contains("older than the served version 2"));
    }

    @Test
    void shouldRefuseARecordWhoseSignatureDoesNotVerifyBeforeDecodingIt() {
        serve(envelope(1, PromotionStatus.PROMOTED));
        byte[] value = ENVELOPES.encode(envelope(2, PromotionStatus.PROMOTED));
        byte[] forged = value.clone();
        forged[forged.length / 2] ^= 0x01;

        Verdict verdict = judge.judge(PIPELINE, forged, new RecordHeaders(SIGNER.headersFor(value)), offset++);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Refuse.class, refuse -> {
            assertThat(refuse.version()).isEmpty();
            assertThat(refuse.reason()).contains("signature does not match");
        });
        assertThat(judge.judge(PIPELINE, value, new RecordHeaders(), offset++)).isInstanceOf(Verdict.Refuse.class);
    }

    @Test
    void shouldServeTheVersionARollbackNamesOnceWhenItFollowsTheRollback() {
        serve(envelope(1, PromotionStatus.PROMOTED));
        serve(envelope(3, PromotionStatus.PROMOTED));
        ModelEnvelope rejected = envelope(2, PromotionStatus.REJECTED);

        assertThat(rollback(PIPELINE, 2)).isInstanceOf(Verdict.Authorised.class);
        Verdict.Serve rolledBack = serve(rejected);
        assertThat(rolledBack.decision().basis()).isEqualTo(Basis.ROLLBACK);
        assertThat(rolledBack.decision().operator()).contains("cli:alice");

        serve(envelope(3, PromotionStatus.PROMOTED));
        assertThat(take(rejected)).isInstanceOf(Verdict.Refuse.class);
    }

    @Test
    void shouldNotLetARollbackOfAnotherPipelineOrAnUnreadableOneAuthoriseAnything() {
        serve(envelope(2, PromotionStatus.PROMOTED));

        assertThat(rollback("other", 1)).isInstanceOfSatisfying(Verdict.Skip.class,
                skip -> assertThat(skip.problem()).hasValueSatisfying(p -> assertThat(p).contains("pipeline other")));
        assertThat(judge.judge(ModelsTopicKeys.rollback(PIPELINE), new byte[] {1, 2, 3}, new RecordHeaders(), offset++))
                .isInstanceOfSatisfying(Verdict.Skip.class, skip -> assertThat(skip.problem()).isPresent());
        assertThat(take(envelope(1, PromotionStatus.PROMOTED))).isInstanceOf(Verdict.Refuse.class);
    }

    @Test
    void shouldSkipOtherKeysAndTombstones() {
        assertThat(judge.judge(ModelsTopicKeys.pin(PIPELINE), new byte[] {1}, new RecordHeaders(), offset++)).isInstanceOf(Verdict.Skip.class);
        assertThat(judge.judge(PIPELINE, null, new RecordHeaders(), offset++)).isInstanceOf(Verdict.Skip.class);
    }

    @Test
    void shouldAllowFromTheHistoryOnlyPromotedVersionsAfterTheLastRollbackAndTheVersionItNames() {
        ServingPolicy policy = new ServingPolicy();
        policy.authorise(new ModelRollback(PIPELINE, 2L, 3L, "cli:alice", "", Instant.ofEpochMilli(5_000)), 0);

        assertThat(policy.allowedFromHistory(created(envelope(2, PromotionStatus.REJECTED), 1_000))).isTrue();
        assertThat(policy.allowedFromHistory(created(envelope(3, PromotionStatus.PROMOTED), 4_000))).isFalse();
        assertThat(policy.allowedFromHistory(created(envelope(4, PromotionStatus.PROMOTED), 6_000))).isTrue();
        assertThat(policy.allowedFromHistory(created(envelope(5, PromotionStatus.HELD), 7_000))).isFalse();
    }

    private Verdict.Serve serve(ModelEnvelope envelope) {
        Verdict verdict = take(envelope);
        assertThat(verdict).isInstanceOf(Verdict.Serve.class);
        judge.served((Verdict.Serve) verdict);
        return (Verdict.Serve) verdict;
    }

    private Verdict take(ModelEnvelope envelope) {
        byte[] value = ENVELOPES.encode(envelope);
        Headers headers = new RecordHeaders(SIGNER.headersFor(value));
        return judge.judge(PIPELINE, value, headers, offset++);
    }

    private Verdict rollback(String pipeline, long version) {
        byte[] value = ROLLBACKS.encode(new ModelRollback(pipeline, version, null, "cli:alice", "", Instant.now()));
        return judge.judge(ModelsTopicKeys.rollback(PIPELINE), value, new RecordHeaders(), offset++);
    }

    private static ModelEnvelope created(ModelEnvelope envelope, long millis) {
        return ModelEnvelope.newBuilder(envelope).setCreatedAt(Instant.ofEpochMilli(millis)).build();
    }
}
