package io.streamtrain.registry;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ModelRollback;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.registry.ServingPolicy.Decision;
import io.streamtrain.schemas.AvroMessageCodec;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

/**
 * Reads the records of one pipeline's {@code <p>.models} topic, in order, into verdicts of the {@link ServingPolicy}:
 * a rollback record authorises its version, a current-model record is verified (signature before decoding), decoded
 * and judged. Readers that only need to know which version is current (the trainer's champion, {@code streamtrain
 * score}, the dashboard) take the records through one of these; the scorer, which also checks features and loads the
 * model before serving it, asks the policy itself ({@link #authorise}, {@link #policy()}).
 *
 * <p>Holds no Kafka client: the caller reads the topic and hands over each record. Not thread-safe.
 */
public final class ModelsTopicJudge {

    private static final AvroMessageCodec<ModelEnvelope> ENVELOPES = AvroMessageCodec.of(ModelEnvelope.class);
    private static final AvroMessageCodec<ModelRollback> ROLLBACKS = AvroMessageCodec.of(ModelRollback.class);

    private final String pipeline;
    private final ModelVerifier verifier;
    private final ServingPolicy policy = new ServingPolicy();

    /** What one record means for the current model. */
    public sealed interface Verdict {
        /** The envelope may become current; the reader calls {@link #served} once it has taken it. */
        record Serve(ModelEnvelope envelope, long offset, Decision.Serve decision) implements Verdict {
        }

        /** The record must not become current, for {@code reason}; {@code version} is empty when it was not decoded. */
        record Refuse(OptionalLong version, String reason) implements Verdict {
        }

        /** What a rollback record means: {@link Authorised}, or {@link Skip} when it authorises nothing. */
        sealed interface OfRollback extends Verdict {
        }

        /** An operator's rollback record: its version may become current once, when it arrives after it. */
        record Authorised(ModelRollback rollback) implements OfRollback {
        }

        /**
         * Nothing changes: another key (a pin), a tombstone, the version already current, or a rollback record that
         * authorises nothing ({@code problem} says why).
         */
        record Skip(Optional<String> problem) implements OfRollback {
            static final Skip NONE = new Skip(Optional.empty());

            static Skip because(String problem) {
                return new Skip(Optional.of(problem));
            }
        }
    }

    /**
     * @param pipeline the pipeline; only its keys and its envelopes are taken
     * @param verifier checks each current-model record's signature before it is decoded
     */
    public ModelsTopicJudge(String pipeline, ModelVerifier verifier) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The policy this judge applies, for a reader that decodes and checks envelopes itself. */
    public ServingPolicy policy() {
        return policy;
    }

    /** Judges the record at {@code offset} of the models topic with {@code key}, {@code value} and {@code headers}. */
    public Verdict judge(String key, byte[] value, Headers headers, long offset) {
        if (value == null) {
            return Verdict.Skip.NONE;
        }
        if (ModelsTopicKeys.rollback(pipeline).equals(key)) {
            return authorise(value, offset);
        }
        if (!ModelsTopicKeys.currentModel(pipeline).equals(key)) {
            return Verdict.Skip.NONE;
        }
        ModelEnvelope envelope;
        try {
            verifier.verify(value, headers);
            envelope = ENVELOPES.decode(value);
        } catch (ModelRejectedException | SerializationException e) {
            return new Verdict.Refuse(OptionalLong.empty(), e.getMessage());
        }
        if (!pipeline.equals(envelope.getPipeline())) {
            return new Verdict.Refuse(OptionalLong.of(envelope.getVersion()), "it is a model of pipeline " + envelope.getPipeline());
        }
        return switch (policy.decide(envelope, offset)) {
            case Decision.Serve serve -> new Verdict.Serve(envelope, offset, serve);
            case Decision.Refuse(String reason) -> new Verdict.Refuse(OptionalLong.of(envelope.getVersion()), reason);
            case Decision.Unchanged() -> Verdict.Skip.NONE;
        };
    }

    /**
     * Takes in an operator's rollback record read at {@code offset}: the version it names may become current once, when
     * it arrives after it. An unreadable record, or one of another pipeline, authorises nothing.
     */
    public Verdict.OfRollback authorise(byte[] value, long offset) {
        ModelRollback rollback;
        try {
            rollback = ROLLBACKS.decode(value);
        } catch (SerializationException e) {
            return Verdict.Skip.because("an unreadable rollback record: " + e.getMessage());
        }
        if (!pipeline.equals(rollback.getPipeline())) {
            return Verdict.Skip.because("a rollback record of pipeline " + rollback.getPipeline() + ", not " + pipeline);
        }
        policy.authorise(rollback, offset);
        return new Verdict.Authorised(rollback);
    }

    /** The reader took {@code serve}'s envelope as its current model. */
    public void served(Verdict.Serve serve) {
        policy.served(serve.envelope().getVersion(), serve.offset());
    }
}
