package io.streamtrain.core.predictions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtrain.messages.Prediction;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.IOException;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What a reader of the predictions topics needs to compare models on late labels: which record, which version, and
 * what it predicted. {@link #read} takes either {@link PredictionFormat}, told apart by their first byte (Avro
 * single-object encoding starts with {@code 0xC3}, a JSON object with <code>{</code>), so a reader needs no setting
 * and a topic whose format was changed is still read whole.
 *
 * @param recordId     the scored record's id
 * @param modelVersion the version that made the prediction
 * @param label        the predicted class (classification), else null
 * @param value        the predicted value (regression), else null
 */
public record PredictionSummary(String recordId, long modelVersion, String label, Double value) {

    private static final AvroMessageCodec<Prediction> AVRO = AvroMessageCodec.of(Prediction.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int AVRO_MARKER = 0xC3;

    public PredictionSummary {
        Objects.requireNonNull(recordId, "recordId");
        if ((label == null) == (value == null)) {
            throw new IllegalArgumentException("a prediction holds a class or a value, was " + label + " and " + value);
        }
    }

    /**
     * The prediction in {@code bytes}, in either format.
     *
     * @throws SerializationException when the bytes are neither format or miss a field
     */
    public static PredictionSummary read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new SerializationException("a prediction has a value");
        }
        try {
            if ((bytes[0] & 0xFF) == AVRO_MARKER) {
                Prediction prediction = AVRO.decode(bytes);
                return new PredictionSummary(prediction.getRecordId(), prediction.getModelVersion(), prediction.getLabel(),
                        prediction.getValue());
            }
            JsonNode json = JSON.readTree(bytes);
            return new PredictionSummary(required(json, "recordId").asText(), required(json, "modelVersion").asLong(),
                    textOrNull(json.get("label")), json.hasNonNull("value") ? json.get("value").asDouble() : null);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new SerializationException("not a prediction: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode json, String field) {
        if (json == null || !json.hasNonNull(field)) {
            throw new IllegalArgumentException("no " + field);
        }
        return json.get(field);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
