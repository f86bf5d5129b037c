package io.streamtrain.scorer.model;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.model.LoadedModel;
import io.streamtrain.ml.model.ModelLoader;
import io.streamtrain.ml.model.ScoredRecord;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;

/**
 * A model verified and loaded by the ML module's {@link ModelLoader} (pipeline, format, digest, Smile version,
 * deserialization allow-list, probe prediction), served as a {@link LoadedScoringModel}.
 *
 * @param model the loaded model; thread-safe
 */
public record VerifiedModel(LoadedModel model) implements LoadedScoringModel {

    public VerifiedModel {
        Objects.requireNonNull(model, "model");
    }

    /** Scored together: a compiled forest walks each tree once for a block of records, the blocks on {@code pool}. */
    @Override
    public List<ScoredRecord> scoreAll(List<CleanRecord> records, ForkJoinPool pool) {
        return model.scoreAll(records, pool);
    }
}
