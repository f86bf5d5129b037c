package io.streamtrain.streams.internal.window;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of the window-metadata store's values. Each value starts with a format version so that a
 * later release can read state written by this one; an unknown version fails loudly instead of misreading.
 */
final class MetadataCodec {

    private static final byte VERSION = 1;
    private static final int SPAN_BYTES = Integer.BYTES + 3 * Long.BYTES;

    private MetadataCodec() {
    }

    static byte[] encode(Period period) {
        OpenWindow open = period.open();
        int size = 1 + Long.BYTES + Integer.BYTES + 1
                + (open == null ? 0 : 3 * Integer.BYTES + open.spans().size() * SPAN_BYTES);
        ByteBuffer buffer = ByteBuffer.allocate(size)
                .put(VERSION)
                .putLong(period.windowStart())
                .putInt(period.nextSeq())
                .put((byte) (open == null ? 0 : 1));
        if (open != null) {
            buffer.putInt(open.seq()).putInt(open.recordCount()).putInt(open.spans().size());
            for (OffsetSpan span : open.spans()) {
                buffer.putInt(span.partition()).putLong(span.firstOffset()).putLong(span.lastOffset()).putLong(span.recordCount());
            }
        }
        return buffer.array();
    }

    static Period decodePeriod(byte[] bytes) {
        ByteBuffer buffer = versioned(bytes);
        try {
            long windowStart = buffer.getLong();
            int nextSeq = buffer.getInt();
            OpenWindow open = buffer.get() == 0 ? null : decodeOpenWindow(buffer);
            return new Period(windowStart, nextSeq, open);
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("truncated window metadata (" + bytes.length + " bytes)", e);
        }
    }

    static byte[] encode(StreamProgress progress) {
        return ByteBuffer.allocate(1 + 2 * Long.BYTES)
                .put(VERSION)
                .putLong(progress.streamTime())
                .putLong(progress.deadLetteredSinceClose())
                .array();
    }

    static StreamProgress decodeProgress(byte[] bytes) {
        ByteBuffer buffer = versioned(bytes);
        try {
            return new StreamProgress(buffer.getLong(), buffer.getLong());
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("truncated stream progress (" + bytes.length + " bytes)", e);
        }
    }

    private static OpenWindow decodeOpenWindow(ByteBuffer buffer) {
        int seq = buffer.getInt();
        int recordCount = buffer.getInt();
        int spanCount = buffer.getInt();
        List<OffsetSpan> spans = new ArrayList<>(spanCount);
        for (int i = 0; i < spanCount; i++) {
            spans.add(new OffsetSpan(buffer.getInt(), buffer.getLong(), buffer.getLong(), buffer.getLong()));
        }
        return new OpenWindow(seq, recordCount, spans);
    }

    private static ByteBuffer versioned(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new IllegalStateException("window metadata has format version "
                    + (bytes.length == 0 ? "none" : bytes[0]) + "; this release reads version " + VERSION);
        }
        return ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    }
}
