package io.streamtrain.scorer.model;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ScoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * A model that was loaded and verified from its envelope and may be served. Implementations are
 * immutable and thread-safe: one instance scores requests on any number of threads.
 */
public interface ScoringModel {

    /** The envelope the model was loaded from. */
    ModelEnvelope envelope();

    /** Scores one clean record whose features are in the order of the envelope's feature schema. */
    ScoredRecord score(CleanRecord record);

    /**
     * Scores {@code records} in order, as {@link #score} would one by one; a runtime with a cost per call (ONNX
     * Runtime) scores them in one call, and a compiled forest spreads blocks of them over {@code pool}'s threads. If it
     * throws, the caller cannot tell which record failed and scores them one by one.
     */
    default List<ScoredRecord> scoreAll(List<CleanRecord> records, ForkJoinPool pool) {
        List<ScoredRecord> scored = new ArrayList<>(records.size());
        for (CleanRecord record : records) {
            scored.add(score(record));
        }
        return scored;
    }

    /** The model's version, as published by the trainer. */
    default long version() {
        return envelope().getVersion();
    }
}
