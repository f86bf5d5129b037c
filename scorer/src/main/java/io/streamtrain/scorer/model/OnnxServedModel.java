package io.streamtrain.scorer.model;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.onnx.OnnxLoadedModel;
import io.streamtrain.ml.onnx.OnnxModelLoader;
import java.util.Objects;

/**
 * A model served from its envelope's ONNX graph, loaded and checked by the ML module's {@link OnnxModelLoader}
 * (pipeline, graph digest, preprocessing, probe prediction), served as a {@link ScoringModel}.
 *
 * @param model the loaded graph; thread-safe
 */
public record OnnxServedModel(OnnxLoadedModel model) implements ScoringModel {

    public OnnxServedModel {
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
