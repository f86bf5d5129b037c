package io.streamtrain.core.events;

import io.streamtrain.messages.EventType;
import io.streamtrain.messages.PipelineEvent;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds {@link PipelineEvent}s for one pipeline and service, so every stage stamps events the same way.
 * Events are keyed by pipeline name on {@code <p>.events}.
 */
public final class PipelineEvents {

    private final String pipeline;
    private final String source;
    private final Clock clock;

    /**
     * @param pipeline pipeline name
     * @param source   emitting service and instance, for example {@code trainer} or {@code scorer-1}
     */
    public PipelineEvents(String pipeline, String source, Clock clock) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public PipelineEvents(String pipeline, String source) {
        this(pipeline, source, Clock.systemUTC());
    }

    /** An event of {@code type} with a one-line message and string attributes (values are {@code String.valueOf}'d). */
    public PipelineEvent event(EventType type, String message, Map<String, ?> attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        attributes.forEach((key, value) -> values.put(key, String.valueOf(value)));
        return PipelineEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setPipeline(pipeline)
                .setType(type)
                .setSource(source)
                .setTime(clock.instant())
                .setMessage(message)
                .setAttributes(values)
                .build();
    }

    public String pipeline() {
        return pipeline;
    }

    public String source() {
        return source;
    }
}
