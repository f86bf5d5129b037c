package io.streamtrain.streams.internal.validate;

import io.streamtrain.messages.CleanRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.SchemaNormalization;

/**
 * Writes a {@link CleanRecord} in Avro single-object encoding, byte for byte what Avro's encoder writes (tested
 * against it), straight into a reused buffer: no encoder, datum writer, union resolution or stream per record.
 * Validation encodes every accepted record once, so this is on the per-record path. Not thread-safe: one
 * instance per stream task.
 */
final class CleanRecordWriter {

    /** Bytes of the single-object header before the datum. */
    static final int HEADER_BYTES = 10;

    private static final byte[] HEADER = singleObjectHeader();
    private static final int FEATURE_NULL = 0;
    private static final int FEATURE_DOUBLE = 1;
    private static final int FEATURE_STRING = 2;
    private static final int LABEL_NULL = 0;
    private static final int LABEL_STRING = 1;
    private static final int LABEL_DOUBLE = 2;
    private static final int REQUEST_ID_NULL = 0;
    private static final int REQUEST_ID_STRING = 1;

    private byte[] buffer = new byte[512];
    private int size;

    /** The record's single-object encoding, in a new array. */
    byte[] encode(CleanRecord record) {
        size = 0;
        ensure(HEADER.length);
        System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
        size = HEADER.length;
        writeString(record.getRecordId());
        writeLong(record.getEventTime().toEpochMilli());
        List<Object> features = record.getFeatures();
        if (!features.isEmpty()) {
            writeLong(features.size());
            for (Object feature : features) {
                switch (feature) {
                    case null -> writeLong(FEATURE_NULL);
                    case Double value -> {
                        writeLong(FEATURE_DOUBLE);
                        writeDouble(value);
                    }
                    case CharSequence text -> {
                        writeLong(FEATURE_STRING);
                        writeString(text);
                    }
                    default -> throw new IllegalArgumentException("feature value of unsupported type " + feature.getClass().getName()
                            + " in record " + record.getRecordId() + "; expected null, Double or a string");
                }
            }
        }
        writeLong(0);
        switch (record.getLabel()) {
            case null -> writeLong(LABEL_NULL);
            case CharSequence text -> {
                writeLong(LABEL_STRING);
                writeString(text);
            }
            case Double value -> {
                writeLong(LABEL_DOUBLE);
                writeDouble(value);
            }
            default -> throw new IllegalArgumentException("label of unsupported type " + record.getLabel().getClass().getName()
                    + " in record " + record.getRecordId() + "; expected null, a string or Double");
        }
        writeLong(record.getSourcePartition());
        writeLong(record.getSourceOffset());
        if (record.getRequestId() == null) {
            writeLong(REQUEST_ID_NULL);
        } else {
            writeLong(REQUEST_ID_STRING);
            writeString(record.getRequestId());
        }
        return Arrays.copyOf(buffer, size);
    }

    /** Avro's {@code int} and {@code long}: zig-zag, then 7 bits a byte, low bits first. */
    private void writeLong(long value) {
        ensure(10);
        long zigZag = (value << 1) ^ (value >> 63);
        while ((zigZag & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((zigZag & 0x7F) | 0x80);
            zigZag >>>= 7;
        }
        buffer[size++] = (byte) zigZag;
    }

    private void writeDouble(double value) {
        ensure(Double.BYTES);
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < Double.BYTES; i++) {
            buffer[size++] = (byte) (bits >>> (8 * i));
        }
    }

    private void writeString(CharSequence text) {
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        writeLong(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buffer, size, utf8.length);
        size += utf8.length;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(size + more, buffer.length * 2));
        }
    }

    private static byte[] singleObjectHeader() {
        long fingerprint = SchemaNormalization.parsingFingerprint64(CleanRecord.getClassSchema());
        byte[] header = new byte[HEADER_BYTES];
        header[0] = (byte) 0xC3;
        header[1] = (byte) 0x01;
        for (int i = 0; i < Long.BYTES; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return header;
    }
}
