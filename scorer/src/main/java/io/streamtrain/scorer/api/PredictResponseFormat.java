package io.streamtrain.scorer.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.core.predictions.PredictionFormat;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Prediction;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The shape of a REST predict answer, chosen with {@code ?format=}. Both shapes carry {@code requestId},
 * {@code pipeline} and {@code modelVersion} once; they differ in the predictions.
 *
 * <p>{@link #LEAN} is the default because a REST caller reads one answer: what is the same for every prediction of
 * a request (request id, pipeline, model version, algorithm, task) is said once, and a prediction holds only what
 * is its own, without null fields. {@link #TOPIC} keeps each prediction exactly the object of the predictions
 * topic, which that topic's consumers depend on, so code that reads both can use one parser.
 */
enum PredictResponseFormat {

    /**
     * {@code {"requestId", "pipeline", "modelVersion", "algorithm", "task", "scoredAt", "predictions"}}, each prediction
     * {@code {"recordId", "label", "probabilities"}} (classification) or {@code {"recordId", "value"}} (regression).
     */
    LEAN {
        @Override
        ObjectNode answer(String requestId, String pipeline, ModelEnvelope model, List<Prediction> predictions) {
            ObjectNode response = head(requestId, pipeline, model)
                    .put("algorithm", model.getAlgorithm())
                    .put("task", model.getTask().name());
            if (!predictions.isEmpty()) {
                // Records are scored one after the other within milliseconds; the last one's time says when the answer was made.
                response.put("scoredAt", predictions.getLast().getScoredAt().toString());
            }
            ArrayNode array = response.putArray("predictions");
            for (Prediction prediction : predictions) {
                ObjectNode lean = array.addObject().put("recordId", prediction.getRecordId());
                if (prediction.getLabel() != null) {
                    lean.put("label", prediction.getLabel());
                }
                if (prediction.getValue() != null) {
                    lean.put("value", prediction.getValue());
                }
                if (!prediction.getProbabilities().isEmpty()) {
                    new TreeMap<>(prediction.getProbabilities()).forEach(lean.putObject("probabilities")::put);
                }
            }
            return response;
        }
    },

    /** {@code {"requestId", "pipeline", "modelVersion", "predictions"}}, each prediction the predictions topic's JSON object. */
    TOPIC {
        @Override
        ObjectNode answer(String requestId, String pipeline, ModelEnvelope model, List<Prediction> predictions) {
            ObjectNode response = head(requestId, pipeline, model);
            ArrayNode array = response.putArray("predictions");
            predictions.forEach(prediction -> array.add(PredictionFormat.json(prediction)));
            return response;
        }
    };

    /** The query parameter that chooses the format. */
    static final String PARAMETER = "format";

    /** The answer to a predict request whose {@code predictions} were all made by {@code model}. */
    abstract ObjectNode answer(String requestId, String pipeline, ModelEnvelope model, List<Prediction> predictions);

    /**
     * The format named by {@code ?format=}: {@link #LEAN} when absent.
     *
     * @throws ApiException 400 naming the formats for any other value
     */
    static PredictResponseFormat of(String parameter) {
        if (parameter == null) {
            return LEAN;
        }
        return Arrays.stream(values()).filter(format -> format.name().equalsIgnoreCase(parameter.trim())).findFirst()
                .orElseThrow(() -> ApiException.badField("format must be one of " + names() + ", was '" + parameter + "'",
                        PARAMETER, null));
    }

    private static String names() {
        return Arrays.stream(values()).map(format -> format.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    private static ObjectNode head(String requestId, String pipeline, ModelEnvelope model) {
        return ApiJson.MAPPER.createObjectNode()
                .put("requestId", requestId)
                .put("pipeline", pipeline)
                .put("modelVersion", model.getVersion());
    }
}
