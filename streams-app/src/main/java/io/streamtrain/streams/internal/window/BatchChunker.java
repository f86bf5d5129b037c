package io.streamtrain.streams.internal.window;

import io.streamtrain.messages.BatchChunk;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.schemas.AvroMessageCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs one window's records, in order, into {@code BatchMessage} chunks of at most
 * {@code batch.chunk.max.bytes} encoded bytes each, numbered from 0.
 *
 * <p>Chunks are filled by the records' encoded sizes, which are exact for records stored with the current
 * {@code CleanRecord} schema. Every chunk is measured after encoding anyway: one that came out too large
 * (records stored by an older schema version can re-encode larger) is split in half until it fits.
 */
final class BatchChunker {

    /** Bytes Avro single-object encoding puts before the datum: marker and schema fingerprint. */
    static final int SINGLE_OBJECT_HEADER_BYTES = 10;

    /** The array block count before the records: a zig-zag varint, at most 10 bytes. */
    private static final int MAX_BLOCK_COUNT_BYTES = 10;

    private static final Logger LOG = LoggerFactory.getLogger(BatchChunker.class);
    private static final AvroMessageCodec<BatchMessage> CODEC = AvroMessageCodec.of(BatchMessage.class);

    private final String pipeline;
    private final String batchId;
    private final int maxBytes;
    private final int recordBudget;
    private final Consumer<byte[]> sink;
    private final List<CleanRecord> pending = new ArrayList<>();
    private long pendingBytes;
    private int chunkCount;

    /**
     * @param maxBytes largest encoded chunk
     * @param sink     receives each encoded chunk, in order
     */
    BatchChunker(String pipeline, String batchId, int maxBytes, Consumer<byte[]> sink) {
        this.pipeline = pipeline;
        this.batchId = batchId;
        this.maxBytes = maxBytes;
        this.recordBudget = maxBytes - envelopeBytes(pipeline, batchId);
        this.sink = sink;
    }

    /**
     * The largest record datum (its single-object encoding minus {@value #SINGLE_OBJECT_HEADER_BYTES} header bytes)
     * that fits alone in a chunk of any batch of {@code pipeline}. Validation dead-letters larger records, so
     * every accepted record can be emitted.
     */
    static int largestRecordBytes(String pipeline, int maxBytes) {
        return maxBytes - envelopeBytes(pipeline, BatchIds.longest(pipeline));
    }

    /**
     * Adds the next record of the window.
     *
     * @param datumBytes the record's encoded size without the single-object header
     */
    void add(CleanRecord record, int datumBytes) {
        if (!pending.isEmpty() && pendingBytes + datumBytes > recordBudget) {
            flush();
        }
        pending.add(record);
        pendingBytes += datumBytes;
    }

    /** Emits the last chunk and returns how many chunks were emitted. */
    int finish() {
        flush();
        return chunkCount;
    }

    private void flush() {
        if (!pending.isEmpty()) {
            emitFitting(List.copyOf(pending));
            pending.clear();
            pendingBytes = 0;
        }
    }

    private void emitFitting(List<CleanRecord> records) {
        byte[] chunk = encode(pipeline, batchId, chunkCount, records);
        if (chunk.length > maxBytes && records.size() > 1) {
            int half = records.size() / 2;
            emitFitting(records.subList(0, half));
            emitFitting(records.subList(half, records.size()));
            return;
        }
        if (chunk.length > maxBytes) {
            LOG.warn("Batch {} chunk {} holds a single record of {} encoded bytes, over batch.chunk.max.bytes={}; "
                    + "it is emitted alone", batchId, chunkCount, chunk.length, maxBytes);
        }
        sink.accept(chunk);
        chunkCount++;
    }

    private static int envelopeBytes(String pipeline, String batchId) {
        // The widest chunk index and an empty record array: everything in a chunk except the records and their count.
        return encode(pipeline, batchId, Integer.MAX_VALUE, List.of()).length + MAX_BLOCK_COUNT_BYTES;
    }

    private static byte[] encode(String pipeline, String batchId, int chunkIndex, List<CleanRecord> records) {
        return CODEC.encode(BatchMessage.newBuilder()
                .setPipeline(pipeline)
                .setBatchId(batchId)
                .setPart(BatchChunk.newBuilder().setChunkIndex(chunkIndex).setRecords(records).build())
                .build());
    }
}
