package io.streamtrain.streams.internal.validate;

import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.streams.internal.window.WindowInput;
import java.util.Objects;

/** The outcome of validating one input record. */
public sealed interface Verdict {

    /** The record is valid; {@code input} is what the windower receives. */
    record Accept(WindowInput.Accepted input) implements Verdict {
        public Accept {
            Objects.requireNonNull(input, "input");
        }
    }

    /** The record is dead-lettered for {@code reason}; {@code detail} is one human-readable line. */
    record Reject(DeadLetterReason reason, String detail) implements Verdict {
        public Reject {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
