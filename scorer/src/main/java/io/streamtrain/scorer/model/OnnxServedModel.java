package io.streamtrain.scorer.model;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.onnx.OnnxLoadedModel;
import io.streamtrain.ml.onnx.OnnxModelLoader;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;

/**
 * A model served from its envelope's ONNX graph, loaded and checked by the ML module's {@link OnnxModelLoader}
 * (pipeline, graph digest, preprocessing, probe prediction), served as a {@link LoadedScoringModel}.
 *
 * @param model the loaded graph; thread-safe
 */
public record OnnxServedModel(OnnxLoadedModel model) implements LoadedScoringModel {

    public OnnxServedModel {
        Objects.requireNonNull(model, "model");
    }

    /** One ONNX Runtime call for all of {@code records}, on ONNX Runtime's own threads rather than {@code pool}'s. */
    @Override
    public List<ScoredRecord> scoreAll(List<CleanRecord> records, ForkJoinPool pool) {
        return model.scoreAll(records);
    }
}
