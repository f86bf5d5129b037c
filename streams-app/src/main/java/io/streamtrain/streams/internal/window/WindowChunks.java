package io.streamtrain.streams.internal.window;

import java.util.ArrayList;
import java.util.List;

/**
 * One window's chunks in memory: the open chunk it appends to and the full chunks before it that have not reached
 * the store yet (<em>held</em>). Held chunks are consecutive and end just before the open chunk; every chunk before
 * the first of them (before the open chunk if none is held) is in the store, if the window has any there. A full chunk
 * never changes again, so a held chunk is handed to the store as it is.
 */
final class WindowChunks {

    private final List<OpenChunk> held = new ArrayList<>();
    private OpenChunk open;
    private int heldBytes;
    private boolean stored;

    /**
     * @param open   the chunk to append to: the first of a new window, or the last one read back from the store
     * @param stored whether the store may hold chunks of this window
     */
    WindowChunks(OpenChunk open, boolean stored) {
        this.open = open;
        this.stored = stored;
    }

    OpenChunk open() {
        return open;
    }

    /** Whether the store may hold chunks of this window; if not, the window's records are all in memory. */
    boolean stored() {
        return stored;
    }

    /** The index of the first chunk in memory: stored chunks from it on are older copies of the chunks here. */
    int firstIndexInMemory() {
        return held.isEmpty() ? open.index() : held.getFirst().index();
    }

    /** Starts the next chunk; the full one is kept in memory if {@code hold}, else written with every held chunk. */
    void startNext(boolean hold, ChunkWriter writer) {
        OpenChunk full = open;
        open = full.next();
        if (full.isDirty()) {
            held.add(full);
            heldBytes += full.size();
            if (!hold) {
                writeHeld(writer);
            }
        }
    }

    /** Writes every held chunk, and the open chunk if it has new records. */
    void writeAll(ChunkWriter writer) {
        writeHeld(writer);
        if (open.isDirty()) {
            writer.write(open);
            stored = true;
        }
    }

    /** Bytes of the held chunks. */
    int heldBytes() {
        return heldBytes;
    }

    /** Hands the records in memory to {@code reader} in order: the held chunks, then the open one. */
    int forEachRecordInMemory(RecordChunk.RecordReader reader) {
        int count = 0;
        for (OpenChunk chunk : held) {
            count += chunk.forEachRecord(reader);
        }
        return count + open.forEachRecord(reader);
    }

    private void writeHeld(ChunkWriter writer) {
        for (OpenChunk chunk : held) {
            writer.write(chunk);
            stored = true;
        }
        held.clear();
        heldBytes = 0;
    }

    /** Writes one chunk of this window to the store. */
    @FunctionalInterface
    interface ChunkWriter {
        void write(OpenChunk chunk);
    }
}
