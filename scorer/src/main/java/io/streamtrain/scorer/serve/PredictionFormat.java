package io.streamtrain.scorer.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.messages.Prediction;
import io.streamtrain.schemas.AvroMessageCodec;
import java.util.Locale;
import java.util.TreeMap;

/** How predictions are written to the predictions topic. */
public enum PredictionFormat {

    /**
     * A JSON object with the fields of {@link Prediction} in schema order: {@code requestId}, {@code recordId},
     * {@code pipeline}, {@code modelVersion}, {@code label} (or null), {@code value} (or null),
     * {@code probabilities} (class to probability, keys sorted) and {@code scoredAt} (ISO-8601 instant, UTC,
     * millisecond precision).
     */
    JSON {
        @Override
        public byte[] encode(Prediction prediction) {
            try {
                return MAPPER.writeValueAsBytes(json(prediction));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree of strings and numbers always serializes", e);
            }
        }
    },

    /** Avro single-object encoding of {@link Prediction}, readable with {@code AvroMessageCodec.of(Prediction.class)}. */
    AVRO {
        @Override
        public byte[] encode(Prediction prediction) {
            return CODEC.encode(prediction);
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AvroMessageCodec<Prediction> CODEC = AvroMessageCodec.of(Prediction.class);

    /**
     * {@code prediction} as the JSON object of the {@link #JSON} format; the REST API answers with the same
     * objects, so a prediction reads the same from the topic and from HTTP.
     */
    public static ObjectNode json(Prediction prediction) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("requestId", prediction.getRequestId());
        node.put("recordId", prediction.getRecordId());
        node.put("pipeline", prediction.getPipeline());
        node.put("modelVersion", prediction.getModelVersion());
        node.put("label", prediction.getLabel());
        node.put("value", prediction.getValue());
        ObjectNode probabilities = node.putObject("probabilities");
        new TreeMap<>(prediction.getProbabilities()).forEach(probabilities::put);
        node.put("scoredAt", prediction.getScoredAt().toString());
        return node;
    }

    /** The value bytes of {@code prediction} in this format. */
    public abstract byte[] encode(Prediction prediction);

    /** The format named {@code name} ({@code json} or {@code avro}, any case). */
    public static PredictionFormat of(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
