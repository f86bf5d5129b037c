package io.streamtrain.trainer.batch;

import java.util.List;

/**
 * Where a partition of the batches topic may be committed, and which batches finished beyond that point.
 *
 * <p>The offset never passes the first message of a batch that is not finished, so a restart re-reads
 * every unfinished batch whole. Batches that finished beyond the offset (they interleaved with an
 * unfinished one) are named in the commit's metadata, so the next reader skips them instead of
 * training them again.
 *
 * @param offset           next offset to read after a restart
 * @param finishedBatchIds batches with messages at or after {@code offset} that are already accounted for
 */
public record CommitPoint(long offset, List<String> finishedBatchIds) {

    public CommitPoint {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        finishedBatchIds = List.copyOf(finishedBatchIds);
    }

    /** The commit's metadata string; see {@link CommitMetadata}. */
    public String metadata() {
        return CommitMetadata.encode(finishedBatchIds);
    }
}
