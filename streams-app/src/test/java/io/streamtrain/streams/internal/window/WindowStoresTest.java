package io.streamtrain.streams.internal.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WindowStoresTest {

    private static final long WINDOW = 1_700_000_000_000L;
    /** Large enough that a few dozen fill a chunk. */
    private static final int RECORD_BYTES = 200;

    private final MockProcessorContext<String, Emission> context = new MockProcessorContext<>();
    private final List<PreCommitHookStore> hooks = new ArrayList<>();
    private KeyValueStore<Bytes, byte[]> records;

    @BeforeEach
    void createStores() {
        records = store(WindowStores.RECORDS);
        store(WindowStores.METADATA);
    }

    @Test
    void shouldRoundTripRecordsThroughAChunk() {
        OpenChunk open = OpenChunk.first().next().next();
        open.add(record(1));
        open.add(new byte[0]);
        RecordChunk first = open.snapshot();
        open.add(record(2));
        RecordChunk chunk = open.snapshot();
        List<byte[]> read = new ArrayList<>();

        assertThat(chunk.forEachRecord((array, offset, length) -> read.add(Arrays.copyOfRange(array, offset, offset + length)))).isEqualTo(3);
        assertThat(read).containsExactly(record(1), new byte[0], record(2));
        assertThat(first.forEachRecord((array, offset, length) -> { })).as("a snapshot does not change as the chunk grows").isEqualTo(2);
        assertThat(chunk.index()).isEqualTo(2);
        assertThat(open.next().isEmpty()).isTrue();
        assertThat(OpenChunk.continuing(chunk).sizeWith(new byte[0])).isEqualTo(chunk.encoded().length + Integer.BYTES);
    }

    @Test
    void shouldRefuseChunksOfAnotherFormatOrTruncated() {
        OpenChunk open = OpenChunk.first();
        open.add(record(1));
        byte[] encoded = open.snapshot().encoded();
        byte[] otherVersion = encoded.clone();
        otherVersion[0] = 9;

        assertThatThrownBy(() -> new RecordChunk(0, otherVersion)).hasMessageContaining("format 9");
        assertThatThrownBy(() -> new RecordChunk(0, java.util.Arrays.copyOf(encoded, encoded.length - 1)).forEachRecord((array, offset, length) -> { }))
                .hasMessageContaining("truncated");
    }

    @Test
    void shouldKeepRecordsInBoundedChunksAndDrainThemInOrder() {
        WindowStores stores = WindowStores.from(context);
        IntStream.range(0, 500).forEach(n -> stores.append(WINDOW, 0, record(n)));
        commit();

        List<Integer> sizes = chunkSizes();
        assertThat(sizes).hasSizeGreaterThan(10).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(WindowStores.CHUNK_TARGET_BYTES));
        assertThat(drained(stores, 0)).isEqualTo(numbered(0, 500));
        assertThat(chunkSizes()).as("one delete per chunk").isEmpty();
    }

    @Test
    void shouldContinueTheLastChunkFromTheStoreAfterARestart() {
        WindowStores before = WindowStores.from(context);
        IntStream.range(0, 100).forEach(n -> before.append(WINDOW, 1, record(n)));
        before.append(WINDOW, 0, record(-1));
        commit();
        int chunksBefore = chunkSizes().size();
        // Processed after the commit: lost with the instance, as the input offsets were not committed either.
        before.append(WINDOW, 1, record(-2));

        // A new processor instance over the same stores, as after a restart or an aborted transaction.
        WindowStores after = WindowStores.from(context);
        IntStream.range(100, 103).forEach(n -> after.append(WINDOW, 1, record(n)));
        commit();

        assertThat(chunkSizes()).as("the last chunk grew instead of a new one starting").hasSize(chunksBefore);
        assertThat(drained(after, 1)).isEqualTo(numbered(0, 103));
        assertThat(drained(after, 0)).containsExactly(new String(record(-1), StandardCharsets.UTF_8));
    }

    @Test
    void shouldStoreARecordLargerThanTheChunkTargetAlone() {
        WindowStores stores = WindowStores.from(context);
        byte[] large = new byte[WindowStores.CHUNK_TARGET_BYTES * 2];
        stores.append(WINDOW, 0, record(1));
        stores.append(WINDOW, 0, large);
        stores.append(WINDOW, 0, record(2));
        commit();

        assertThat(chunkSizes()).hasSize(3);
        List<byte[]> read = new ArrayList<>();
        assertThat(stores.drain(WINDOW, 0, (array, offset, length) -> read.add(Arrays.copyOfRange(array, offset, offset + length)))).isEqualTo(3);
        assertThat(read).containsExactly(record(1), large, record(2));
    }

    @Test
    void shouldWriteAppendsAndMetadataToTheStoresOnlyBeforeACommit() {
        WindowStores stores = WindowStores.from(context);
        Period period = Period.fresh(WINDOW).withRecord(0, 7);
        StreamProgress progress = StreamProgress.INITIAL.advancedTo(WINDOW);
        IntStream.range(0, 3).forEach(n -> stores.append(WINDOW, 0, record(n)));
        stores.save(period);
        stores.save(progress);

        assertThat(chunkSizes()).as("before the commit").isEmpty();
        assertThat(stores.loadPeriods()).isEmpty();
        assertThat(stores.loadProgress()).isEqualTo(StreamProgress.INITIAL);

        commit();

        assertThat(chunkSizes()).containsExactly(1 + 3 * (Integer.BYTES + RECORD_BYTES));
        assertThat(stores.loadPeriods()).containsExactly(java.util.Map.entry(WINDOW, period));
        assertThat(stores.loadProgress()).isEqualTo(progress);
        assertThat(drained(WindowStores.from(context), 0)).isEqualTo(numbered(0, 3));
    }

    @Test
    void shouldDrainRecordsNotYetCommitted() {
        WindowStores stores = WindowStores.from(context);
        IntStream.range(0, 40).forEach(n -> stores.append(WINDOW, 0, record(n)));
        commit();
        IntStream.range(40, 45).forEach(n -> stores.append(WINDOW, 0, record(n)));

        assertThat(drained(stores, 0)).isEqualTo(numbered(0, 45));
        commit();
        assertThat(chunkSizes()).isEmpty();
    }

    /** Full chunks held in memory between commits ({@link WindowStores#HELD_MAX_BYTES}). */
    @Nested
    class HeldChunks {

        /** Records whose full chunks pass the held bound. */
        private static final int OVER_THE_BOUND = WindowStores.HELD_MAX_BYTES / RECORD_BYTES + 5_000;

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
        String text = String.format("%-" + RECORD_BYTES + "d", n);
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
