package io.streamtrain.scorer.model;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ScoredRecord;
import java.util.Objects;

/**
 * A model verified and loaded by the ML module's {@link ModelLoader} (pipeline, format, digest, Smile version,
 * deserialization allow-list, probe prediction), served as a {@link ScoringModel}.
 *
 * @param model the loaded model; thread-safe
 */
public record VerifiedModel(LoadedModel model) implements ScoringModel {

    public VerifiedModel {
        Objects.requireNonNull(model, "model");
    }

    @Override
    public ModelEnvelope envelope() {
        return model.envelope();
    }

    @Override
    public ScoredRecord score(CleanRecord record) {
        return model.score(record);
    }

    @Override
    public long version() {
        return model.version();
    }
}
