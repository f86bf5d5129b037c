package io.streamtrain.streams.internal.window;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The windower's two persistent stores, and the only code that knows their key layout.
 *
 * <p>{@value #RECORDS} holds the records of every open window in small {@link RecordChunk}s keyed by
 * {@link ChunkKey}: a record is appended to its window's last chunk, and a chunk that would grow past
 * {@value #CHUNK_TARGET_BYTES} bytes is left as it is and the next one started. A closed window's chunks are
 * deleted with one tombstone each. Because chunks are bounded, state and changelog traffic grow linearly with
 * the records, never with the square of a window's size.
 *
 * <p>{@value #METADATA} is small: the {@link StreamProgress} under key {@code 0x00} and one {@link Period} per
 * window start that stream time has not closed under key {@code 0x01 + sortable window start}.
 *
 * <p>Writes between commits stay in memory: each window's last chunk grows in place as an {@link OpenChunk},
 * its full chunks wait beside it ({@link WindowChunks}), and the latest {@link Period}s and {@link StreamProgress}
 * wait as values. They reach the stores in {@link #writePending()}, which runs just before every commit (see
 * {@link PreCommitHookStore}), or when the full chunks held by this task pass {@value #HELD_MAX_BYTES} bytes; so a
 * record costs one in-memory append instead of three store puts, and the stores, their caches and changelogs see
 * each entry at most once per commit. A window that closes before the next commit (at tens of thousands of records a
 * second, most windows that close on size) is emitted from memory and never reaches the stores: no store put, no
 * changelog record, no range read and no tombstone. Under exactly-once, what was processed but not yet written is lost
 * only together with the input offsets and outputs of the same aborted transaction, and is processed again. Both
 * stores run the same hook, so whichever Streams flushes first writes everything pending to both, before either
 * flushes its cache.
 *
 * <p>The pending state starts empty with each processor instance; the stores are the truth it continues
 * from (the last chunk of a window is read back on its first append).
 */
final class WindowStores {

    static final String RECORDS = "window-records";
    static final String METADATA = "window-metadata";

    private static final byte PROGRESS_TAG = 0;
    private static final byte PERIOD_TAG = 1;
    private static final Bytes PROGRESS_KEY = Bytes.wrap(new byte[] {PROGRESS_TAG});

    /**
     * Largest chunk the records store is given, unless a single record is larger. Small enough that rewriting
     * each window's open chunk at every commit stays cheap, large enough that per-entry costs (RocksDB, changelog
     * record, tombstone) are shared by dozens of records.
     */
    static final int CHUNK_TARGET_BYTES = 8 * 1024;

    /**
     * Most bytes of full chunks a task holds in memory between two commits. Beyond it a window's full chunks go to the
     * store as they fill, as every chunk once did. It bounds the memory a task adds between commits; at the default
     * one-second commit interval it holds what a task takes in between two commits at about 100,000 records a second
     * of 150 bytes.
     */
    static final int HELD_MAX_BYTES = 16 * 1024 * 1024;

    private final KeyValueStore<Bytes, byte[]> records;
    private final KeyValueStore<Bytes, byte[]> metadata;
    private final Map<WindowId, WindowChunks> openWindows = new HashMap<>();
    // The window appended to last and its chunks: consecutive records nearly always share a window, and this spares
    // them the map lookup. Both are forgotten when that window is drained.
    private WindowId appending;
    private WindowChunks appendingChunks;
    private long heldBytes;
    private final Map<Long, Period> pendingPeriods = new HashMap<>();
    private StreamProgress pendingProgress;

    private WindowStores(KeyValueStore<Bytes, byte[]> records, KeyValueStore<Bytes, byte[]> metadata) {
        this.records = records;
        this.metadata = metadata;
    }

    /** The stores of the processor's context; their pre-commit hook writes what this instance holds pending. */
    static WindowStores from(ProcessorContext<?, ?> context) {
        PreCommitHookStore records = context.getStateStore(RECORDS);
        PreCommitHookStore metadata = context.getStateStore(METADATA);
        WindowStores stores = new WindowStores(records.store(), metadata.store());
        records.beforeCommit(stores::writePending);
        metadata.beforeCommit(stores::writePending);
        return stores;
    }

    static Set<StoreBuilder<?>> builders() {
        return Set.of(store(RECORDS), store(METADATA));
    }

    private static StoreBuilder<PreCommitHookStore> store(String name) {
        return PreCommitHookStore.builder(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                        .withCachingEnabled());
    }

    /** Writes every pending chunk, period and the stream progress to the stores. */
    void writePending() {
        openWindows.forEach((window, chunks) -> chunks.writeAll(chunk -> write(window, chunk)));
        heldBytes = 0;
        pendingPeriods.values().forEach(period -> metadata.put(periodKey(period.windowStart()), MetadataCodec.encode(period)));
        pendingPeriods.clear();
        if (pendingProgress != null) {
            metadata.put(PROGRESS_KEY, MetadataCodec.encode(pendingProgress));
            pendingProgress = null;
        }
    }

    StreamProgress loadProgress() {
        byte[] value = metadata.get(PROGRESS_KEY);
        return value == null ? StreamProgress.INITIAL : MetadataCodec.decodeProgress(value);
    }

    /** Saves the stream progress at the next commit. */
    void save(StreamProgress progress) {
        pendingProgress = progress;
    }

    /** Every period not yet closed on stream time, by window start. */
    NavigableMap<Long, Period> loadPeriods() {
        NavigableMap<Long, Period> periods = new TreeMap<>();
        try (KeyValueIterator<Bytes, byte[]> all = metadata.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                if (entry.key.get()[0] == PERIOD_TAG) {
                    Period period = MetadataCodec.decodePeriod(entry.value);
                    periods.put(period.windowStart(), period);
                }
            }
        }
        return periods;
    }

    /** Saves the period at the next commit. */
    void save(Period period) {
        pendingPeriods.put(period.windowStart(), period);
    }

    void delete(Period period) {
        pendingPeriods.remove(period.windowStart());
        metadata.delete(periodKey(period.windowStart()));
    }

    /** Appends {@code record} to the window's last chunk, or to a new chunk if it would outgrow its target size. */
    void append(long windowStart, int windowSeq, byte[] record) {
        WindowId window = appending;
        WindowChunks chunks = appendingChunks;
        if (window == null || window.start() != windowStart || window.seq() != windowSeq) {
            window = new WindowId(windowStart, windowSeq);
            chunks = openWindows.computeIfAbsent(window, this::readLastChunk);
        }
        OpenChunk chunk = chunks.open();
        if (!chunk.isEmpty() && chunk.sizeWith(record) > CHUNK_TARGET_BYTES) {
            WindowId full = window;
            long before = chunks.heldBytes();
            chunks.startNext(heldBytes + chunk.size() <= HELD_MAX_BYTES, written -> write(full, written));
            heldBytes += chunks.heldBytes() - before;
            chunk = chunks.open();
        }
        chunk.add(record);
        appending = window;
        appendingChunks = chunks;
    }

    /**
     * Hands every record of a window to {@code reader} in arrival order, then deletes the window's chunks: those in the
     * store, read first, then those in memory.
     *
     * @return how many records the window held
     */
    int drain(long windowStart, int windowSeq, RecordChunk.RecordReader reader) {
        WindowId window = new WindowId(windowStart, windowSeq);
        WindowChunks inMemory = openWindows.remove(window);
        if (window.equals(appending)) {
            appending = null;
            appendingChunks = null;
        }
        int count = 0;
        if (inMemory == null || inMemory.stored()) {
            // Chunks from the first one in memory on are older copies of those in memory; no chunk in memory: all stored.
            int firstInMemory = inMemory == null ? Integer.MAX_VALUE : inMemory.firstIndexInMemory();
            List<Bytes> keys = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> chunks = records.range(ChunkKey.first(windowStart, windowSeq), ChunkKey.last(windowStart, windowSeq))) {
                while (chunks.hasNext()) {
                    KeyValue<Bytes, byte[]> entry = chunks.next();
                    keys.add(entry.key);
                    int index = ChunkKey.chunkIndex(entry.key);
                    if (index < firstInMemory) {
                        count += new RecordChunk(index, entry.value).forEachRecord(reader);
                    }
                }
            }
            // Deleted after the scan: deleting under an open iterator is not something every store layer allows.
            keys.forEach(records::delete);
        }
        if (inMemory != null) {
            heldBytes -= inMemory.heldBytes();
            count += inMemory.forEachRecordInMemory(reader);
        }
        return count;
    }

    private void write(WindowId window, OpenChunk chunk) {
        records.put(ChunkKey.of(window.start(), window.seq(), chunk.index()), chunk.snapshot().encoded());
    }

    private WindowChunks readLastChunk(WindowId window) {
        try (KeyValueIterator<Bytes, byte[]> chunks = records.reverseRange(
                ChunkKey.first(window.start(), window.seq()), ChunkKey.last(window.start(), window.seq()))) {
            if (!chunks.hasNext()) {
                return new WindowChunks(OpenChunk.first(), false);
            }
            KeyValue<Bytes, byte[]> last = chunks.next();
            return new WindowChunks(OpenChunk.continuing(new RecordChunk(ChunkKey.chunkIndex(last.key), last.value)), true);
        }
    }

    private static Bytes periodKey(long windowStart) {
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES).put(PERIOD_TAG).putLong(ChunkKey.sortable(windowStart)).array());
    }

    private record WindowId(long start, int seq) {
    }
}
