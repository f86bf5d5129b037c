package io.streamtrain.streams.internal.window;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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
 * <p>{@value #RECORDS} holds every record of every open window individually, keyed by {@link RecordKey};
 * a record is written once when it arrives and deleted once when its window closes, so state and changelog
 * traffic grow linearly with the records, never with the square of a window's size.
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

    private final KeyValueStore<Bytes, byte[]> records;
    private final KeyValueStore<Bytes, byte[]> metadata;

    private WindowStores(KeyValueStore<Bytes, byte[]> records, KeyValueStore<Bytes, byte[]> metadata) {
        this.records = records;
        this.metadata = metadata;
    }

    static WindowStores from(ProcessorContext<?, ?> context) {
        return new WindowStores(context.getStateStore(RECORDS), context.getStateStore(METADATA));
    }

    static Set<StoreBuilder<?>> builders() {
        return Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RECORDS), Serdes.Bytes(), Serdes.ByteArray()),
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

    void append(long windowStart, int windowSeq, int recordSeq, byte[] record) {
        records.put(RecordKey.of(windowStart, windowSeq, recordSeq), record);
    }

    /**
     * Hands every record of a window to {@code consumer} in arrival order, then deletes them.
     *
     * @return how many records the window held
     */
    int drain(long windowStart, int windowSeq, Consumer<byte[]> consumer) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> window = records.range(RecordKey.first(windowStart, windowSeq), RecordKey.last(windowStart, windowSeq))) {
            while (window.hasNext()) {
                KeyValue<Bytes, byte[]> entry = window.next();
                keys.add(entry.key);
                consumer.accept(entry.value);
            }
        }
        // Deleted after the scan: deleting under an open iterator is not something every store layer allows.
        keys.forEach(records::delete);
        return keys.size();
    }

    private static Bytes periodKey(long windowStart) {
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES).put(PERIOD_TAG).putLong(RecordKey.sortable(windowStart)).array());
    }
}
