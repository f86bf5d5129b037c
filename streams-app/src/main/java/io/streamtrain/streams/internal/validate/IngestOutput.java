package io.streamtrain.streams.internal.validate;

import io.streamtrain.streams.internal.window.WindowInput;
import java.util.Objects;

/** What validation forwards: a dead letter for the dead-letter topic, or an input for the windower. */
public sealed interface IngestOutput {

    /**
     * A refused record's original value (null if the input value was null); its Kafka record carries the
     * original key, the original headers and the dead-letter headers.
     */
    record DeadLetter(byte[] originalValue) implements IngestOutput {
    }

    /** An input for the windower. */
    record ToWindow(WindowInput input) implements IngestOutput {
        public ToWindow {
            Objects.requireNonNull(input, "input");
        }
    }
}
