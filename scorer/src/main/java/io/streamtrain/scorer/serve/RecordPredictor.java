package io.streamtrain.scorer.serve;

import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.core.feature.Extraction;
import io.streamtrain.core.feature.FeatureExtractor;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.Prediction;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.scorer.model.ScoringModel;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns decoded input records into {@link Prediction}s: the same feature extraction as training input
 * (under {@code LabelPolicy.IGNORED}, so a label in a request is neither needed nor used), then the model.
 * The topic path ({@link RequestScorer}) and the REST API both predict through this class, so a record gets
 * the same prediction whichever way it arrives. The topic path extracts a poll's records first and predicts them
 * with one call of the model ({@link #predictAll}), which a runtime with a cost per call (ONNX Runtime) needs.
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
        return switch (extract(record, timestamp, partition, offset)) {
            case Extraction.Rejected rejected -> new Outcome.Refused(rejected.reason(), rejected.detail());
            case Extraction.Accepted accepted -> oneByOne(List.of(new Scorable(requestId, accepted.record())), model).getFirst();
        };
    }

    /**
     * The clean record the model scores, or why {@code record} cannot be scored (no id, no feature); the arguments
     * are those of {@link #predict}.
     */
    public Extraction extract(GenericRecord record, long timestamp, int partition, long offset) {
        return extractor.extract(record, timestamp, partition, offset, FeatureExtractor.LabelPolicy.IGNORED);
    }

    /**
     * Predicts every record of {@code records} with {@code model} in one call, stamped with one {@code scoredAt}; the
     * outcomes are in the records' order. A model that scores in parallel (a compiled forest) does so on {@code pool}.
     * Should the call fail, the records are scored one by one, so that only the records the model fails on are
     * {@link Outcome.ModelFailed}.
     */
    public List<Outcome> predictAll(List<Scorable> records, ScoringModel model, ForkJoinPool pool) {
        List<CleanRecord> clean = new ArrayList<>(records.size());
        for (Scorable record : records) {
            clean.add(record.record());
        }
        List<ScoredRecord> scored;
        try {
            scored = model.scoreAll(clean, pool);
        } catch (RuntimeException e) {
            return oneByOne(records, model);
        }
        Instant scoredAt = now();
        List<Outcome> outcomes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            outcomes.add(predicted(records.get(i), scored.get(i), model, scoredAt));
        }
        return outcomes;
    }

    private List<Outcome> oneByOne(List<Scorable> records, ScoringModel model) {
        List<Outcome> outcomes = new ArrayList<>(records.size());
        for (Scorable record : records) {
            CleanRecord clean = record.record();
            try {
                outcomes.add(predicted(record, model.score(clean), model, now()));
            } catch (RuntimeException e) {
                outcomes.add(new Outcome.ModelFailed(clean.getRecordId(),
                        "model version " + model.version() + " could not score record " + clean.getRecordId() + ": " + e));
            }
        }
        return outcomes;
    }

    private Outcome predicted(Scorable record, ScoredRecord scored, ScoringModel model, Instant scoredAt) {
        CleanRecord clean = record.record();
        return new Outcome.Predicted(clean, scored.toPrediction(record.requestId(), clean.getRecordId(), pipeline, model.version(),
                scoredAt).build());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A record ready for the model, and the request that asked for it. */
    public record Scorable(String requestId, CleanRecord record) {
        public Scorable {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(record, "record");
        }
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
