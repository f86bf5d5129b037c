package io.streamtrain.dashboard.data;

import io.streamtrain.messages.PipelineEvent;
import java.util.Map;
import java.util.Objects;

/**
 * One pipeline event as the dashboard shows it.
 *
 * @param time epoch milliseconds
 */
public record EventView(String type, String source, long time, String message, Map<String, String> attributes) {

    public EventView {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
        attributes = Map.copyOf(attributes);
    }

    public static EventView of(PipelineEvent event) {
        return new EventView(event.getType().name(), event.getSource(), event.getTime().toEpochMilli(), event.getMessage(),
                event.getAttributes());
    }

    /** The attribute's value, or null. */
    public String attribute(String name) {
        return attributes.get(name);
    }
}
