package io.streamtrain.ml.transientmodel;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Prediction;
import io.streamtrain.messages.TransientLineage;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ModelRejectedException;
import io.streamtrain.ml.model.ScoredRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Transient mode's scoring of one window: the throw-away model trained on the window's labelled records (by the same
 * {@code BatchTrainer} as a stored model) is loaded through the same {@link ModelLoader} as the scorer's models and
 * scores every record of the window that has no label, that is the unlabelled input records and the records of the
 * score requests that arrived during the window. Each prediction names {@link #TRANSIENT_VERSION} and carries the
 * model's lineage. Stateless.
 */
public final class TransientWindowScorer {

    /** The model version every transient prediction names; stored versions start at 1. */
    public static final long TRANSIENT_VERSION = 0;

    private TransientWindowScorer() {
    }

    /** The records of a window that a transient model scores: those without a label. */
    public static List<CleanRecord> toScore(List<CleanRecord> window) {
        return window.stream().filter(record -> record.getLabel() == null).toList();
    }

    /**
     * Scores {@code records} with the model of {@code envelope}.
     *
     * @param scoredAt stamps every prediction
     * @throws ModelRejectedException when the envelope cannot be loaded (its bytes do not match its digest, another
     *                                pipeline, an unsupported model)
     */
    public static List<Outcome> score(ModelEnvelope envelope, List<CleanRecord> records, Instant scoredAt)
            throws ModelRejectedException {
        LoadedModel model = ModelLoader.load(envelope, envelope.getPipeline());
        TransientLineage lineage = lineageOf(envelope);
        List<Outcome> outcomes = new ArrayList<>(records.size());
        for (CleanRecord record : records) {
            outcomes.add(scoreOne(model, lineage, record, scoredAt));
        }
        return outcomes;
    }

    /** The request a prediction answers: the score request's id, or for an unlabelled input record its window's batch. */
    public static String requestIdOf(CleanRecord record, String batchId) {
        return record.getRequestId() != null ? record.getRequestId() : batchId;
    }

    private static Outcome scoreOne(LoadedModel model, TransientLineage lineage, CleanRecord record, Instant scoredAt) {
        ScoredRecord scored;
        try {
            scored = model.score(record);
        } catch (RuntimeException e) {
            return new Outcome.Failed(record, "the transient model of batch " + lineage.getBatchId()
                    + " could not score record " + record.getRecordId() + ": " + e);
        }
        Prediction prediction = scored.toPrediction(requestIdOf(record, lineage.getBatchId()), record.getRecordId(),
                        model.envelope().getPipeline(), TRANSIENT_VERSION, scoredAt)
                .setLineage(lineage)
                .build();
        return new Outcome.Predicted(record, prediction);
    }

    private static TransientLineage lineageOf(ModelEnvelope envelope) {
        Lineage lineage = envelope.getLineage();
        return TransientLineage.newBuilder()
                .setBatchId(lineage.getBatchId())
                .setWindowStart(lineage.getWindowStart())
                .setWindowEnd(lineage.getWindowEnd())
                .setTrainingRecords(lineage.getTrainCount() + lineage.getTestCount())
                .setTrainRecords(lineage.getTrainCount())
                .setTestRecords(lineage.getTestCount())
                .setAlgorithm(envelope.getAlgorithm())
                .setMetrics(envelope.getMetrics())
                .build();
    }

    /** What became of one record to score. */
    public sealed interface Outcome {

        /** The record that was to be scored. */
        CleanRecord record();

        /** The transient model's prediction for the record. */
        record Predicted(CleanRecord record, Prediction prediction) implements Outcome {
            public Predicted {
                Objects.requireNonNull(record, "record");
                Objects.requireNonNull(prediction, "prediction");
            }
        }

        /** The model threw on the record; {@code detail} names the batch, the record and the error. */
        record Failed(CleanRecord record, String detail) implements Outcome {
            public Failed {
                Objects.requireNonNull(record, "record");
                Objects.requireNonNull(detail, "detail");
            }
        }
    }
}
