package io.streamtrain.scorer.model;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.ScoredRecord;
import io.streamtrain.ml.onnx.OnnxLoadedModel;
import io.streamtrain.ml.onnx.OnnxModelLoader;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;

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

    /** One ONNX Runtime call for all of {@code records}, on ONNX Runtime's own threads rather than {@code pool}'s. */
    @Override
    public List<ScoredRecord> scoreAll(List<CleanRecord> records, ForkJoinPool pool) {
        return model.scoreAll(records);
    }

    @Override
    public long version() {
        return model.version();
    }
}
