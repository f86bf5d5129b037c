package io.streamtrain.scorer.serve;

import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.Prediction;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.scorer.model.ScoringModel;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns one decoded input record into a {@link Prediction}: the same feature extraction as training input
 * (under {@code LabelPolicy.IGNORED}, so a label in a request is neither needed nor used), then the model.
 * The topic path ({@link RequestScorer}) and the REST API both predict through this class, so a record gets
 * the same prediction whichever way it arrives.
 */
public final class RecordPredictor {

    private final FeatureExtractor extractor;
    private final String pipeline;
    private final Clock clock;

    /**
     * @param clock stamps {@code scoredAt}, truncated to milliseconds
     */
    public RecordPredictor(FeatureExtractor extractor, String pipeline, Clock clock) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Predicts {@code record} with {@code model}.
     *
     * @param timestamp event time when the record has none (the Kafka timestamp, or when a REST request arrived)
     * @param partition source partition, kept in the clean record's lineage
     * @param offset    source offset, kept in the clean record's lineage
     */
    public Outcome predict(String requestId, GenericRecord record, long timestamp, int partition, long offset, ScoringModel model) {
        return switch (extractor.extract(record, timestamp, partition, offset, FeatureExtractor.LabelPolicy.IGNORED)) {
            case Extraction.Rejected rejected -> new Outcome.Refused(rejected.reason(), rejected.detail());
            case Extraction.Accepted accepted -> score(requestId, accepted.record(), model);
        };
    }

    private Outcome score(String requestId, CleanRecord clean, ScoringModel model) {
        ScoredRecord scored;
        try {
            scored = model.score(clean);
        } catch (RuntimeException e) {
            return new Outcome.ModelFailed(clean.getRecordId(),
                    "model version " + model.version() + " could not score record " + clean.getRecordId() + ": " + e);
        }
        return new Outcome.Predicted(clean, scored.toPrediction(requestId, clean.getRecordId(), pipeline, model.version(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS)).build());
    }

    /** What became of one record. */
    public sealed interface Outcome {

        /** The model's answer for the record as it saw it. */
        record Predicted(CleanRecord record, Prediction prediction) implements Outcome {
            public Predicted {
                Objects.requireNonNull(record, "record");
                Objects.requireNonNull(prediction, "prediction");
            }
        }

        /** The record cannot be scored (no id, no feature); {@code detail} says why. */
        record Refused(DeadLetterReason reason, String detail) implements Outcome {
            public Refused {
                Objects.requireNonNull(reason, "reason");
                Objects.requireNonNull(detail, "detail");
            }
        }

        /** The record was valid input but the model threw on it; {@code detail} names the model version and the error. */
        record ModelFailed(String recordId, String detail) implements Outcome {
            public ModelFailed {
                Objects.requireNonNull(recordId, "recordId");
                Objects.requireNonNull(detail, "detail");
            }
        }
    }
}
