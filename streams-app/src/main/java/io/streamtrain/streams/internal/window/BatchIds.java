package io.streamtrain.streams.internal.window;

/**
 * Names of closed windows: {@code <prefix>-<windowStart>-<sequence>}, unique per pipeline; with several input
 * partitions each partition's part of a window is written as {@code <window id>@p<partition>}. The prefix is the pipeline
 * name for the live stream and {@code <pipeline>-backfill-<runId>} for a backfill run, so a backfill batch never
 * shares its id with a live one.
 */
final class BatchIds {

    private BatchIds() {
    }

    static String of(String prefix, long windowStart, int windowSeq) {
        return prefix + "-" + windowStart + "-" + windowSeq;
    }

    /** The id under which input partition {@code partition}'s part of window {@code windowBatchId} is written. */
    static String partOf(String windowBatchId, int partition) {
        return windowBatchId + "@p" + partition;
    }

    /** The id of input partition {@code partition}'s progress messages, which belong to no window. */
    static String progressOf(String prefix, int partition) {
        return prefix + "-progress@p" + partition;
    }

    /** The prefix of a backfill run's batch ids. */
    static String backfillPrefix(String pipeline, String runId) {
        return pipeline + "-backfill-" + runId;
    }

    /** The longest id any window with {@code prefix} can get, for sizing chunks before a window exists. */
    static String longest(String prefix) {
        return partOf(of(prefix, Long.MIN_VALUE, Integer.MAX_VALUE), Integer.MAX_VALUE);
    }
}
