package io.streamtrain.launcher.backfill;

import java.util.Objects;

/**
 * What the trainer made of one window of a backfill run.
 *
 * @param batchId     the window's batch id
 * @param version     the backfill model's version; 0 when the window made no model
 * @param description the trainer's event message: metrics, or why no model was made
 */
public record TrainedWindow(String batchId, long version, String description) {

    public TrainedWindow {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(description, "description");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, was " + version);
        }
    }

    public boolean madeModel() {
        return version > 0;
    }
}
