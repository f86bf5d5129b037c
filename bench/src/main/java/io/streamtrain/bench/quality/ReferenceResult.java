package io.streamtrain.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One scikit-learn estimator's result on one data set, as {@code bench/python/quality_reference.py} reports it.
 *
 * @param estimator scikit-learn class name, for example {@code RandomForestClassifier}
 * @param seconds   fit and test prediction, preparation included
 * @param accuracy  test accuracy (classification), NaN for regression
 * @param r2        test R² (regression), NaN for classification
 * @param rmse      test RMSE (regression), NaN for classification
 */
record ReferenceResult(String estimator, double seconds, double accuracy, double r2, double rmse) {

    static ReferenceResult of(JsonNode node) {
        return new ReferenceResult(node.path("estimator").asText(), node.path("seconds").asDouble(),
                node.path("accuracy").asDouble(Double.NaN), node.path("r2").asDouble(Double.NaN), node.path("rmse").asDouble(Double.NaN));
    }
}
