package io.streamtrain.streams.internal.window;

import java.util.Optional;

/**
 * One window period (a window start) that stream time has not closed yet: the sequence number its next
 * window gets, and its open window if it has one. A period holds several windows in turn when
 * {@code window.max.records} or an idle close ends one early; they are numbered 0, 1, 2, ...
 *
 * @param windowStart start of the period in event time
 * @param nextSeq     sequence number of the next window opened in this period
 * @param open        the window taking records now, or null
 */
record Period(long windowStart, int nextSeq, OpenWindow open) {

    Period {
        if (nextSeq < 0 || open != null && open.seq() >= nextSeq) {
            throw new IllegalArgumentException("invalid period " + windowStart + ": next seq " + nextSeq + ", open " + open);
        }
    }

    static Period fresh(long windowStart) {
        return new Period(windowStart, 0, null);
    }

    Optional<OpenWindow> openWindow() {
        return Optional.ofNullable(open);
    }

    /** This period with its open window, opening one with the next sequence number if there is none. */
    Period withRecord(int partition, long offset) {
        if (open == null) {
            return new Period(windowStart, nextSeq + 1, OpenWindow.empty(nextSeq).plus(partition, offset));
        }
        return new Period(windowStart, nextSeq, open.plus(partition, offset));
    }

    /** This period with one more record outside the input lineage (a score request's record) in its open window. */
    Period withUnsourcedRecord() {
        if (open == null) {
            return new Period(windowStart, nextSeq + 1, OpenWindow.empty(nextSeq).plusUnsourced());
        }
        return new Period(windowStart, nextSeq, open.plusUnsourced());
    }

    /**
     * This period after window {@code seq} closed in every input partition (a full-window notice): no open window, and
     * the next record of the period opens a window numbered after {@code seq}.
     */
    Period afterWindowClosedEverywhere(int seq) {
        return new Period(windowStart, Math.max(nextSeq, seq + 1), null);
    }

    /** This period after its open window closed; the next record of the period opens a new window. */
    Period withoutOpenWindow() {
        return new Period(windowStart, nextSeq, null);
    }
}
