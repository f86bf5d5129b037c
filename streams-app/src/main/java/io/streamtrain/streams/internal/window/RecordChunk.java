package io.streamtrain.streams.internal.window;

import java.util.Objects;

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

    /** Receives one record of a chunk as a slice of the chunk's array, which it must not modify or keep. */
    @FunctionalInterface
    interface RecordReader {
        void read(byte[] array, int offset, int length);
    }

    /**
     * Hands each record to {@code reader}, in order, without copying it: a window's records are read once, when it
     * closes, and copied straight into its batch chunks.
     *
     * @return how many records the chunk holds
     */
    int forEachRecord(RecordReader reader) {
        return forEachRecord(index, encoded, encoded.length, reader);
    }

    /**
     * Hands each record of the chunk encoded in the first {@code length} bytes of {@code encoded} to {@code reader}, in
     * order, without copying it; the same format as a stored chunk, for the chunks that have not reached the store.
     *
     * @return how many records the chunk holds
     */
    static int forEachRecord(int index, byte[] encoded, int length, RecordReader reader) {
        int position = 1;
        int count = 0;
        while (position < length) {
            if (length - position < Integer.BYTES) {
                throw truncated(index, length);
            }
            int recordLength = ((encoded[position] & 0xFF) << 24) | ((encoded[position + 1] & 0xFF) << 16)
                    | ((encoded[position + 2] & 0xFF) << 8) | (encoded[position + 3] & 0xFF);
            position += Integer.BYTES;
            if (recordLength < 0 || recordLength > length - position) {
                throw truncated(index, length);
            }
            reader.read(encoded, position, recordLength);
            position += recordLength;
            count++;
        }
        return count;
    }

    private static IllegalStateException truncated(int index, int length) {
        return new IllegalStateException("truncated records chunk " + index + " (" + length + " bytes)");
    }
}
