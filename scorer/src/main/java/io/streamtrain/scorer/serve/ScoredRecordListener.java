package io.streamtrain.scorer.serve;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.Prediction;
import io.streamtrain.scorer.model.ScoringModel;

/**
 * Told of every prediction the topic path makes, on the scoring thread, before the prediction is produced;
 * drift and live-quality monitoring listen here. An implementation must be quick and must not throw.
 */
@FunctionalInterface
public interface ScoredRecordListener {

    /** A listener that does nothing. */
    ScoredRecordListener NONE = (record, prediction, model) -> { };

    /**
     * @param record     the record as the model saw it (cleaned features)
     * @param prediction what the model answered
     * @param model      the model that answered
     */
    void scored(CleanRecord record, Prediction prediction, ScoringModel model);
}
