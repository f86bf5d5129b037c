package io.streamtrain.streams.internal.window;

import io.streamtrain.core.deadletter.DeadLetterReason;
import java.util.Objects;

/**
 * What validation sends to the windower, directly or through the single-partition repartition topic, and the
 * close requests read from the control topic.
 */
public sealed interface WindowInput {

    /**
     * A valid record. The windower needs only its event time and source position to place it, so those
     * travel beside the encoded record and the windower never decodes records on the per-record path.
     *
     * @param eventTime       event time in epoch milliseconds
     * @param sourcePartition input partition, for lineage
     * @param sourceOffset    input offset, for lineage
     * @param sourceKey       the input record's Kafka key, kept for its dead letter should it be late; null when it had none
     * @param cleanRecord     the {@code CleanRecord} in Avro single-object encoding, stored and emitted as is
     */
    record Accepted(long eventTime, int sourcePartition, long sourceOffset, byte[] sourceKey, byte[] cleanRecord) implements WindowInput {
        public Accepted {
            Objects.requireNonNull(cleanRecord, "cleanRecord");
            if (sourcePartition < 0 || sourceOffset < 0) {
                throw new IllegalArgumentException("invalid source position " + sourcePartition + "@" + sourceOffset);
            }
        }
    }

    /**
     * A record of a score request (transient mode), to be scored by the transient model of the window its request
     * arrived in. It is placed by {@code eventTime}, the request's Kafka timestamp, but neither advances stream time
     * nor enters the window's lineage of input offsets: windows follow the input records.
     *
     * @param eventTime       the request's Kafka timestamp in epoch milliseconds
     * @param sourcePartition score-requests partition, for the dead letter of a late request
     * @param sourceOffset    score-requests offset, for the dead letter of a late request
     * @param sourceKey       the request's Kafka key, for the dead letter of a late request; null when it had none
     * @param cleanRecord     the {@code CleanRecord} (with its request id) in Avro single-object encoding
     */
    record ScoreRequest(long eventTime, int sourcePartition, long sourceOffset, byte[] sourceKey, byte[] cleanRecord) implements WindowInput {
        public ScoreRequest {
            Objects.requireNonNull(cleanRecord, "cleanRecord");
            if (sourcePartition < 0 || sourceOffset < 0) {
                throw new IllegalArgumentException("invalid source position " + sourcePartition + "@" + sourceOffset);
            }
        }
    }

    /**
     * A record that validation dead-lettered. The dead letter itself went straight to the dead-letter topic;
     * this notice only lets the windower report how many records were dead-lettered between two windows.
     */
    record Refused(DeadLetterReason reason) implements WindowInput {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A request from the control topic to close the open windows now, for example because the scorer detected
     * drift and wants a model trained on the recent records.
     *
     * @param requestedBy the service and instance that asked
     * @param reason      its one-line reason, repeated in the {@code WINDOW_CLOSED} event
     */
    record CloseRequested(String requestedBy, String reason) implements WindowInput {
        public CloseRequested {
            Objects.requireNonNull(requestedBy, "requestedBy");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A notice from the control topic that input partition {@code partition}'s part of window {@code (windowStart, seq)}
     * closed at its share of {@code window.max.records}: with several input partitions every task closes its part of
     * that window too, so the window closes whole (see the streams-app README, "Closing early").
     *
     * @param windowStart the window's period start in event time
     * @param seq         the window's sequence number within its period
     * @param partition   the input partition whose part filled up
     */
    record WindowFull(long windowStart, int seq, int partition) implements WindowInput {
        public WindowFull {
            if (seq < 0 || partition < 0) {
                throw new IllegalArgumentException("invalid full window: seq " + seq + ", partition " + partition);
            }
        }
    }
}
