package io.streamtrain.scorer.drift;

import io.streamtrain.core.events.PipelineEvents;
import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import io.streamtrain.scorer.events.EventSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports drift or poor live quality of the served model, at most once per model version: a {@code DRIFT_DETECTED}
 * event on the events topic saying why, and, when retraining is enabled, a {@code RETRAIN_REQUESTED} event on both
 * the control topic (the streams-app then closes its open window early, so the trainer trains on the recent
 * records) and the events topic. The next request can only come from the next model version, which gets its own
 * baseline, so a drifted stream asks for one retrain per model rather than one per check.
 */
public final class RetrainTrigger {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainTrigger.class);

    private final boolean retrainEnabled;
    private final EventSink events;
    private final EventSink control;
    private final PipelineEvents factory;
    private long lastFiredVersion = -1;

    /**
     * @param retrainEnabled whether to request a retrain, or only report
     * @param events         the pipeline's events topic
     * @param control        the pipeline's control topic, read by the streams-app
     */
    public RetrainTrigger(boolean retrainEnabled, EventSink events, EventSink control, PipelineEvents factory) {
        this.retrainEnabled = retrainEnabled;
        this.events = Objects.requireNonNull(events, "events");
        this.control = Objects.requireNonNull(control, "control");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Reports that model {@code modelVersion} is no longer fit for its traffic, unless it was reported before.
     *
     * @param cause   {@code feature-drift}, {@code prediction-drift}, {@code live-accuracy} or {@code live-rmse}
     * @param message one line saying what crossed which threshold
     * @param details the figures behind it (feature, psi, threshold, ...)
     * @return whether this call reported (false when the version was already reported)
     */
    public synchronized boolean fire(long modelVersion, String cause, String message, Map<String, ?> details) {
        if (modelVersion == lastFiredVersion) {
            return false;
        }
        lastFiredVersion = modelVersion;
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("modelVersion", modelVersion);
        attributes.put("cause", cause);
        attributes.putAll(details);
        attributes.put("retrainRequested", retrainEnabled);
        events.publish(factory.event(EventType.DRIFT_DETECTED, message, attributes));
        if (retrainEnabled) {
            PipelineEvent request = factory.event(EventType.RETRAIN_REQUESTED, "Retrain requested: " + message, attributes);
            control.publish(request);
            events.publish(request);
            LOG.warn("{}; asked the streams-app to close its open window so a new model is trained", message);
        } else {
            LOG.warn("{}; retraining on drift is disabled (scorer.retrain.enabled)", message);
        }
        return true;
    }
}
