package io.streamtrain.core.requests;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamtrain.core.deadletter.DeadLetterReason;
import io.streamtrain.schemas.InputRecordDecoder;
import io.streamtrain.schemas.RecordDecodingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads score requests. A request's value is one of:
 * <ul>
 *   <li>one input record: a JSON object or Avro single-object encoding of the pipeline's input schema;</li>
 *   <li>a JSON array of input records: {@code [ {...}, {...} ]};</li>
 *   <li>a JSON object {@code {"requestId": "...", "records": [ {...}, ... ]}}; {@code requestId} is optional.
 *       An object is read this way when it has a {@code records} field and the input schema has none.</li>
 * </ul>
 * The request id is the {@code requestId} field if given, else the record's Kafka key, else
 * {@code <topic>-<partition>-<offset>}, which is unique and stable across redeliveries.
 *
 * <p>Failure policy: a request that cannot be read at all (not Avro or JSON, neither object nor array, an
 * empty list, a single record that does not fit the schema) is {@link ParsedRequest.Rejected} and
 * dead-lettered whole. An element of a list that does not fit the schema is {@link RequestRecord.Invalid}
 * and dead-lettered on its own while the other elements are scored.
 *
 * <p>Thread-safe: it only reads its settings, and the decoder's Jackson factory and Avro message decoder are
 * thread-safe; the scorer reads a poll's requests in parallel.
 */
public final class ScoreRequestParser {

    /** Field of the wrapper object that names the request. */
    public static final String REQUEST_ID_FIELD = "requestId";
    /** Field of the wrapper object that holds the records. */
    public static final String RECORDS_FIELD = "records";

    private static final byte[] QUOTED_RECORDS_FIELD = ("\"" + RECORDS_FIELD + "\"").getBytes(StandardCharsets.US_ASCII);

    private final InputRecordDecoder decoder;
    private final boolean schemaHasRecordsField;

    public ScoreRequestParser(InputRecordDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.schemaHasRecordsField = decoder.schema().getField(RECORDS_FIELD) != null;
    }

    /** Reads the request in {@code record}; never throws for bad bytes. */
    public ParsedRequest parse(ConsumerRecord<byte[], byte[]> record) {
        return parse(record.topic(), record.partition(), record.offset(), record.key(), record.value());
    }

    /** Reads the request with {@code key} and {@code value} read at {@code topic}, {@code partition}, {@code offset}. */
    public ParsedRequest parse(String topic, int partition, long offset, byte[] key, byte[] value) {
        String fallbackId = fallbackId(topic, partition, offset, key);
        if (value == null || value.length == 0) {
            return new ParsedRequest.Rejected(fallbackId, DeadLetterReason.UNDECODABLE, "empty request");
        }
        if (isSingleObjectAvro(value) || isPlainObject(value)) {
            return single(fallbackId, value);
        }
        JsonNode json;
        try {
            json = RequestJson.MAPPER.readTree(value);
        } catch (IOException e) {
            Optional<String> duplicate = e instanceof JacksonException jackson ? RequestJson.duplicateKey(jackson) : Optional.empty();
            if (duplicate.isPresent()) {
                return new ParsedRequest.Rejected(fallbackId, DeadLetterReason.INVALID, duplicate.get());
            }
            String detail = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
            return new ParsedRequest.Rejected(fallbackId, DeadLetterReason.UNDECODABLE,
                    "neither Avro single-object encoding nor valid JSON: " + detail);
        }
        if (json == null || json.isMissingNode()) {
            return new ParsedRequest.Rejected(fallbackId, DeadLetterReason.UNDECODABLE, "blank request");
        }
        if (json.isArray()) {
            return list(fallbackId, json);
        }
        if (json.isObject() && json.has(RECORDS_FIELD) && !schemaHasRecordsField) {
            return wrapper(fallbackId, json);
        }
        if (json.isObject()) {
            return single(fallbackId, value, json);
        }
        return new ParsedRequest.Rejected(fallbackId, DeadLetterReason.INVALID,
                "expected a JSON object or array, got " + json.getNodeType());
    }

    private ParsedRequest wrapper(String fallbackId, JsonNode wrapper) {
        JsonNode id = wrapper.get(REQUEST_ID_FIELD);
        String requestId = fallbackId;
        if (id != null && !id.isNull()) {
            if (!id.isTextual() || id.asText().isBlank()) {
                return new ParsedRequest.Rejected(fallbackId, DeadLetterReason.INVALID,
                        REQUEST_ID_FIELD + " must be a non-blank string, got " + id);
            }
            requestId = id.asText();
        }
        JsonNode records = wrapper.get(RECORDS_FIELD);
        if (!records.isArray()) {
            return new ParsedRequest.Rejected(requestId, DeadLetterReason.INVALID,
                    RECORDS_FIELD + " must be a JSON array of records, got " + records.getNodeType());
        }
        return list(requestId, records);
    }

    private ParsedRequest list(String requestId, JsonNode array) {
        if (array.isEmpty()) {
            return new ParsedRequest.Rejected(requestId, DeadLetterReason.INVALID, "the request holds no records");
        }
        List<RequestRecord> records = new ArrayList<>(array.size());
        for (int index = 0; index < array.size(); index++) {
            JsonNode element = array.get(index);
            byte[] bytes = element.toString().getBytes(StandardCharsets.UTF_8);
            try {
                records.add(new RequestRecord.Decoded(index, bytes, decoder.decodeJson(element)));
            } catch (RecordDecodingException e) {
                records.add(new RequestRecord.Invalid(index, bytes, reasonOf(e), e.getMessage()));
            }
        }
        return new ParsedRequest.Accepted(requestId, records);
    }

    /** One record, decoded from its bytes by the pipeline's decoder without a JSON tree. */
    private ParsedRequest single(String requestId, byte[] value) {
        try {
            return new ParsedRequest.Accepted(requestId, List.of(new RequestRecord.Decoded(0, value, decoder.decode(value))));
        } catch (RecordDecodingException e) {
            return new ParsedRequest.Rejected(requestId, reasonOf(e), e.getMessage());
        }
    }

    private ParsedRequest single(String requestId, byte[] value, JsonNode object) {
        try {
            return new ParsedRequest.Accepted(requestId, List.of(new RequestRecord.Decoded(0, value, decoder.decodeJson(object))));
        } catch (RecordDecodingException e) {
            return new ParsedRequest.Rejected(requestId, reasonOf(e), e.getMessage());
        }
    }

    private static String fallbackId(String topic, int partition, long offset, byte[] key) {
        if (key != null) {
            String text = new String(key, StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                return text;
            }
        }
        return topic + "-" + partition + "-" + offset;
    }

    private static DeadLetterReason reasonOf(RecordDecodingException e) {
        return e.kind() == RecordDecodingException.Kind.UNDECODABLE ? DeadLetterReason.UNDECODABLE : DeadLetterReason.INVALID;
    }

    /**
     * True for a JSON object that cannot be a wrapper: it starts with <code>{</code> and the text
     * <code>"records"</code> occurs nowhere in it (or the input schema itself has a {@code records} field).
     * The most common request takes this path, which reads the object straight into a record; anything
     * else is read as a JSON tree first.
     */
    private boolean isPlainObject(byte[] bytes) {
        int first = 0;
        while (first < bytes.length && isJsonWhitespace(bytes[first])) {
            first++;
        }
        return first < bytes.length && bytes[first] == '{' && (schemaHasRecordsField || !mentionsRecordsField(bytes));
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** Whether {@code bytes} contain the quoted wrapper field name, searched in place: a copy per request cost more than the search. */
    private static boolean mentionsRecordsField(byte[] bytes) {
        int last = bytes.length - QUOTED_RECORDS_FIELD.length;
        for (int at = 0; at <= last; at++) {
            if (bytes[at] == '"' && Arrays.equals(bytes, at, at + QUOTED_RECORDS_FIELD.length, QUOTED_RECORDS_FIELD, 0,
                    QUOTED_RECORDS_FIELD.length)) {
                return true;
            }
        }
        return false;
    }

    /** The marker of Avro single-object encoding; no JSON text can start with these bytes. */
    private static boolean isSingleObjectAvro(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == (byte) 0xC3 && bytes[1] == (byte) 0x01;
    }
}
