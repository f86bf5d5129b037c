package io.streamtrain.streams.internal.window;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One value of the window-records store: a run of one window's records in arrival order. The encoding is a
 * format version byte, then each record as its length (4 bytes, big-endian) and its bytes.
 *
 * <p>A window's last chunk grows in memory as an {@link OpenChunk}; a {@code RecordChunk} is what the store
 * holds, and its array never changes once handed to the store.
 *
 * @param index   position of the chunk in its window, from 0
 * @param encoded the encoded chunk; never modified
 */
record RecordChunk(int index, byte[] encoded) {

    static final byte VERSION = 1;

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
