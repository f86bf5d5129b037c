package io.streamtrain.scorer.model;

import io.streamtrain.core.config.DeploySettings;
import io.streamtrain.core.config.DeployStrategy;
import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.scorer.events.EventSink;
import io.streamtrain.scorer.model.EnvelopeCheck.Checked;
import io.streamtrain.scorer.trial.ModelTrial;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the challenger the trainer announces under {@code <p>:trial} of the models topic beside the champion, or ends
 * the trial at its tombstone. The record is checked as every model is (signature before decoding, the pipeline's
 * features, a full load); it must be a {@code TRIAL} envelope of this pipeline naming its champion. The trial is served
 * by this scorer's {@code deploy.strategy}: shadow, or canary with {@code deploy.canary.share}, which every instance of
 * the pipeline reads from the same pipeline keys, so all agree on the assignment. A record that fails is refused
 * (logged, {@code MODEL_REFUSED} with {@code trial=true}); a loaded challenger is reported as {@code MODEL_LOADED}
 * with {@code basis=trial}. Never throws for bad input. Used by the model follower's thread only.
 */
public final class TrialInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(TrialInstaller.class);

    private final String pipeline;
    private final EnvelopeCheck check;
    private final ModelLoading loading;
    private final CurrentModel current;
    private final DeploySettings deploy;
    private final PipelineEvents events;
    private final EventSink sink;
    private final String instanceId;

    public TrialInstaller(FeatureSpec spec, ModelVerifier verifier, ModelLoading loading, CurrentModel current, DeploySettings deploy,
                          PipelineEvents events, EventSink sink, String instanceId) {
        this.check = new EnvelopeCheck(Objects.requireNonNull(spec, "spec").definitions(), verifier);
        this.loading = Objects.requireNonNull(loading, "loading");
        this.current = Objects.requireNonNull(current, "current");
        this.deploy = Objects.requireNonNull(deploy, "deploy");
        this.events = Objects.requireNonNull(events, "events");
        this.pipeline = events.pipeline();
        this.sink = Objects.requireNonNull(sink, "sink");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    }

    /** Starts, replaces or (a tombstone) ends the trial. */
    public void offer(ConsumerRecord<byte[], byte[]> record) {
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (record.value() == null) {
            current.trial().ifPresent(ended -> LOG.info("Trial of version {} of pipeline {} is over ({}); the champion alone serves",
                    ended.challenger().version(), pipeline, origin));
            current.endTrial();
            return;
        }
        switch (check.check(record)) {
            case Checked.Invalid(Long version, String reason) -> refuse(version, origin, reason);
            case Checked.Valid(ModelEnvelope envelope) -> consider(envelope, origin);
        }
    }

    private void consider(ModelEnvelope envelope, String origin) {
        PromotionDecision decision = envelope.getPromotion();
        if (!pipeline.equals(envelope.getPipeline()) || decision == null || decision.getStatus() != PromotionStatus.TRIAL
                || decision.getChampionVersion() == null) {
            refuse(envelope.getVersion(), origin, "it is no challenger on trial of pipeline " + pipeline + " against a champion");
            return;
        }
        if (!deploy.triesChallengers()) {
            refuse(envelope.getVersion(), origin, "this scorer runs deploy.strategy=" + deploy.strategy().key()
                    + "; set the pipeline's deploy.strategy alike on the trainer and every scorer");
            return;
        }
        if (current.trial().filter(t -> t.challenger().version() == envelope.getVersion()).isPresent()) {
            return;
        }
        ScoringModel challenger;
        try {
            challenger = loading.load(envelope, pipeline);
        } catch (ModelRejectedException e) {
            refuse(envelope.getVersion(), origin, e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.error("Loading challenger version {} from {} failed unexpectedly", envelope.getVersion(), origin, e);
            refuse(envelope.getVersion(), origin, "loading failed: " + e);
            return;
        }
        ModelTrial trial = deploy.strategy() == DeployStrategy.CANARY ? ModelTrial.canary(challenger, deploy.canaryShare())
                : ModelTrial.shadow(challenger);
        current.installTrial(trial);
        LOG.info("Trying version {} of pipeline {} beside champion version {} ({}, {})", envelope.getVersion(), pipeline,
                decision.getChampionVersion(), deploy.strategy().key(), origin);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("version", envelope.getVersion());
        attributes.put("instance", instanceId);
        attributes.put("basis", "trial");
        attributes.put("strategy", deploy.strategy().key());
        attributes.put("championVersion", decision.getChampionVersion());
        sink.publish(events.event(EventType.MODEL_LOADED, "scorer " + instanceId + " tries model version " + envelope.getVersion()
                + " beside version " + decision.getChampionVersion() + " (" + deploy.strategy().key() + ")", attributes));
    }

    private void refuse(Long version, String origin, String reason) {
        LOG.warn("Refused challenger {} of pipeline {} from {}: {}", version == null ? "(not decoded)" : "version " + version,
                pipeline, origin, reason);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("version", version == null ? "unknown" : version);
        attributes.put("instance", instanceId);
        attributes.put("trial", true);
        attributes.put("reason", reason);
        sink.publish(events.event(EventType.MODEL_REFUSED, "scorer " + instanceId + " refused challenger "
                + (version == null ? "(not decoded)" : "version " + version) + ": " + reason, attributes));
    }
}
