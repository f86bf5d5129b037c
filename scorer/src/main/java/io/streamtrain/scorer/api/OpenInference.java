package io.streamtrain.scorer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.feature.FeatureField;
import io.streamtrain.core.feature.FeatureSpec;
import io.streamtrain.messages.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Open Inference Protocol (v2, as KServe and Seldon speak it) over one pipeline's served model: its metadata and an
 * {@code infer} whose inputs are columns, one tensor per record field, translated to and from the records and
 * predictions of the pipeline's own endpoint, so both answer alike.
 *
 * <p>An infer request holds {@code inputs}, each {@code {"name": field, "shape": [n] or [n, 1], "datatype", "data": [n
 * values]}}, all of the same {@code n}; row {@code i} of every input makes record {@code i}. Each feature must be an input
 * (null for an unknown value); the id and event time may be, as in a predict request. The answer's {@code outputs} are
 * {@code label} (BYTES, {@code [n]}) and {@code probabilities} (FP64, {@code [n, classes]}, the classes in the
 * {@code classes} parameter) for classification, {@code value} (FP64, {@code [n]}) for regression.
 */
final class OpenInference {

    private static final String INPUTS = "inputs";

    private OpenInference() {
    }

    /** {@code GET /v2/models/{name}}: the model's name, served version, inputs and outputs. */
    static ObjectNode metadata(String name, long version, FeatureSpec spec) {
        ObjectNode metadata = ApiJson.MAPPER.createObjectNode().put("name", name).put("platform", "streamtrain");
        metadata.putArray("versions").add(String.valueOf(version));
        ArrayNode inputs = metadata.putArray(INPUTS);
        for (FeatureField feature : spec.features()) {
            inputs.addObject().put("name", feature.name()).put("datatype", datatype(feature)).putArray("shape").add(-1);
        }
        ArrayNode outputs = metadata.putArray("outputs");
        outputs.addObject().put("name", "label").put("datatype", "BYTES").putArray("shape").add(-1);
        outputs.addObject().put("name", "probabilities").put("datatype", "FP64").putArray("shape").add(-1).add(-1);
        outputs.addObject().put("name", "value").put("datatype", "FP64").putArray("shape").add(-1);
        return metadata;
    }

    private static String datatype(FeatureField feature) {
        return switch (feature.type()) {
            case NUMERIC -> "FP64";
            case BOOLEAN -> "BOOL";
            case CATEGORICAL -> "BYTES";
        };
    }

    /**
     * The records of an infer request, one per row of its input tensors, at most {@code maxRecords}.
     *
     * @throws ApiException 400 naming the input at fault: no inputs, a malformed tensor, or tensors of different lengths
     */
    static List<JsonNode> records(JsonNode request, int maxRecords) {
        JsonNode inputs = request.path(INPUTS);
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw ApiException.badField("an infer request needs \"inputs\": a list of {\"name\", \"shape\", \"datatype\", \"data\"}",
                    INPUTS, null);
        }
        int rows = -1;
        for (JsonNode input : inputs) {
            int length = tensorLength(input);
            if (rows >= 0 && length != rows) {
                throw ApiException.badField("input " + input.path("name").asText() + " has " + length + " values where the inputs before it have "
                        + rows + "; every input holds one value per record", input.path("name").asText(), null);
            }
            rows = length;
        }
        if (rows == 0 || rows > maxRecords) {
            throw ApiException.badField("the inputs hold " + rows + " records; 1 to " + maxRecords
                    + " are accepted in one request (scorer.http.max.batch.records)", INPUTS, null);
        }
        List<JsonNode> records = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            ObjectNode record = ApiJson.MAPPER.createObjectNode();
            for (JsonNode input : inputs) {
                record.set(input.get("name").asText(), input.get("data").get(row));
            }
            records.add(record);
        }
        return records;
    }

    /** The number of values of one input tensor, checked against its shape. */
    private static int tensorLength(JsonNode input) {
        String name = input.path("name").asText("");
        if (name.isBlank()) {
            throw ApiException.badField("every input needs a \"name\", the record field it holds", INPUTS, null);
        }
        JsonNode data = input.path("data");
        if (!data.isArray()) {
            throw ApiException.badField("input " + name + " needs \"data\", a flat list of its values", name, null);
        }
        for (JsonNode value : data) {
            if (value.isContainerNode()) {
                throw ApiException.badField("input " + name + ": \"data\" must be a flat list of values, one per record", name, null);
            }
        }
        JsonNode shape = input.path("shape");
        boolean column = shape.isArray() && (shape.size() == 1 || shape.size() == 2 && shape.get(1).asLong() == 1)
                && shape.get(0).asLong() == data.size();
        if (!column) {
            throw ApiException.badField("input " + name + " has shape " + shape + " for " + data.size() + " values; use [" + data.size()
                    + "] or [" + data.size() + ", 1]", name, null);
        }
        return data.size();
    }

    /** The infer answer for {@code predictions}, all made by version {@code version} of pipeline {@code name}. */
    static ObjectNode answer(String name, long version, String requestId, List<Prediction> predictions) {
        ObjectNode answer = ApiJson.MAPPER.createObjectNode().put("model_name", name).put("model_version", String.valueOf(version))
                .put("id", requestId);
        ArrayNode outputs = answer.putArray("outputs");
        int rows = predictions.size();
        boolean regression = predictions.getFirst().getValue() != null;
        if (regression) {
            ArrayNode values = tensor(outputs, "value", "FP64", rows);
            predictions.forEach(p -> values.add(p.getValue()));
            return answer;
        }
        ArrayNode labels = tensor(outputs, "label", "BYTES", rows);
        predictions.forEach(p -> labels.add(p.getLabel()));
        TreeSet<String> classes = new TreeSet<>();
        predictions.forEach(p -> classes.addAll(p.getProbabilities().keySet()));
        ObjectNode probabilities = outputs.addObject().put("name", "probabilities").put("datatype", "FP64");
        probabilities.putArray("shape").add(rows).add(classes.size());
        ArrayNode names = probabilities.putObject("parameters").putArray("classes");
        classes.forEach(names::add);
        ArrayNode data = probabilities.putArray("data");
        for (Prediction prediction : predictions) {
            Map<String, Double> byClass = prediction.getProbabilities();
            classes.forEach(c -> data.add(byClass.getOrDefault(c, 0.0)));
        }
        return answer;
    }

    private static ArrayNode tensor(ArrayNode outputs, String name, String datatype, int rows) {
        ObjectNode output = outputs.addObject().put("name", name).put("datatype", datatype);
        output.putArray("shape").add(rows);
        return output.putArray("data");
    }
}
