package io.streamtrain.core.requests;

import io.streamtrain.core.deadletter.DeadLetterReason;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * One record of a score request, decoded or not. {@link #bytes()} are what a dead letter carries for it:
 * the whole request value for a single-record request, the element's JSON text for an element of a list.
 */
public sealed interface RequestRecord {

    /** Position of the record in its request; 0 for a single-record request. */
    int index();

    /** The record's own bytes, for the dead-letter topic. */
    byte[] bytes();

    /** A record of the pipeline's input schema. */
    record Decoded(int index, byte[] bytes, GenericRecord record) implements RequestRecord {
        public Decoded {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(record, "record");
        }
    }

    /** An element of a list that is not a valid input record; the rest of its request is still scored. */
    record Invalid(int index, byte[] bytes, DeadLetterReason reason, String detail) implements RequestRecord {
        public Invalid {
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
