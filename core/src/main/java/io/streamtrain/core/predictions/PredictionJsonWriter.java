package io.streamtrain.core.predictions;

import io.streamtrain.messages.Prediction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes a prediction as the bytes of the {@link PredictionFormat#JSON} format straight into an array, without a
 * JSON generator: the scorer writes one per scored record, and setting up a generator and its buffers cost more than
 * the writing. The bytes are exactly those Jackson's generator writes ({@code PredictionFormatTest} compares them).
 * Only the common case is written here: every string printable ASCII without quote or backslash (nothing to escape),
 * finite numbers and no transient lineage; for anything else {@link #write} answers null and the caller writes with
 * Jackson, so there is one definition of escaping and number spelling. Thread-safe.
 */
final class PredictionJsonWriter {

    private static final byte[] REQUEST_ID = ascii("{\"requestId\":");
    private static final byte[] RECORD_ID = ascii(",\"recordId\":");
    private static final byte[] PIPELINE = ascii(",\"pipeline\":");
    private static final byte[] MODEL_VERSION = ascii(",\"modelVersion\":");
    private static final byte[] LABEL = ascii(",\"label\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] PROBABILITIES = ascii(",\"probabilities\":{");
    private static final byte[] SCORED_AT = ascii("},\"scoredAt\":");
    private static final byte[] LINEAGE_NULL = ascii(",\"lineage\":null}");
    private static final byte[] NULL = ascii("null");
    /** Room for the field names, punctuation and numbers of a prediction; strings are added on top. */
    private static final int FIXED_BYTES = 160;
    private static final int BYTES_PER_CLASS = 32;

    /**
     * The text of the last {@code scoredAt} written: a scorer stamps every record of a poll with one instant, and
     * {@link Instant#toString()} costs more than the rest of a prediction. Immutable, so racing threads at worst
     * format an instant again.
     */
    private volatile Stamp lastStamp = new Stamp(Instant.EPOCH, ascii(Instant.EPOCH.toString()));

    /** The JSON bytes of {@code prediction}, or null when it holds something only Jackson writes here. */
    byte[] write(Prediction prediction) {
        if (prediction.getLineage() != null || prediction.getScoredAt() == null) {
            return null;
        }
        String requestId = prediction.getRequestId();
        String recordId = prediction.getRecordId();
        String pipeline = prediction.getPipeline();
        String label = prediction.getLabel();
        Double value = prediction.getValue();
        Map<String, Double> probabilities = prediction.getProbabilities();
        if (!plain(requestId) || !plain(recordId) || !plain(pipeline) || label != null && !plain(label)
                || value != null && !Double.isFinite(value)) {
            return null;
        }
        String[] classes = probabilities.keySet().toArray(String[]::new);
        Arrays.sort(classes);
        int capacity = FIXED_BYTES + requestId.length() + recordId.length() + pipeline.length()
                + (label == null ? 0 : label.length());
        for (String name : classes) {
            Double probability = probabilities.get(name);
            if (!plain(name) || probability == null || !Double.isFinite(probability)) {
                return null;
            }
            capacity += BYTES_PER_CLASS + name.length();
        }
        Bytes out = new Bytes(capacity);
        out.put(REQUEST_ID).string(requestId);
        out.put(RECORD_ID).string(recordId);
        out.put(PIPELINE).string(pipeline);
        out.put(MODEL_VERSION).ascii(Long.toString(prediction.getModelVersion()));
        out.put(LABEL);
        if (label == null) {
            out.put(NULL);
        } else {
            out.string(label);
        }
        out.put(VALUE);
        if (value == null) {
            out.put(NULL);
        } else {
            out.ascii(Double.toString(value));
        }
        out.put(PROBABILITIES);
        for (int i = 0; i < classes.length; i++) {
            if (i > 0) {
                out.put((byte) ',');
            }
            out.string(classes[i]).put((byte) ':').ascii(Double.toString(probabilities.get(classes[i])));
        }
        out.put(SCORED_AT).put((byte) '"').put(stamp(prediction.getScoredAt())).put((byte) '"');
        out.put(LINEAGE_NULL);
        return out.toArray();
    }

    private byte[] stamp(Instant instant) {
        Stamp last = lastStamp;
        if (!last.instant().equals(instant)) {
            last = new Stamp(instant, ascii(instant.toString()));
            lastStamp = last;
        }
        return last.text();
    }

    /** True when {@code text} is written as it is: printable ASCII without the two characters JSON escapes there. */
    private static boolean plain(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private record Stamp(Instant instant, byte[] text) {
    }

    /** A growing byte array; strings written here are ASCII, one byte per character. */
    private static final class Bytes {

        private byte[] bytes;
        private int size;

        Bytes(int capacity) {
            bytes = new byte[capacity];
        }

        Bytes put(byte b) {
            room(1);
            bytes[size++] = b;
            return this;
        }

        Bytes put(byte[] chunk) {
            room(chunk.length);
            System.arraycopy(chunk, 0, bytes, size, chunk.length);
            size += chunk.length;
            return this;
        }

        Bytes string(String text) {
            return put((byte) '"').ascii(text).put((byte) '"');
        }

        Bytes ascii(String text) {
            int length = text.length();
            room(length);
            for (int i = 0; i < length; i++) {
                bytes[size++] = (byte) text.charAt(i);
            }
            return this;
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        byte[] toArray() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }
}
