package io.streamtrain.scorer.model;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ScoredRecord;

/**
 * A model that was loaded and verified from its envelope and may be served. Implementations are
 * immutable and thread-safe: one instance scores requests on any number of threads.
 */
public interface ScoringModel {

    /** The envelope the model was loaded from. */
    ModelEnvelope envelope();

    /** Scores one clean record whose features are in the order of the envelope's feature schema. */
    ScoredRecord score(CleanRecord record);

    /** The model's version, as published by the trainer. */
    default long version() {
        return envelope().getVersion();
    }
}
