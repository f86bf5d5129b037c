package io.streamtrain.trainer.batch;

import java.util.Comparator;
import java.util.List;

/**
 * Where a partition of the batches topic may be committed, and what the next reader must know about the messages
 * beyond that point.
 *
 * <p>The offset never passes the first message of a batch that is not finished, so a restart re-reads every
 * unfinished batch whole. Everything before {@code readThrough} has been read; of the batches with messages between
 * the offset and {@code readThrough}, only those named in {@code unfinished} were not finished, so the next reader
 * skips the messages of every other batch there instead of training it again. Naming the few unfinished batches
 * rather than the many finished ones keeps the commit small however many windows finish while one waits for a late
 * part. {@code finished} names batches whose messages may still come at or after {@code readThrough}: those given up
 * before their manifest arrived.
 *
 * @param offset      next offset to read after a restart
 * @param readThrough offset up to which every message has been read; at least {@code offset}
 * @param unfinished  batches with messages before {@code readThrough} that are not finished, by their first offset
 * @param finished    batches accounted for whose messages may still be read, by their manifest's offset
 *                    ({@link Long#MAX_VALUE} while the manifest has not been read)
 */
public record CommitPoint(long offset, long readThrough, List<BatchAt> unfinished, List<BatchAt> finished) {

    /**
     * A batch and an offset of one of its messages.
     *
     * @param batchId the batch
     * @param offset  the offset the enclosing list is ordered by
     */
    public record BatchAt(String batchId, long offset) {
    }

    public CommitPoint {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        if (readThrough < offset) {
            throw new IllegalArgumentException("readThrough " + readThrough + " is before offset " + offset);
        }
        unfinished = unfinished.stream().sorted(Comparator.comparingLong(BatchAt::offset)).toList();
        finished = finished.stream().sorted(Comparator.comparingLong(BatchAt::offset)).toList();
    }

    /** The ids of {@link #unfinished}, earliest first. */
    public List<String> unfinishedIds() {
        return unfinished.stream().map(BatchAt::batchId).toList();
    }

    /** The ids of {@link #finished}, earliest manifest first. */
    public List<String> finishedIds() {
        return finished.stream().map(BatchAt::batchId).toList();
    }
}
