package io.streamtrain.streams.internal.window;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One value of the window-records store: a run of one window's records in arrival order. The encoding is a
 * format version byte, then each record as its length (4 bytes, big-endian) and its bytes.
 *
 * <p>A chunk grows by copying into a new array, never in place: the store's cache keeps the array it was
 * given until it flushes it to RocksDB and the changelog at the next commit, so a handed-out array must not
 * change. Chunks are bounded (see {@link WindowStores#CHUNK_TARGET_BYTES}), so each record costs a bounded copy.
 *
 * @param index   position of the chunk in its window, from 0
 * @param encoded the encoded chunk; never modified
 */
record RecordChunk(int index, byte[] encoded) {

    static final byte VERSION = 1;
    private static final int LENGTH_BYTES = Integer.BYTES;

    RecordChunk {
        Objects.requireNonNull(encoded, "encoded");
        if (index < 0) {
            throw new IllegalArgumentException("chunk index must not be negative, was " + index);
        }
        if (encoded.length == 0 || encoded[0] != VERSION) {
            throw new IllegalStateException("unknown records chunk format " + (encoded.length == 0 ? "(empty)" : encoded[0])
                    + " in chunk " + index + "; expected version " + VERSION);
        }
    }

    static RecordChunk empty(int index) {
        return new RecordChunk(index, new byte[] {VERSION});
    }

    boolean isEmpty() {
        return encoded.length == 1;
    }

    /** Encoded size if {@code record} were added. */
    int sizeWith(byte[] record) {
        return encoded.length + LENGTH_BYTES + record.length;
    }

    /** This chunk with {@code record} appended, in a new array. */
    RecordChunk plus(byte[] record) {
        byte[] grown = Arrays.copyOf(encoded, sizeWith(record));
        ByteBuffer.wrap(grown, encoded.length, LENGTH_BYTES + record.length).putInt(record.length).put(record);
        return new RecordChunk(index, grown);
    }

    /** The empty chunk that follows this one. */
    RecordChunk next() {
        return empty(index + 1);
    }

    /**
     * Hands each record to {@code consumer}, in order.
     *
     * @return how many records the chunk holds
     */
    int forEachRecord(Consumer<byte[]> consumer) {
        ByteBuffer buffer = ByteBuffer.wrap(encoded, 1, encoded.length - 1);
        int count = 0;
        try {
            while (buffer.hasRemaining()) {
                byte[] record = new byte[buffer.getInt()];
                buffer.get(record);
                consumer.accept(record);
                count++;
            }
        } catch (BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalStateException("truncated records chunk " + index + " (" + encoded.length + " bytes)", e);
        }
        return count;
    }
}
