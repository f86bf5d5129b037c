package io.streamtrain.streams.internal.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Full chunks held in memory between commits ({@link WindowStores#HELD_MAX_BYTES}). */
class WindowStoresHeldChunksTest {

    private static final long WINDOW = 1_700_000_000_000L;
    private static final int RECORD_BYTES = 200;
    /** Records whose full chunks pass the held bound. */
    private static final int OVER_THE_BOUND = WindowStores.HELD_MAX_BYTES / RECORD_BYTES + 5_000;

    private final MockProcessorContext<String, Emission> context = new MockProcessorContext<>();
    private final List<PreCommitHookStore> hooks = new ArrayList<>();
    private KeyValueStore<Bytes, byte[]> records;

    @BeforeEach
    void createStores() {
        records = store(WindowStores.RECORDS);
        store(WindowStores.METADATA);
    }

    @Test
    void shouldEmitAWindowThatClosesBeforeACommitFromMemoryWithoutWritingTheStore() {
        WindowStores stores = WindowStores.from(context);
        IntStream.range(0, 500).forEach(n -> stores.append(WINDOW, 0, record(n)));

        assertThat(chunkSizes()).as("full chunks held, not written").isEmpty();
        assertThat(drained(stores, 0)).isEqualTo(numbered(0, 500));
        commit();
        assertThat(chunkSizes()).isEmpty();
    }

    @Test
    void shouldWriteHeldChunksAtTheCommitAndDrainStoredThenHeldInOrder() {
        WindowStores stores = WindowStores.from(context);
        IntStream.range(0, 300).forEach(n -> stores.append(WINDOW, 0, record(n)));
        commit();
        int stored = chunkSizes().size();
        assertThat(stored).as("every chunk in the store after the commit").isGreaterThan(5);
        IntStream.range(300, 600).forEach(n -> stores.append(WINDOW, 0, record(n)));

        assertThat(chunkSizes()).as("the chunks filled since the commit are held").hasSize(stored);
        assertThat(drained(stores, 0)).isEqualTo(numbered(0, 600));
        assertThat(chunkSizes()).isEmpty();
    }

    @Test
    void shouldContinueFromTheStoreAfterARestartWithHeldChunksLost() {
        WindowStores before = WindowStores.from(context);
        IntStream.range(0, 300).forEach(n -> before.append(WINDOW, 0, record(n)));
        commit();
        // Processed after the commit: lost with the instance, as the input offsets were not committed either.
        IntStream.range(0, 300).forEach(n -> before.append(WINDOW, 0, record(-1)));

        WindowStores after = WindowStores.from(context);
        IntStream.range(300, 600).forEach(n -> after.append(WINDOW, 0, record(n)));

        assertThat(drained(after, 0)).isEqualTo(numbered(0, 600));
        assertThat(chunkSizes()).isEmpty();
    }

    @Test
    void shouldWriteFullChunksAsTheyFillBeyondTheBoundAndKeepTheOrder() {
        WindowStores stores = WindowStores.from(context);
        IntStream.range(0, OVER_THE_BOUND).forEach(n -> stores.append(WINDOW, 0, record(n)));

        assertThat(chunkSizes()).as("written beyond the bound").isNotEmpty();
        // Another window drained frees nothing held by this one; a window filled after the bound is written as it fills.
        IntStream.range(0, 500).forEach(n -> stores.append(WINDOW, 1, record(n)));
        assertThat(drained(stores, 1)).isEqualTo(numbered(0, 500));
        IntStream.range(OVER_THE_BOUND, OVER_THE_BOUND + 500).forEach(n -> stores.append(WINDOW, 0, record(n)));

        assertThat(drained(stores, 0)).isEqualTo(numbered(0, OVER_THE_BOUND + 500));
        assertThat(chunkSizes()).isEmpty();
    }

    @Test
    void shouldHoldAgainOnceACommitHasWrittenWhatWasHeld() {
        WindowStores stores = WindowStores.from(context);
        IntStream.range(0, OVER_THE_BOUND).forEach(n -> stores.append(WINDOW, 0, record(n)));
        commit();
        int stored = chunkSizes().size();
        IntStream.range(0, 500).forEach(n -> stores.append(WINDOW, 1, record(n)));

        assertThat(chunkSizes()).as("held again after the commit").hasSize(stored);
        assertThat(drained(stores, 1)).isEqualTo(numbered(0, 500));
        assertThat(drained(stores, 0)).isEqualTo(numbered(0, OVER_THE_BOUND));
        assertThat(chunkSizes()).isEmpty();
    }

    private KeyValueStore<Bytes, byte[]> store(String name) {
        PreCommitHookStore store = PreCommitHookStore.builder(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled()).build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        hooks.add(store);
        return store.store();
    }

    /** What Kafka Streams does before each commit. */
    private void commit() {
        hooks.forEach(PreCommitHookStore::flushCache);
    }

    private List<Integer> chunkSizes() {
        List<Integer> sizes = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = records.all()) {
            all.forEachRemaining(entry -> sizes.add(entry.value.length));
        }
        return sizes;
    }

    private static List<String> drained(WindowStores stores, int windowSeq) {
        List<String> read = new ArrayList<>();
        int count = stores.drain(WINDOW, windowSeq, (array, offset, length) -> read.add(new String(array, offset, length, StandardCharsets.UTF_8)));
        assertThat(count).isEqualTo(read.size());
        return read;
    }

    private static List<String> numbered(int from, int to) {
        return IntStream.range(from, to).mapToObj(n -> new String(record(n), StandardCharsets.UTF_8)).toList();
    }

    private static byte[] record(int n) {
        return String.format("%-" + RECORD_BYTES + "d", n).getBytes(StandardCharsets.UTF_8);
    }
}
