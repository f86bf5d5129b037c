package io.streamtrain.ml.train;

import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.rows.RecordView;
import java.util.List;
import java.util.Objects;

/**
 * One complete micro-batch to train on, and the version its model will carry if published.
 *
 * @param pipeline pipeline name
 * @param version  version to give the model
 * @param batchId  the batch's id on the batches topic
 * @param manifest the batch's manifest (window bounds, counts, source ranges)
 * @param records  every record of the batch, in the order they were emitted
 * @param horizon  the rows of the earlier windows of the model's training horizon, and the horizon's lineage
 * @param start    the model the fit may start from ({@code train.warm.start}); {@link WarmStart#none()} fits from scratch
 */
public record TrainingRequest(String pipeline, long version, FeatureSpec spec, TrainingSettings settings,
                              String batchId, BatchManifest manifest, List<CleanRecord> records, HorizonRows horizon,
                              WarmStart start) {

    public TrainingRequest {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(manifest, "manifest");
        records = RecordView.immutable(records);
        Objects.requireNonNull(horizon, "horizon");
        Objects.requireNonNull(start, "start");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
    }

    /** A request that fits from scratch. */
    public TrainingRequest(String pipeline, long version, FeatureSpec spec, TrainingSettings settings,
                           String batchId, BatchManifest manifest, List<CleanRecord> records, HorizonRows horizon) {
        this(pipeline, version, spec, settings, batchId, manifest, records, horizon, WarmStart.none());
    }

    /** A request to train on one batch alone, outside any horizon, from scratch. */
    public TrainingRequest(String pipeline, long version, FeatureSpec spec, TrainingSettings settings,
                           String batchId, BatchManifest manifest, List<CleanRecord> records) {
        this(pipeline, version, spec, settings, batchId, manifest, records, HorizonRows.none());
    }
}
