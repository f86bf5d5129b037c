package io.streamtrain.streams.internal.window;

import io.streamtrain.messages.OffsetRange;

/**
 * The source offsets of one input partition that fed a window: lowest and highest offset and how many
 * records in between entered the window (others went to other windows or to the dead-letter topic).
 */
record OffsetSpan(int partition, long firstOffset, long lastOffset, long recordCount) {

    OffsetSpan {
        if (partition < 0 || firstOffset < 0 || lastOffset < firstOffset || recordCount < 1) {
            throw new IllegalArgumentException("invalid offset span: partition " + partition + ", offsets "
                    + firstOffset + ".." + lastOffset + ", " + recordCount + " records");
        }
    }

    static OffsetSpan of(int partition, long offset) {
        return new OffsetSpan(partition, offset, offset, 1);
    }

    OffsetSpan including(long offset) {
        return new OffsetSpan(partition, Math.min(firstOffset, offset), Math.max(lastOffset, offset), recordCount + 1);
    }

    OffsetRange toOffsetRange() {
        return new OffsetRange(partition, firstOffset, lastOffset, recordCount);
    }
}
