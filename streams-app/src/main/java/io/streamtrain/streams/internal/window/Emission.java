package io.streamtrain.streams.internal.window;

import java.util.Objects;

/**
 * One encoded message the windower produces, and the topic it is meant for. The topology routes emissions
 * by {@link #destination()}, so the windower never names topics.
 *
 * @param destination where it goes
 * @param value       the encoded message: a {@code BatchMessage}, a {@code PipelineEvent}, or a late record's
 *                    {@code CleanRecord}
 */
public record Emission(Destination destination, byte[] value) {

    /** The topics the windower writes to. */
    public enum Destination { BATCHES, EVENTS, DEAD_LETTERS }

    public Emission {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(value, "value");
    }
}
