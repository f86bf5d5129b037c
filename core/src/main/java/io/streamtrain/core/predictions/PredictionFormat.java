package io.streamtrain.scorer.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.messages.Prediction;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

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
            ByteArrayBuilder bytes = new ByteArrayBuilder(JSON_BUFFER_BYTES);
            try (JsonGenerator generator = MAPPER.getFactory().createGenerator(bytes)) {
                write(generator, prediction);
            } catch (IOException e) {
                throw new UncheckedIOException("writing JSON to memory cannot fail", e);
            }
            return bytes.toByteArray();
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
    /** Room for a prediction of a few classes without growing the buffer. */
    private static final int JSON_BUFFER_BYTES = 256;
    private static final AvroMessageCodec<Prediction> CODEC = AvroMessageCodec.of(Prediction.class);

    /**
     * {@code prediction} as the JSON object of the {@link #JSON} format; the REST API answers with the same
     * objects, so a prediction reads the same from the topic and from HTTP.
     */
    public static ObjectNode json(Prediction prediction) {
        try {
            return (ObjectNode) MAPPER.readTree(JSON.encode(prediction));
        } catch (IOException e) {
            throw new UncheckedIOException("the JSON format always writes an object", e);
        }
    }

    private static void write(JsonGenerator generator, Prediction prediction) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("requestId", prediction.getRequestId());
        generator.writeStringField("recordId", prediction.getRecordId());
        generator.writeStringField("pipeline", prediction.getPipeline());
        generator.writeNumberField("modelVersion", prediction.getModelVersion());
        generator.writeStringField("label", prediction.getLabel());
        generator.writeFieldName("value");
        if (prediction.getValue() == null) {
            generator.writeNull();
        } else {
            generator.writeNumber(prediction.getValue());
        }
        generator.writeObjectFieldStart("probabilities");
        Map<String, Double> probabilities = prediction.getProbabilities();
        String[] classes = probabilities.keySet().toArray(String[]::new);
        Arrays.sort(classes);
        for (String name : classes) {
            generator.writeNumberField(name, probabilities.get(name));
        }
        generator.writeEndObject();
        generator.writeStringField("scoredAt", prediction.getScoredAt().toString());
        generator.writeEndObject();
    }

    /** The value bytes of {@code prediction} in this format. */
    public abstract byte[] encode(Prediction prediction);

    /** The format named {@code name} ({@code json} or {@code avro}, any case). */
    public static PredictionFormat of(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
