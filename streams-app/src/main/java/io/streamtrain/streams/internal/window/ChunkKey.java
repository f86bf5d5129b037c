package io.streamtrain.streams.internal.window;

import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the window-records store: window start, window sequence and chunk index, big-endian, so that
 * RocksDB's byte order is the order windows open and chunks fill. The sign bit of the window start is
 * flipped so that windows before the epoch sort before later ones.
 */
final class ChunkKey {

    static final int SIZE = Long.BYTES + Integer.BYTES + Integer.BYTES;

    private ChunkKey() {
    }

    static Bytes of(long windowStart, int windowSeq, int chunkIndex) {
        if (windowSeq < 0 || chunkIndex < 0) {
            throw new IllegalArgumentException("sequences are never negative: window " + windowSeq + ", chunk " + chunkIndex);
        }
        return Bytes.wrap(ByteBuffer.allocate(SIZE)
                .putLong(sortable(windowStart))
                .putInt(windowSeq)
                .putInt(chunkIndex)
                .array());
    }

    /** The chunk index of a key made by {@link #of}. */
    static int chunkIndex(Bytes key) {
        return ByteBuffer.wrap(key.get()).getInt(Long.BYTES + Integer.BYTES);
    }

    /** The smallest key of a window. */
    static Bytes first(long windowStart, int windowSeq) {
        return of(windowStart, windowSeq, 0);
    }

    /** The largest key a window can have. */
    static Bytes last(long windowStart, int windowSeq) {
        return of(windowStart, windowSeq, Integer.MAX_VALUE);
    }

    /** Flips the sign bit so that signed order equals unsigned byte order. */
    static long sortable(long value) {
        return value ^ Long.MIN_VALUE;
    }
}
