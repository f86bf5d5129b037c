package io.streamtrain.trainer.batch;

import java.util.List;
import java.util.Set;

/**
 * What an earlier reader of a partition committed about the messages at and after its committed offset (see
 * {@link CommitPoint}), as the next reader decodes it from the commit's metadata.
 *
 * @param offset      the committed offset
 * @param readThrough the earlier reader had read every message before this offset
 * @param unfinished  batches with messages in {@code [offset, readThrough)} that were not finished
 * @param finished    batches accounted for whose messages may come at or after {@code readThrough}
 */
public record CommittedBatches(long offset, long readThrough, Set<String> unfinished, List<String> finished) {

    /** Nothing committed beyond {@code offset}: every message from there on is new. */
    public static CommittedBatches nothingBeyond(long offset) {
        return new CommittedBatches(offset, offset, Set.of(), List.of());
    }

    public CommittedBatches {
        readThrough = Math.max(offset, readThrough);
        unfinished = Set.copyOf(unfinished);
        finished = List.copyOf(finished);
    }

    /**
     * Whether the message of {@code batchId} at {@code offset} belongs to a batch the earlier reader finished: it lies
     * in {@code [offset, readThrough)} and its batch is not named unfinished.
     */
    public boolean finishedAt(long messageOffset, String batchId) {
        return messageOffset >= offset && messageOffset < readThrough && !unfinished.contains(batchId);
    }
}
