package io.streamtrain.scorer.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.streamtrain.core.requests.RequestJson;
import io.streamtrain.core.requests.ScoreRequestParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * Reads the JSON body of a predict request. The shapes are the JSON shapes of the score-requests topic (see
 * {@link ScoreRequestParser}): one record as an object, a list of records as an array, or
 * {@code {"requestId": "...", "records": [...]}} (read this way when the object has a {@code records} field
 * and the input schema has none). Unlike the topic, where each bad element is dead-lettered on its own, a
 * request is answered as a whole, so any problem refuses it with an {@link ApiException}.
 */
final class PredictRequestReader {

    private static final int MAX_DETAIL_CHARS = 200;

    private final boolean schemaHasRecordsField;
    private final int maxRecords;

    PredictRequestReader(Schema inputSchema, int maxRecords) {
        this.schemaHasRecordsField = inputSchema.getField(ScoreRequestParser.RECORDS_FIELD) != null;
        this.maxRecords = maxRecords;
    }

    /**
     * @param generatedId the request id when the body names none
     * @throws ApiException 400 for malformed JSON, an unknown shape, a bad {@code requestId}, no records or too many
     */
    PredictRequest read(byte[] body, Supplier<String> generatedId) {
        JsonNode json = parse(body);
        if (json.isArray()) {
            return new PredictRequest(generatedId.get(), records(json, null));
        }
        if (json.isObject() && json.has(ScoreRequestParser.RECORDS_FIELD) && !schemaHasRecordsField) {
            return new PredictRequest(requestId(json, generatedId), records(json.get(ScoreRequestParser.RECORDS_FIELD),
                    ScoreRequestParser.RECORDS_FIELD));
        }
        if (json.isObject()) {
            return new PredictRequest(generatedId.get(), List.of(json));
        }
        throw ApiException.badRequest("expected a JSON object (one record or {\"requestId\", \"records\"}) or an array of records, got "
                + json.getNodeType());
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("the request body is empty; send a JSON record, an array of records or {\"records\": [...]}");
        }
        JsonNode json;
        try {
            // The topic parser's mapper: trailing content and repeated keys are errors, not ignored or resolved.
            json = RequestJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            RequestJson.duplicateKey(e).ifPresent(duplicate -> {
                throw ApiException.badRequest(duplicate);
            });
            throw ApiException.badRequest("malformed JSON" + where(e.getLocation()) + ": " + shorten(e.getOriginalMessage()));
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable JSON: " + shorten(e.getMessage()));
        }
        if (json == null || json.isMissingNode()) {
            throw ApiException.badRequest("the request body is blank; send a JSON record, an array of records or {\"records\": [...]}");
        }
        return json;
    }

    private static String requestId(JsonNode wrapper, Supplier<String> generatedId) {
        JsonNode id = wrapper.get(ScoreRequestParser.REQUEST_ID_FIELD);
        if (id == null || id.isNull()) {
            return generatedId.get();
        }
        if (!id.isTextual() || id.asText().isBlank()) {
            throw ApiException.badField(ScoreRequestParser.REQUEST_ID_FIELD + " must be a non-blank string, got " + shorten(id.toString()),
                    ScoreRequestParser.REQUEST_ID_FIELD, null);
        }
        return id.asText();
    }

    /** The elements of {@code array}; {@code field} names it in errors (null: the body itself). */
    private List<JsonNode> records(JsonNode array, String field) {
        String name = field == null ? "the request body" : field;
        if (!array.isArray()) {
            throw ApiException.badField(name + " must be a JSON array of records, got " + array.getNodeType(), field, null);
        }
        if (array.isEmpty()) {
            throw ApiException.badField(name + " holds no records", field, null);
        }
        if (array.size() > maxRecords) {
            throw ApiException.badField(name + " holds " + array.size() + " records; at most " + maxRecords
                    + " are accepted in one request (scorer.http.max.batch.records)", field, null);
        }
        List<JsonNode> records = new ArrayList<>(array.size());
        array.forEach(records::add);
        return records;
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String shorten(String text) {
        String oneLine = String.valueOf(text).replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_DETAIL_CHARS ? oneLine : oneLine.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    /**
     * A readable predict request.
     *
     * @param records the JSON value of each record, in request order; not yet checked against the schema
     */
    record PredictRequest(String requestId, List<JsonNode> records) {
        PredictRequest {
            Objects.requireNonNull(requestId, "requestId");
            records = List.copyOf(records);
        }
    }
}
