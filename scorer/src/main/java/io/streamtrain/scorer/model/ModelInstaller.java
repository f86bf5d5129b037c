package io.streamtrain.scorer.model;

import io.streamtrain.core.metrics.StreamtrainMeters;
import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.trust.ModelVerifier;
import io.streamtrain.schemas.AvroMessageCodec;
import io.streamtrain.scorer.events.EventSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a record of the models topic becomes the current model.
 *
 * <p>A record's signature is verified before anything reads its bytes (see {@link ModelVerifier}); then its
 * envelope is decoded, checked against the pipeline's features, and fully loaded and verified by
 * {@link ModelLoading} before it replaces the current model in one atomic step. A record that fails any
 * step is refused: logged with the reason, reported as a {@code MODEL_REFUSED} event, and the previous
 * model keeps serving. An installed model is reported as {@code MODEL_LOADED}.
 *
 * <p>Whatever the topic says last is current, even when its version is lower than the one being served:
 * that is how a rollback (re-publishing an older envelope) reaches the scorer. A tombstone does not remove
 * the current model; taking a model out of service is done by publishing another one.
 */
public final class ModelInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(ModelInstaller.class);
    private static final AvroMessageCodec<ModelEnvelope> CODEC = AvroMessageCodec.of(ModelEnvelope.class);

    private final String pipeline;
    private final List<FeatureDefinition> features;
    private final ModelVerifier verifier;
    private final ModelLoading loading;
    private final CurrentModel current;
    private final PipelineEvents events;
    private final EventSink sink;
    private final String instanceId;

    /**
     * @param spec       the pipeline's features; the scorer extracts exactly these, so a model trained on
     *                   other features (or in another order) cannot be served and is refused
     * @param verifier   checks each record's signature before its envelope is decoded
     * @param events     stamps events with this scorer instance and the pipeline, which is also the only pipeline
     *                   whose models are accepted
     * @param instanceId this scorer instance, named in every event
     */
    public ModelInstaller(FeatureSpec spec, ModelVerifier verifier, ModelLoading loading, CurrentModel current,
                          PipelineEvents events, EventSink sink, String instanceId) {
        this.features = Objects.requireNonNull(spec, "spec").definitions();
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.loading = Objects.requireNonNull(loading, "loading");
        this.current = Objects.requireNonNull(current, "current");
        this.events = Objects.requireNonNull(events, "events");
        this.pipeline = events.pipeline();
        this.sink = Objects.requireNonNull(sink, "sink");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    }

    /** Loads the envelope in {@code record} and makes it current, or refuses it. Never throws for bad input. */
    public void offer(ConsumerRecord<byte[], byte[]> record) {
        String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (record.value() == null) {
            LOG.info("Ignoring tombstone at {}: a tombstone does not retire the model being served", origin);
            return;
        }
        try {
            verifier.verify(record.value(), record.headers());
        } catch (ModelRejectedException e) {
            refuse(null, origin, e.getMessage());
            return;
        }
        ModelEnvelope envelope;
        try {
            envelope = CODEC.decode(record.value());
        } catch (SerializationException e) {
            refuse(null, origin, "not a model envelope: " + e.getMessage());
            return;
        }
        if (!features.equals(envelope.getFeatureSchema().getFeatures())) {
            refuse(envelope.getVersion(), origin, "model features " + describe(envelope.getFeatureSchema().getFeatures())
                    + " differ from the pipeline's features " + describe(features));
            return;
        }
        ScoringModel model;
        try {
            model = loading.load(envelope, pipeline);
        } catch (ModelRejectedException e) {
            refuse(envelope.getVersion(), origin, e.getMessage());
            return;
        } catch (RuntimeException e) {
            // A loader bug must not stop the follower; the model is simply not servable.
            LOG.error("Loading model version {} from {} failed unexpectedly", envelope.getVersion(), origin, e);
            refuse(envelope.getVersion(), origin, "loading failed: " + e);
            return;
        }
        installed(model, current.install(model), origin);
    }

    private void installed(ScoringModel model, Optional<ScoringModel> previous, String origin) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("version", model.version());
        attributes.put("instance", instanceId);
        attributes.put("algorithm", model.envelope().getAlgorithm());
        previous.ifPresent(p -> attributes.put("previousVersion", p.version()));
        if (previous.isPresent() && model.version() < previous.get().version()) {
            LOG.warn("Model version of pipeline {} went down from {} to {} ({}): serving it, because the models topic says it is current (a rollback)",
                    pipeline, previous.get().version(), model.version(), origin);
        }
        LOG.info("Serving model version {} of pipeline {} ({}; previously {})", model.version(), pipeline, origin,
                previous.map(p -> "version " + p.version()).orElse("no model"));
        StreamtrainMeters.modelVersion(pipeline, instanceId).set(model.version());
        sink.publish(events.event(EventType.MODEL_LOADED,
                "scorer " + instanceId + " serves model version " + model.version(), attributes));
    }

    private void refuse(Long version, String origin, String reason) {
        Optional<ScoringModel> serving = current.current();
        LOG.warn("Refused model {} of pipeline {} from {}: {}. Still serving {}",
                version == null ? "(not decoded)" : "version " + version, pipeline, origin, reason,
                serving.map(m -> "version " + m.version()).orElse("no model"));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("version", version == null ? "unknown" : version);
        attributes.put("instance", instanceId);
        attributes.put("reason", reason);
        attributes.put("servingVersion", serving.map(m -> (Object) m.version()).orElse("none"));
        sink.publish(events.event(EventType.MODEL_REFUSED,
                "scorer " + instanceId + " refused model " + (version == null ? "(not decoded)" : "version " + version) + ": " + reason,
                attributes));
    }

    private static String describe(List<FeatureDefinition> definitions) {
        return definitions.stream().map(d -> d.getName() + ":" + d.getType()).toList().toString();
    }
}
