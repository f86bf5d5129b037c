package io.streamtrain.streams.internal.window;

import java.util.Arrays;

/**
 * The chunk a window is appending to, held in memory and grown in place: an append copies only the
 * record, not the chunk. Its bytes are in the {@link RecordChunk} format; {@link #snapshot()} hands the
 * store a copy (the store's cache keeps the array it is given until the commit, so it must not change).
 */
final class OpenChunk {

    private static final int LENGTH_BYTES = Integer.BYTES;
    private static final int INITIAL_CAPACITY = 1024;

    private final int index;
    private byte[] bytes;
    private int size;
    private boolean dirty;

    private OpenChunk(int index, byte[] bytes, int size) {
        this.index = index;
        this.bytes = bytes;
        this.size = size;
    }

    /** The first, empty chunk of a window. */
    static OpenChunk first() {
        return empty(0);
    }

    /** Continues a chunk read back from the store; it is not dirty until a record is added. */
    static OpenChunk continuing(RecordChunk stored) {
        byte[] encoded = stored.encoded();
        return new OpenChunk(stored.index(), Arrays.copyOf(encoded, Math.max(encoded.length, INITIAL_CAPACITY)), encoded.length);
    }

    private static OpenChunk empty(int index) {
        byte[] bytes = new byte[INITIAL_CAPACITY];
        bytes[0] = RecordChunk.VERSION;
        return new OpenChunk(index, bytes, 1);
    }

    int index() {
        return index;
    }

    boolean isEmpty() {
        return size == 1;
    }

    /** Whether records were added since the last {@link #snapshot()}. */
    boolean isDirty() {
        return dirty;
    }

    /** Encoded size if {@code record} were added. */
    int sizeWith(byte[] record) {
        return size + LENGTH_BYTES + record.length;
    }

    void add(byte[] record) {
        int needed = sizeWith(record);
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
        bytes[size] = (byte) (record.length >>> 24);
        bytes[size + 1] = (byte) (record.length >>> 16);
        bytes[size + 2] = (byte) (record.length >>> 8);
        bytes[size + 3] = (byte) record.length;
        System.arraycopy(record, 0, bytes, size + LENGTH_BYTES, record.length);
        size = needed;
        dirty = true;
    }

    /** The empty chunk that follows this one. */
    OpenChunk next() {
        return empty(index + 1);
    }

    /** Encoded size now. */
    int size() {
        return size;
    }

    /** Hands each record to {@code reader} in order, without copying (see {@link RecordChunk#forEachRecord}). */
    int forEachRecord(RecordChunk.RecordReader reader) {
        return RecordChunk.forEachRecord(index, bytes, size, reader);
    }

    /** The chunk as it is now, in a new array; the chunk is clean afterwards. */
    RecordChunk snapshot() {
        dirty = false;
        return new RecordChunk(index, Arrays.copyOf(bytes, size));
    }
}
