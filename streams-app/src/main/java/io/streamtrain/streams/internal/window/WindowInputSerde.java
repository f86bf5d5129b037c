package io.streamtrain.streams.internal.window;

import io.streamtrain.core.deadletter.DeadLetterReason;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Wire format of {@link WindowInput} on the internal repartition topic: one tag byte, then for
 * {@code Accepted} the event time (8 bytes), source partition (4), source offset (8), the length of the source key
 * (4, -1 for none), the key and the encoded record, for {@code Refused} the reason code in UTF-8, for
 * {@code CloseRequested} the length of the requester's name (4 bytes), the name and the reason in UTF-8, for
 * {@code ScoreRequest} the same layout as {@code Accepted}, for {@code WindowFull} the window start (8 bytes), sequence (4)
 * and partition (4). Inputs written before the source key travelled
 * (tags 1 and 4, without the key's length and bytes) still read, with no key, so a repartition topic left with
 * records by an earlier version drains on upgrade.
 */
public final class WindowInputSerde implements Serde<WindowInput> {

    private static final byte UNKEYED_ACCEPTED = 1;
    private static final byte REFUSED = 2;
    private static final byte CLOSE_REQUESTED = 3;
    private static final byte UNKEYED_SCORE_REQUEST = 4;
    private static final byte ACCEPTED = 5;
    private static final byte SCORE_REQUEST = 6;
    private static final byte WINDOW_FULL = 7;
    private static final int POSITION_BYTES = 1 + Long.BYTES + Integer.BYTES + Long.BYTES;
    private static final int NO_KEY = -1;

    @Override
    public Serializer<WindowInput> serializer() {
        return WindowInputSerde::serialize;
    }

    @Override
    public Deserializer<WindowInput> deserializer() {
        return WindowInputSerde::deserialize;
    }

    static byte[] serialize(String topic, WindowInput input) {
        return switch (input) {
            case null -> null;
            case WindowInput.Accepted accepted -> positioned(ACCEPTED, accepted.eventTime(), accepted.sourcePartition(),
                    accepted.sourceOffset(), accepted.sourceKey(), accepted.cleanRecord());
            case WindowInput.ScoreRequest request -> positioned(SCORE_REQUEST, request.eventTime(), request.sourcePartition(),
                    request.sourceOffset(), request.sourceKey(), request.cleanRecord());
            case WindowInput.Refused refused -> {
                byte[] code = refused.reason().code().getBytes(StandardCharsets.UTF_8);
                yield ByteBuffer.allocate(1 + code.length).put(REFUSED).put(code).array();
            }
            case WindowInput.CloseRequested request -> {
                byte[] by = request.requestedBy().getBytes(StandardCharsets.UTF_8);
                byte[] reason = request.reason().getBytes(StandardCharsets.UTF_8);
                yield ByteBuffer.allocate(1 + Integer.BYTES + by.length + reason.length)
                        .put(CLOSE_REQUESTED).putInt(by.length).put(by).put(reason).array();
            }
            case WindowInput.WindowFull full -> ByteBuffer.allocate(1 + Long.BYTES + 2 * Integer.BYTES)
                    .put(WINDOW_FULL).putLong(full.windowStart()).putInt(full.seq()).putInt(full.partition()).array();
        };
    }

    private static byte[] positioned(byte tag, long eventTime, int partition, long offset, byte[] key, byte[] cleanRecord) {
        int keyBytes = key == null ? 0 : key.length;
        ByteBuffer buffer = ByteBuffer.allocate(POSITION_BYTES + Integer.BYTES + keyBytes + cleanRecord.length)
                .put(tag)
                .putLong(eventTime)
                .putInt(partition)
                .putLong(offset)
                .putInt(key == null ? NO_KEY : key.length);
        if (key != null) {
            buffer.put(key);
        }
        return buffer.put(cleanRecord).array();
    }

    static WindowInput deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0) {
            throw new SerializationException("empty window input on " + topic);
        }
        return switch (bytes[0]) {
            case ACCEPTED, SCORE_REQUEST, UNKEYED_ACCEPTED, UNKEYED_SCORE_REQUEST -> positioned(topic, bytes);
            case REFUSED -> refused(topic, bytes);
            case CLOSE_REQUESTED -> closeRequested(topic, bytes);
            case WINDOW_FULL -> windowFull(topic, bytes);
            default -> throw new SerializationException("unknown window input tag " + bytes[0] + " on " + topic);
        };
    }

    private static WindowInput positioned(String topic, byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            long eventTime = buffer.getLong();
            int partition = buffer.getInt();
            long offset = buffer.getLong();
            boolean keyed = bytes[0] == ACCEPTED || bytes[0] == SCORE_REQUEST;
            byte[] key = keyed ? key(buffer) : null;
            byte[] record = Arrays.copyOfRange(bytes, buffer.position(), bytes.length);
            return bytes[0] == ACCEPTED || bytes[0] == UNKEYED_ACCEPTED ? new WindowInput.Accepted(eventTime, partition, offset, key, record)
                    : new WindowInput.ScoreRequest(eventTime, partition, offset, key, record);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("corrupt window input on " + topic + ": " + e.getMessage(), e);
        }
    }

    private static byte[] key(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length == NO_KEY) {
            return null;
        }
        if (length < 0 || length > buffer.remaining()) {
            throw new IllegalArgumentException("key length " + length + " exceeds the " + buffer.remaining() + " bytes left");
        }
        byte[] key = new byte[length];
        buffer.get(key);
        return key;
    }

    private static WindowInput closeRequested(String topic, byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw new IllegalArgumentException("requester length " + length + " exceeds the " + buffer.remaining() + " bytes left");
            }
            String by = new String(bytes, 1 + Integer.BYTES, length, StandardCharsets.UTF_8);
            int reasonStart = 1 + Integer.BYTES + length;
            return new WindowInput.CloseRequested(by, new String(bytes, reasonStart, bytes.length - reasonStart, StandardCharsets.UTF_8));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("corrupt close request on " + topic + ": " + e.getMessage(), e);
        }
    }

    private static WindowInput windowFull(String topic, byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            return new WindowInput.WindowFull(buffer.getLong(), buffer.getInt(), buffer.getInt());
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("corrupt full-window notice on " + topic + ": " + e.getMessage(), e);
        }
    }

    private static WindowInput refused(String topic, byte[] bytes) {
        String code = new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            if (reason.code().equals(code)) {
                return new WindowInput.Refused(reason);
            }
        }
        throw new SerializationException("unknown dead-letter reason '" + code + "' on " + topic);
    }
}
