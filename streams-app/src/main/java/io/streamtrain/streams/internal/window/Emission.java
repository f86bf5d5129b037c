package io.streamtrain.streams.internal.window;

import java.util.Objects;

/**
 * One encoded message the windower produces, and the topic it is meant for. The topology routes emissions
 * by {@link #destination()}, so the windower never names topics.
 *
 * @param destination where it goes
 * @param value       the encoded message: a {@code BatchMessage}, a {@code PipelineEvent} (to the events or, as a
 *                    full-window notice, to the control topic), or a late record's {@code CleanRecord}
 * @param key         a dead letter's key, the late record's own (null when it had none), since dead letters keep the
 *                    key of the record they refuse; null for batches and events, which are keyed by pipeline
 */
public record Emission(Destination destination, byte[] value, byte[] key) {

    /** The topics the windower writes to. */
    public enum Destination { BATCHES, EVENTS, DEAD_LETTERS, CONTROL }

    public Emission {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(value, "value");
        if (key != null && destination != Destination.DEAD_LETTERS) {
            throw new IllegalArgumentException(destination + " emissions are keyed by pipeline, not by a record's key");
        }
    }

    /** A batch or event message, keyed by pipeline. */
    public Emission(Destination destination, byte[] value) {
        this(destination, value, null);
    }
}
