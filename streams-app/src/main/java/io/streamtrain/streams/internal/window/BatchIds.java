package io.streamtrain.streams.internal.window;

/** Names of closed windows: {@code <pipeline>-<windowStart>-<sequence>}, unique per pipeline. */
final class BatchIds {

    private BatchIds() {
    }

    static String of(String pipeline, long windowStart, int windowSeq) {
        return pipeline + "-" + windowStart + "-" + windowSeq;
    }

    /** The longest id any window of {@code pipeline} can get, for sizing chunks before a window exists. */
    static String longest(String pipeline) {
        return of(pipeline, Long.MIN_VALUE, Integer.MAX_VALUE);
    }
}
