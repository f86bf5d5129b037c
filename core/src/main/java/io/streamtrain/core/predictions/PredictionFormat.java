package io.streamtrain.core.predictions;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.messages.Prediction;
import io.streamtrain.messages.TransientLineage;
import io.streamtrain.schemas.AvroMessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/** How predictions are written to the predictions topic. */
public enum PredictionFormat {

    /**
     * A JSON object with the fields of {@link Prediction} in schema order: {@code requestId}, {@code recordId},
     * {@code pipeline}, {@code modelVersion}, {@code label} (or null), {@code value} (or null),
     * {@code probabilities} (class to probability, keys sorted), {@code scoredAt} (ISO-8601 instant, UTC,
     * millisecond precision) and {@code lineage} (null, or for a transient model's prediction an object with its
     * fields, window bounds as ISO-8601 instants and metrics keys sorted).
     */
    JSON {
        @Override
        public byte[] encode(Prediction prediction) {
            byte[] direct = DIRECT.write(prediction);
            return direct != null ? direct : jackson(prediction);
        }
    },

    /** Avro single-object encoding of {@link Prediction}, readable with {@code AvroMessageCodec.of(Prediction.class)}. */
    AVRO {
        @Override
        public byte[] encode(Prediction prediction) {
            return CODEC.encode(prediction);
        }
    };

    /**
     * The pipeline key naming the format: the scorer and, in transient mode, the trainer write the predictions topic,
     * and it holds one format whoever writes to it.
     */
    public static final String CONFIG = "predictions.format";
    /** The key's documentation. */
    public static final String DOC = "Value format of the predictions topic: json (a JSON object with the "
            + "fields of Prediction; scoredAt as an ISO-8601 instant) or avro (Avro single-object encoding of Prediction). "
            + "The scorer writes it, and so does the trainer of a pipeline in transient mode.";
    /** The key's default. */
    public static final String DEFAULT = "json";
    /** The key's allowed values. */
    public static final ConfigDef.Validator VALIDATOR = ConfigDef.CaseInsensitiveValidString.in("json", "avro");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Room for a prediction of a few classes without growing the buffer. */
    private static final int JSON_BUFFER_BYTES = 256;
    private static final AvroMessageCodec<Prediction> CODEC = AvroMessageCodec.of(Prediction.class);
    /** Writes the common prediction without a generator; Jackson writes the rest ({@link #jackson}). */
    private static final PredictionJsonWriter DIRECT = new PredictionJsonWriter();

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

    /** {@code prediction} in the {@link #JSON} format, written by Jackson's generator: the definition of the format's bytes. */
    static byte[] jackson(Prediction prediction) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(JSON_BUFFER_BYTES);
        try (JsonGenerator generator = MAPPER.getFactory().createGenerator(bytes)) {
            write(generator, prediction);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return bytes.toByteArray();
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
        writeSorted(generator, "probabilities", prediction.getProbabilities());
        generator.writeStringField("scoredAt", prediction.getScoredAt().toString());
        writeLineage(generator, prediction.getLineage());
        generator.writeEndObject();
    }

    private static void writeLineage(JsonGenerator generator, TransientLineage lineage) throws IOException {
        if (lineage == null) {
            generator.writeNullField("lineage");
            return;
        }
        generator.writeObjectFieldStart("lineage");
        generator.writeStringField("batchId", lineage.getBatchId());
        generator.writeStringField("windowStart", lineage.getWindowStart().toString());
        generator.writeStringField("windowEnd", lineage.getWindowEnd().toString());
        generator.writeNumberField("trainingRecords", lineage.getTrainingRecords());
        generator.writeNumberField("trainRecords", lineage.getTrainRecords());
        generator.writeNumberField("testRecords", lineage.getTestRecords());
        generator.writeStringField("algorithm", lineage.getAlgorithm());
        writeSorted(generator, "metrics", lineage.getMetrics());
        generator.writeEndObject();
    }

    private static void writeSorted(JsonGenerator generator, String field, Map<String, Double> values) throws IOException {
        generator.writeObjectFieldStart(field);
        String[] names = values.keySet().toArray(String[]::new);
        Arrays.sort(names);
        for (String name : names) {
            generator.writeNumberField(name, values.get(name));
        }
        generator.writeEndObject();
    }

    /** The value bytes of {@code prediction} in this format. */
    public abstract byte[] encode(Prediction prediction);

    /** The format named {@code name} ({@code json} or {@code avro}, any case). */
    public static PredictionFormat of(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
