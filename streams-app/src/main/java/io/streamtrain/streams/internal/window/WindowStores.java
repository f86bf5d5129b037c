package io.streamtrain.streams.internal.window;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
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
 * {@value #CHUNK_TARGET_BYTES} bytes is left as it is and the next one started. The store is cached, so the
 * repeated puts of a growing chunk within a commit interval reach RocksDB and the changelog once, at commit
 * (or when the cache evicts). A closed window's chunks are deleted with one tombstone each. Because chunks are
 * bounded, each record costs a bounded rewrite, and state and changelog traffic grow linearly with the
 * records, never with the square of a window's size.
 *
 * <p>The last chunk of each open window is mirrored here so that an append does not read the store; the
 * mirror starts empty with each processor instance and is filled from the store, which is the truth.
 *
 * <p>{@value #METADATA} is small: the {@link StreamProgress} under key {@code 0x00} and one {@link Period} per
 * window start that stream time has not closed under key {@code 0x01 + sortable window start}. It is
 * rewritten on every record, so it is cached: the changelog sees one update per key per commit.
 */
final class WindowStores {

    static final String RECORDS = "window-records";
    static final String METADATA = "window-metadata";

    private static final byte PROGRESS_TAG = 0;
    private static final byte PERIOD_TAG = 1;
    private static final Bytes PROGRESS_KEY = Bytes.wrap(new byte[] {PROGRESS_TAG});

    /**
     * Largest chunk the records store is given, unless a single record is larger. Small enough that copying
     * a chunk on each append stays cheap, large enough that per-entry costs (RocksDB, changelog record, tombstone)
     * are shared by dozens of records.
     */
    static final int CHUNK_TARGET_BYTES = 8 * 1024;

    private final KeyValueStore<Bytes, byte[]> records;
    private final KeyValueStore<Bytes, byte[]> metadata;
    private final Map<WindowId, RecordChunk> lastChunks = new HashMap<>();

    private WindowStores(KeyValueStore<Bytes, byte[]> records, KeyValueStore<Bytes, byte[]> metadata) {
        this.records = records;
        this.metadata = metadata;
    }

    static WindowStores from(ProcessorContext<?, ?> context) {
        return new WindowStores(context.getStateStore(RECORDS), context.getStateStore(METADATA));
    }

    static Set<StoreBuilder<?>> builders() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RECORDS), Serdes.Bytes(), Serdes.ByteArray())
                        .withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(METADATA), Serdes.Bytes(), Serdes.ByteArray())
                        .withCachingEnabled());
    }

    StreamProgress loadProgress() {
        byte[] value = metadata.get(PROGRESS_KEY);
        return value == null ? StreamProgress.INITIAL : MetadataCodec.decodeProgress(value);
    }

    void save(StreamProgress progress) {
        metadata.put(PROGRESS_KEY, MetadataCodec.encode(progress));
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

    void save(Period period) {
        metadata.put(periodKey(period.windowStart()), MetadataCodec.encode(period));
    }

    void delete(Period period) {
        metadata.delete(periodKey(period.windowStart()));
    }

    /** Appends {@code record} to the window's last chunk, or to a new chunk if it would outgrow its target size. */
    void append(long windowStart, int windowSeq, byte[] record) {
        WindowId window = new WindowId(windowStart, windowSeq);
        RecordChunk chunk = lastChunks.computeIfAbsent(window, this::readLastChunk);
        if (!chunk.isEmpty() && chunk.sizeWith(record) > CHUNK_TARGET_BYTES) {
            chunk = chunk.next();
        }
        chunk = chunk.plus(record);
        records.put(ChunkKey.of(windowStart, windowSeq, chunk.index()), chunk.encoded());
        lastChunks.put(window, chunk);
    }

    /**
     * Hands every record of a window to {@code consumer} in arrival order, then deletes the window's chunks.
     *
     * @return how many records the window held
     */
    int drain(long windowStart, int windowSeq, Consumer<byte[]> consumer) {
        List<Bytes> keys = new ArrayList<>();
        int count = 0;
        try (KeyValueIterator<Bytes, byte[]> window = records.range(ChunkKey.first(windowStart, windowSeq), ChunkKey.last(windowStart, windowSeq))) {
            while (window.hasNext()) {
                KeyValue<Bytes, byte[]> entry = window.next();
                keys.add(entry.key);
                count += new RecordChunk(ChunkKey.chunkIndex(entry.key), entry.value).forEachRecord(consumer);
            }
        }
        // Deleted after the scan: deleting under an open iterator is not something every store layer allows.
        keys.forEach(records::delete);
        lastChunks.remove(new WindowId(windowStart, windowSeq));
        return count;
    }

    private RecordChunk readLastChunk(WindowId window) {
        try (KeyValueIterator<Bytes, byte[]> chunks = records.reverseRange(
                ChunkKey.first(window.start(), window.seq()), ChunkKey.last(window.start(), window.seq()))) {
            if (!chunks.hasNext()) {
                return RecordChunk.empty(0);
            }
            KeyValue<Bytes, byte[]> last = chunks.next();
            return new RecordChunk(ChunkKey.chunkIndex(last.key), last.value);
        }
    }

    private static Bytes periodKey(long windowStart) {
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES).put(PERIOD_TAG).putLong(ChunkKey.sortable(windowStart)).array());
    }

    private record WindowId(long start, int seq) {
    }
}
