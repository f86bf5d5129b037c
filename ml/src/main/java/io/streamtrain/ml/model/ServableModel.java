package io.streamtrain.ml.model;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;

/**
 * A model loaded from its envelope and ready to score, whichever runtime serves it: the native {@link LoadedModel} or
 * the ONNX graph's {@code OnnxLoadedModel}. Implementations are thread-safe.
 */
public interface ServableModel {

    /** The envelope the model was loaded from. */
    ModelEnvelope envelope();

    /**
     * Predicts {@code record}'s class and the probability of every class, or its value for a regression model.
     *
     * @throws IllegalArgumentException when the record has a different number of features than the model
     */
    ScoredRecord score(CleanRecord record);
}
