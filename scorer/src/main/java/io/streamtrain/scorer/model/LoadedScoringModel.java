package io.streamtrain.scorer.model;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.model.ServableModel;

/**
 * A {@link ScoringModel} that serves a model the ML module loaded, whichever its runtime: its envelope and its scores
 * are the loaded model's. Implementations add what differs, such as how a batch of records is scored.
 */
public interface LoadedScoringModel extends ScoringModel {

    /** The loaded model served. */
    ServableModel model();

    @Override
    default ModelEnvelope envelope() {
        return model().envelope();
    }

    @Override
    default ScoredRecord score(CleanRecord record) {
        return model().score(record);
    }
}
