package io.streamtrain.ml.train;

import io.streamtrain.messages.ModelEnvelope;
import java.util.Objects;

/** What training one batch produced: a model envelope ready to publish, or the reason no model was made. */
public sealed interface TrainingOutcome {

    /** A model was trained and evaluated. */
    record Trained(ModelEnvelope envelope) implements TrainingOutcome {
        public Trained {
            Objects.requireNonNull(envelope, "envelope");
        }
    }

    /** The batch cannot make a model (too few records, a single class, ...); {@code reason} says which. */
    record Skipped(String reason) implements TrainingOutcome {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
