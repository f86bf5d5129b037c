package io.streamtrain.streams.internal.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtrain.messages.BatchChunk;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.schemas.AvroMessageCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchChunkerTest {

    private static final AvroMessageCodec<CleanRecord> RECORDS = AvroMessageCodec.of(CleanRecord.class);
    private static final AvroMessageCodec<BatchMessage> BATCHES = AvroMessageCodec.of(BatchMessage.class);

    private static CleanRecord record(int n) {
        return new CleanRecord("id-" + n, Instant.ofEpochMilli(n), List.of(1.0 * n, "north"), "stay", 0, (long) n, null);
    }

    private static int datumBytes(CleanRecord record) {
        return RECORDS.encode(record).length - BatchChunker.SINGLE_OBJECT_HEADER_BYTES;
    }

    @Test
    void shouldFillChunksUpToTheLimitInOrder() {
        List<byte[]> chunks = new ArrayList<>();
        BatchChunker chunker = new BatchChunker("churn", "churn-0-0", 1024, chunks::add);
        IntStream.range(0, 200).mapToObj(BatchChunkerTest::record).forEach(r -> chunker.add(RECORDS.encode(r)));

        int count = chunker.finish();

        assertThat(count).isEqualTo(chunks.size()).isGreaterThan(5);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length).isLessThanOrEqualTo(1024));
        // Exact sizes pack every chunk but the last to within one record of the limit.
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(chunk -> assertThat(chunk.length).isGreaterThan(1024 - 60));
        List<String> ids = chunks.stream().flatMap(chunk -> ((BatchChunk) BATCHES.decode(chunk).getPart()).getRecords().stream())
                .map(CleanRecord::getRecordId).toList();
        assertThat(ids).containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(n -> "id-" + n).toList());
        assertThat(chunks).extracting(chunk -> ((BatchChunk) BATCHES.decode(chunk).getPart()).getChunkIndex())
                .containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
    }

    @Test
    void shouldWriteChunksByteForByteAsAvroEncodesThem() {
        List<byte[]> chunks = new ArrayList<>();
        BatchChunker chunker = new BatchChunker("churn", "churn-0-0", 4096, chunks::add);
        List<CleanRecord> records = IntStream.range(0, 300).mapToObj(BatchChunkerTest::record).toList();
        records.forEach(r -> chunker.add(RECORDS.encode(r)));

        chunker.finish();

        int from = 0;
        for (byte[] chunk : chunks) {
            BatchChunk part = (BatchChunk) BATCHES.decode(chunk).getPart();
            List<CleanRecord> expected = records.subList(from, from + part.getRecords().size());
            byte[] avro = BATCHES.encode(BatchMessage.newBuilder().setPipeline("churn").setBatchId("churn-0-0")
                    .setPart(BatchChunk.newBuilder().setChunkIndex(part.getChunkIndex()).setRecords(expected).build()).build());
            assertThat(chunk).isEqualTo(avro);
            from += expected.size();
        }
        assertThat(from).isEqualTo(records.size());
        assertThat(chunks).hasSizeGreaterThan(2);
    }

    @Test
    void shouldReadRecordsFromSlicesOfALargerArray() {
        List<byte[]> whole = new ArrayList<>();
        List<byte[]> sliced = new ArrayList<>();
        BatchChunker fromArrays = new BatchChunker("churn", "churn-0-0", 1024, whole::add);
        BatchChunker fromSlices = new BatchChunker("churn", "churn-0-0", 1024, sliced::add);
        for (int n = 0; n < 50; n++) {
            byte[] record = RECORDS.encode(record(n));
            byte[] padded = new byte[record.length + 7];
            System.arraycopy(record, 0, padded, 3, record.length);
            fromArrays.add(record);
            fromSlices.add(padded, 3, record.length);
        }

        assertThat(fromSlices.finish()).isEqualTo(fromArrays.finish());
        assertThat(sliced).hasSameSizeAs(whole);
        for (int chunk = 0; chunk < whole.size(); chunk++) {
            assertThat(sliced.get(chunk)).isEqualTo(whole.get(chunk));
        }
    }

    @Test
    void shouldEmitNothingForAnEmptyWindow() {
        List<byte[]> chunks = new ArrayList<>();

        assertThat(new BatchChunker("churn", "churn-0-0", 1024, chunks::add).finish()).isZero();
        assertThat(chunks).isEmpty();
    }

    @Test
    void shouldFitTheLargestAllowedRecordAloneInAChunkOfTheLongestBatchId() {
        int largest = BatchChunker.largestRecordBytes("churn", "churn", 4096);
        String padding = "x".repeat(largest);
        CleanRecord record = new CleanRecord("id", Instant.EPOCH, List.of(padding), "stay", 0, 0L, null);
        int shrink = datumBytes(record) - largest;
        CleanRecord exact = new CleanRecord("id", Instant.EPOCH, List.of(padding.substring(shrink)), "stay", 0, 0L, null);
        List<byte[]> chunks = new ArrayList<>();
        BatchChunker chunker = new BatchChunker("churn", BatchIds.longest("churn"), 4096, chunks::add);

        chunker.add(RECORDS.encode(exact));
        chunker.finish();

        assertThat(datumBytes(exact)).isEqualTo(largest);
        assertThat(chunks).singleElement().satisfies(chunk -> assertThat(chunk.length).isLessThanOrEqualTo(4096));
    }
}
