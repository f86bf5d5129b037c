package io.streamtrain.core.requests;

import io.streamtrain.core.deadletter.DeadLetterReason;
import java.util.List;
import java.util.Objects;

/** A score request as read from its Kafka record: records to score, or the reason it cannot be read at all. */
public sealed interface ParsedRequest {

    /** The id that names the request on every prediction and dead letter it causes. */
    String requestId();

    /** A readable request; each of its records is scored or dead-lettered on its own. */
    record Accepted(String requestId, List<RequestRecord> records) implements ParsedRequest {
        public Accepted {
            Objects.requireNonNull(requestId, "requestId");
            records = List.copyOf(records);
            if (records.isEmpty()) {
                throw new IllegalArgumentException("a request holds at least one record");
            }
        }
    }

    /** An unreadable request; it is dead-lettered whole, with its original bytes. */
    record Rejected(String requestId, DeadLetterReason reason, String detail) implements ParsedRequest {
        public Rejected {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
