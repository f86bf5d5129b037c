package io.streamtrain.scorer.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OffsetRange;
import java.util.Map;
import java.util.TreeMap;

/**
 * The served model as {@code GET /v1/pipelines/{pipeline}/model} describes it: everything in its envelope but
 * the model bytes and the fitted preprocessing. Map keys are sorted and instants are ISO-8601, as in predictions.
 */
final class ModelDescription {

    private ModelDescription() {
    }

    static ObjectNode of(ModelEnvelope envelope) {
        ObjectNode node = ApiJson.MAPPER.createObjectNode();
        node.put("pipeline", envelope.getPipeline());
        node.put("version", envelope.getVersion());
        node.put("task", envelope.getTask().name());
        node.put("algorithm", envelope.getAlgorithm());
        sorted(node.putObject("hyperparameters"), envelope.getHyperparameters());
        ArrayNode features = node.putArray("features");
        for (FeatureDefinition feature : envelope.getFeatureSchema().getFeatures()) {
            features.addObject().put("name", feature.getName()).put("type", feature.getType().name());
        }
        node.put("labelField", envelope.getFeatureSchema().getLabelField());
        envelope.getFeatureSchema().getClasses().forEach(node.putArray("classes")::add);
        ObjectNode metrics = node.putObject("metrics");
        new TreeMap<>(envelope.getMetrics()).forEach(metrics::put);
        lineage(node.putObject("lineage"), envelope.getLineage());
        node.put("createdAt", envelope.getCreatedAt().toString());
        node.put("trainingMillis", envelope.getTrainingMillis());
        node.put("modelFormat", envelope.getModelFormat());
        node.put("modelSha256", envelope.getModelSha256());
        node.put("smileVersion", envelope.getSmileVersion());
        node.put("streamtrainVersion", envelope.getStreamtrainVersion());
        return node;
    }

    private static void lineage(ObjectNode node, Lineage lineage) {
        node.put("batchId", lineage.getBatchId());
        node.put("sourceTopic", lineage.getSourceTopic());
        node.put("windowStart", lineage.getWindowStart().toString());
        node.put("windowEnd", lineage.getWindowEnd().toString());
        node.put("recordCount", lineage.getRecordCount());
        node.put("trainCount", lineage.getTrainCount());
        node.put("testCount", lineage.getTestCount());
        ArrayNode ranges = node.putArray("sourceRanges");
        for (OffsetRange range : lineage.getSourceRanges()) {
            ranges.addObject()
                    .put("partition", range.getPartition())
                    .put("firstOffset", range.getFirstOffset())
                    .put("lastOffset", range.getLastOffset())
                    .put("recordCount", range.getRecordCount());
        }
    }

    private static void sorted(ObjectNode node, Map<String, String> values) {
        new TreeMap<>(values).forEach(node::put);
    }
}
