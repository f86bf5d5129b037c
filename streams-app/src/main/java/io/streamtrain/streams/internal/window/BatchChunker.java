package io.streamtrain.streams.internal.window;

import io.streamtrain.messages.BatchChunk;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.schemas.AvroMessageCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.SchemaNormalization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs one window's records, in order, into {@code BatchMessage} chunks of at most
 * {@code batch.chunk.max.bytes} encoded bytes each, numbered from 0.
 *
 * <p>Records arrive as stored: {@code CleanRecord}s in Avro single-object encoding. A chunk is written without
 * decoding them: the records array is the last field of {@code BatchMessage}'s {@code BatchChunk} branch, so
 * a chunk is the envelope Avro encodes for an empty array, minus that array's end marker, then the record
 * count, the records' datums (their encoding without the single-object header) and the end marker. The
 * result is byte for byte what Avro writes for the same message, and sizes are exact. A record stored by
 * another {@code CleanRecord} schema version is decoded and re-encoded with the current one first.
 */
final class BatchChunker {

    /** Bytes Avro single-object encoding puts before the datum: marker and schema fingerprint. */
    static final int SINGLE_OBJECT_HEADER_BYTES = 10;

    /** The array block count before the records: a zig-zag varint, at most 10 bytes. */
    private static final int MAX_BLOCK_COUNT_BYTES = 10;

    private static final Logger LOG = LoggerFactory.getLogger(BatchChunker.class);
    private static final AvroMessageCodec<BatchMessage> CODEC = AvroMessageCodec.of(BatchMessage.class);
    private static final AvroMessageCodec<CleanRecord> RECORDS = AvroMessageCodec.of(CleanRecord.class);
    private static final byte[] CURRENT_RECORD_HEADER = singleObjectHeader();
    private static final int INITIAL_DATUM_BYTES = 16 * 1024;

    private final String pipeline;
    private final String batchId;
    private final int maxBytes;
    private final int recordBudget;
    private final Consumer<byte[]> sink;
    // The datums of the records of the chunk being filled, back to back: each record is copied once on its way in.
    private byte[] datums = new byte[INITIAL_DATUM_BYTES];
    private int datumBytes;
    private int pendingRecords;
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
     * that fits alone in a chunk of any batch of {@code pipeline} whose id starts with {@code batchIdPrefix}.
     * Validation dead-letters larger records, so every accepted record can be emitted.
     */
    static int largestRecordBytes(String pipeline, String batchIdPrefix, int maxBytes) {
        return maxBytes - envelopeBytes(pipeline, BatchIds.longest(batchIdPrefix));
    }

    /**
     * Adds the next record of the window.
     *
     * @param cleanRecord a {@code CleanRecord} in Avro single-object encoding
     */
    void add(byte[] cleanRecord) {
        add(cleanRecord, 0, cleanRecord.length);
    }

    /**
     * Adds the next record of the window, the {@code length} bytes of {@code source} from {@code offset}: a
     * {@code CleanRecord} in Avro single-object encoding. Only the datum is copied, and only once.
     */
    void add(byte[] source, int offset, int length) {
        if (!hasCurrentSchema(source, offset, length)) {
            byte[] current = RECORDS.encode(RECORDS.decode(Arrays.copyOfRange(source, offset, offset + length)));
            add(current, 0, current.length);
            return;
        }
        int datum = length - SINGLE_OBJECT_HEADER_BYTES;
        if (pendingRecords > 0 && datumBytes + datum > recordBudget) {
            flush();
        }
        if (datumBytes + datum > datums.length) {
            datums = Arrays.copyOf(datums, Math.max(datumBytes + datum, Math.min(2 * datums.length, Math.max(recordBudget, 1))));
        }
        System.arraycopy(source, offset + SINGLE_OBJECT_HEADER_BYTES, datums, datumBytes, datum);
        datumBytes += datum;
        pendingRecords++;
    }

    /** Emits the last chunk and returns how many chunks were emitted. */
    int finish() {
        flush();
        return chunkCount;
    }

    private void flush() {
        if (pendingRecords == 0) {
            return;
        }
        byte[] envelope = encode(pipeline, batchId, chunkCount, List.of());
        // The envelope ends with the empty array's single end-of-array byte, which the records go before.
        ByteBuffer chunk = ByteBuffer.allocate(envelope.length - 1 + avroLongBytes(pendingRecords) + datumBytes + 1)
                .put(envelope, 0, envelope.length - 1);
        putAvroLong(chunk, pendingRecords);
        chunk.put(datums, 0, datumBytes).put((byte) 0);
        byte[] encoded = chunk.array();
        if (encoded.length > maxBytes) {
            LOG.warn("Batch {} chunk {} holds a single record of {} encoded bytes, over batch.chunk.max.bytes={}; "
                    + "it is emitted alone", batchId, chunkCount, encoded.length, maxBytes);
        }
        sink.accept(encoded);
        chunkCount++;
        pendingRecords = 0;
        datumBytes = 0;
    }

    private static boolean hasCurrentSchema(byte[] source, int offset, int length) {
        return length >= SINGLE_OBJECT_HEADER_BYTES && Arrays.equals(source, offset, offset + SINGLE_OBJECT_HEADER_BYTES,
                CURRENT_RECORD_HEADER, 0, SINGLE_OBJECT_HEADER_BYTES);
    }

    /** Bytes of {@link #putAvroLong} for a count, which is never negative. */
    private static int avroLongBytes(long count) {
        int bytes = 1;
        for (long zigZag = count << 1; (zigZag & ~0x7FL) != 0; zigZag >>>= 7) {
            bytes++;
        }
        return bytes;
    }

    /** Avro's binary {@code long}: zig-zag, then 7 bits a byte, low bits first. */
    private static void putAvroLong(ByteBuffer buffer, long value) {
        long zigZag = (value << 1) ^ (value >> 63);
        while ((zigZag & ~0x7FL) != 0) {
            buffer.put((byte) ((zigZag & 0x7F) | 0x80));
            zigZag >>>= 7;
        }
        buffer.put((byte) zigZag);
    }

    /** The single-object header of the current {@code CleanRecord} schema: marker {@code C3 01}, then the fingerprint. */
    private static byte[] singleObjectHeader() {
        long fingerprint = SchemaNormalization.parsingFingerprint64(CleanRecord.getClassSchema());
        return ByteBuffer.allocate(SINGLE_OBJECT_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint).array();
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
