package io.streamtrain.trainer.batch;

/**
 * How much one {@link BatchAssembler} may hold.
 *
 * @param maxRecords        largest batch, in records; a batch growing past it is rejected
 * @param maxPendingBatches most incomplete batches at once; one more gives up the oldest
 */
public record BatchLimits(int maxRecords, int maxPendingBatches) {

    public BatchLimits {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1, was " + maxRecords);
        }
        if (maxPendingBatches < 1) {
            throw new IllegalArgumentException("maxPendingBatches must be at least 1, was " + maxPendingBatches);
        }
    }
}
