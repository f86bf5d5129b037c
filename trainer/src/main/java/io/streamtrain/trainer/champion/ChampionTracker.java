package io.streamtrain.trainer.champion;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.ModelPin;
import io.streamtrain.messages.ModelRollback;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.registry.ModelsTopicJudge;
import io.streamtrain.registry.ModelsTopicJudge.Verdict;
import io.streamtrain.registry.ModelsTopicKeys;
import io.streamtrain.registry.ServingPolicy;
import io.streamtrain.schemas.AvroMessageCodec;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the trainer knows of {@code <p>.models}: the champion new models are compared with, and whether an operator
 * pinned the pipeline. It is told about every record of the topic (the trainer's own promotions, rollbacks and pins
 * by operators) and about each promotion as soon as it is committed.
 *
 * <p>The champion is the version a scorer serves: records are judged by the one {@link ServingPolicy} (through a
 * {@link ModelsTopicJudge}), so a replayed version the gate did not promote, an older version without an operator's
 * rollback, or a record whose signature does not verify never becomes the champion; each is logged and the champion
 * stays. The champion is loaded exactly as a scorer loads it; one that fails to load is logged and leaves the tracker
 * without a champion, so the next model is promoted without comparison rather than never.
 *
 * <p>Written by the trainer's consumer thread, read by its training threads.
 */
public final class ChampionTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ChampionTracker.class);
    private static final AvroMessageCodec<ModelPin> PINS = AvroMessageCodec.of(ModelPin.class);

    private final String pipeline;
    private final ModelsTopicJudge judge;
    private volatile Optional<LoadedModel> champion = Optional.empty();
    private volatile OptionalLong pinnedVersion = OptionalLong.empty();

    public ChampionTracker(String pipeline, ModelVerifier verifier) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.judge = new ModelsTopicJudge(pipeline, verifier);
    }

    /** The current champion, if one is known and loads. */
    public Optional<LoadedModel> champion() {
        return champion;
    }

    /** The pinned version while the pipeline is pinned. */
    public OptionalLong pinnedVersion() {
        return pinnedVersion;
    }

    /** Takes in one record of the models topic; records of other keys are ignored. */
    public void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (ModelsTopicKeys.pin(pipeline).equals(record.key())) {
            applyPin(record.value(), origin);
            return;
        }
        switch (judge.judge(record.key(), record.value(), record.headers(), record.offset())) {
            case Verdict.Serve serve -> applyModel(serve, origin);
            case Verdict.Refuse(OptionalLong version, String reason) -> LOG.warn("The model {} at {} cannot be the champion of "
                    + "pipeline {}: {}; the champion stays {}", version.isPresent() ? "version " + version.getAsLong() : "(not decoded)",
                    origin, pipeline, reason, champion.map(c -> "version " + c.version()).orElse("none"));
            case Verdict.Authorised(ModelRollback rollback) -> LOG.info("{} rolled pipeline {} back to version {} ({})",
                    rollback.getOperator(), pipeline, rollback.getVersion(), origin);
            case Verdict.Skip(Optional<String> problem) -> problem.ifPresent(p -> LOG.warn("Ignoring {} at {}", p, origin));
        }
    }

    /** Makes {@code envelope}, just promoted by this trainer, the champion. */
    public void promoted(ModelEnvelope envelope) {
        load(envelope, "this trainer's promotion");
    }

    private void applyPin(byte[] value, String origin) {
        try {
            ModelPin pin = PINS.decode(value);
            pinnedVersion = pin.getPinned() ? OptionalLong.of(pin.getVersion()) : OptionalLong.empty();
            LOG.info("Pipeline {} is {} ({} by {})", pipeline,
                    pin.getPinned() ? "pinned to version " + pin.getVersion() : "not pinned", origin, pin.getOperator());
        } catch (SerializationException e) {
            LOG.warn("Ignoring an unreadable pin record at {}: {}", origin, e.getMessage());
        }
    }

    private void applyModel(Verdict.Serve serve, String origin) {
        judge.served(serve);
        ModelEnvelope envelope = serve.envelope();
        Optional<LoadedModel> current = champion;
        // This trainer's own promotion comes back from the topic: it is loaded already.
        if (current.isPresent() && current.get().version() == envelope.getVersion()
                && current.get().envelope().getModelSha256().equals(envelope.getModelSha256())) {
            return;
        }
        load(envelope, origin);
    }

    private void load(ModelEnvelope envelope, String origin) {
        try {
            champion = Optional.of(ModelLoader.load(envelope, pipeline));
            LOG.info("Champion of pipeline {} is version {} ({})", pipeline, envelope.getVersion(), origin);
        } catch (ModelRejectedException | RuntimeException e) {
            champion = Optional.empty();
            LOG.warn("Model version {} of pipeline {} ({}) cannot serve as champion: {}; the next model is promoted "
                    + "without comparison", envelope.getVersion(), pipeline, origin, e.getMessage());
        }
    }
}
