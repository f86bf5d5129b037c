package io.streamtrain.trainer.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * How much one {@link BatchAssembler} may hold.
 *
 * @param maxRecords        largest batch, in records; a batch growing past it is rejected
 * @param maxPendingBatches most incomplete batches at once; one more gives up the oldest
 * @param assemblyTimeout   longest wait, from a window's first part, for every input partition to settle the window;
 *                          then it is assembled from the parts it has
 */
public record BatchLimits(int maxRecords, int maxPendingBatches, Duration assemblyTimeout) {

    public BatchLimits {
        Objects.requireNonNull(assemblyTimeout, "assemblyTimeout");
        if (!assemblyTimeout.isPositive()) {
            throw new IllegalArgumentException("assemblyTimeout must be positive, was " + assemblyTimeout);
        }
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
        }
        if (maxPendingBatches < 1) {
            throw new IllegalArgumentException("maxPendingBatches must be at least 1, was " + maxPendingBatches);
        }
    }
}
