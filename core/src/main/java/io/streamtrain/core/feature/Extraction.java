package io.streamtrain.core.feature;

import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.messages.CleanRecord;
import java.util.Objects;

/** The outcome of reading one decoded input record: a clean record, or the reason it was refused. */
public sealed interface Extraction {

    /** The record is usable. */
    record Accepted(CleanRecord record) implements Extraction {
        public Accepted {
            Objects.requireNonNull(record, "record");
        }
    }

    /** The record is refused; it goes to the dead-letter topic with this reason. */
    record Rejected(DeadLetterReason reason, String detail) implements Extraction {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
