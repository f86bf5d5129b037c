package io.streamtrain.scorer.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.HorizonFacts;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.LineageWindow;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.OnnxGraph;
import io.streamtrain.messages.ResidualSummary;
import io.streamtrain.messages.TuningCandidate;
import io.streamtrain.messages.TuningReport;
import java.util.Map;
import java.util.TreeMap;

/**
 * The served model as {@code GET /v1/pipelines/{pipeline}/model} describes it: everything in its envelope but
 * the model bytes and the fitted preprocessing, with a link to the ONNX graph. Map keys are sorted and instants are
 * ISO-8601, as in predictions.
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
        TuningReport tuning = envelope.getTuning();
        if (tuning != null) {
            tuning(node.putObject("tuning"), tuning);
        }
        ArrayNode features = node.putArray("features");
        for (FeatureDefinition feature : envelope.getFeatureSchema().getFeatures()) {
            features.addObject().put("name", feature.getName()).put("type", feature.getType().name());
        }
        node.put("labelField", envelope.getFeatureSchema().getLabelField());
        envelope.getFeatureSchema().getClasses().forEach(node.putArray("classes")::add);
        ObjectNode metrics = node.putObject("metrics");
        new TreeMap<>(envelope.getMetrics()).forEach(metrics::put);
        ResidualSummary residuals = envelope.getResiduals();
        if (residuals != null) {
            residuals(node.putObject("residuals"), residuals);
        }
        lineage(node.putObject("lineage"), envelope.getLineage());
        node.put("createdAt", envelope.getCreatedAt().toString());
        node.put("trainingMillis", envelope.getTrainingMillis());
        node.put("modelFormat", envelope.getModelFormat());
        node.put("modelSha256", envelope.getModelSha256());
        node.put("smileVersion", envelope.getSmileVersion());
        node.put("streamtrainVersion", envelope.getStreamtrainVersion());
        OnnxGraph onnx = envelope.getOnnx();
        if (onnx != null) {
            onnx(node.putObject("onnx"), envelope, onnx);
        }
        return node;
    }

    /**
     * Where to download the model's ONNX graph and what the trainer's check of it found; absent for a model from
     * before ONNX export. The link is relative to the API's root, as clients may reach it through a proxy.
     */
    private static void onnx(ObjectNode node, ModelEnvelope envelope, OnnxGraph onnx) {
        node.put("href", "/v1/pipelines/" + envelope.getPipeline() + "/models/" + envelope.getVersion() + "/onnx");
        node.put("contentType", "application/octet-stream");
        node.put("bytes", onnx.getGraph().remaining());
        node.put("sha256", onnx.getSha256());
        node.put("verifiedRows", onnx.getVerifiedRows());
        node.put("maxDifference", onnx.getMaxDifference());
        node.put("tolerance", onnx.getTolerance());
    }

    /**
     * How a {@code model.tuning} search chose the hyperparameters, every candidate with its mean validation score over
     * the folds; absent for a model trained without a search.
     */
    private static void tuning(ObjectNode node, TuningReport tuning) {
        node.put("mode", tuning.getMode());
        node.put("metric", tuning.getMetric());
        node.put("higherIsBetter", tuning.getHigherIsBetter());
        node.put("folds", tuning.getFolds());
        node.put("fitRows", tuning.getFitRows());
        node.put("validationRows", tuning.getValidationRows());
        node.put("budgetMillis", tuning.getBudgetMillis());
        node.put("elapsedMillis", tuning.getElapsedMillis());
        node.put("budgetExhausted", tuning.getBudgetExhausted());
        node.put("chosen", tuning.getChosen());
        ArrayNode candidates = node.putArray("candidates");
        for (TuningCandidate candidate : tuning.getCandidates()) {
            ObjectNode described = candidates.addObject();
            sorted(described.putObject("hyperparameters"), candidate.getHyperparameters());
            if (candidate.getScore() == null) {
                described.putNull("score");
            } else {
                described.put("score", candidate.getScore());
            }
            described.put("outcome", candidate.getOutcome());
        }
    }

    /** A regression model's residuals on its test split; absent for classification and models from before it. */
    private static void residuals(ObjectNode node, ResidualSummary residuals) {
        node.put("count", residuals.getCount());
        node.put("mean", residuals.getMean());
        node.put("standardDeviation", residuals.getStandardDeviation());
        residuals.getQuantileLevels().forEach(node.putArray("quantileLevels")::add);
        residuals.getQuantiles().forEach(node.putArray("quantiles")::add);
        residuals.getHistogramEdges().forEach(node.putArray("histogramEdges")::add);
        residuals.getHistogramCounts().forEach(node.putArray("histogramCounts")::add);
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
        // A window assembled on the trainer's bound without some input partitions' parts: the model knows it.
        node.put("complete", lineage.getMissingInputPartitions().isEmpty());
        lineage.getMissingInputPartitions().forEach(node.putArray("missingInputPartitions")::add);
        HorizonFacts horizon = lineage.getHorizon();
        if (horizon != null) {
            horizon(node.putObject("horizon"), horizon);
        }
    }

    /** The windows the model learned from; absent for a model from before training horizons. */
    private static void horizon(ObjectNode node, HorizonFacts horizon) {
        node.put("rowsAvailable", horizon.getRowsAvailable());
        node.put("rowsUsed", horizon.getRowsUsed());
        node.put("sampling", horizon.getSampling());
        node.put("evaluation", horizon.getEvaluation());
        node.put("refit", horizon.getRefit());
        ArrayNode windows = node.putArray("windows");
        for (LineageWindow window : horizon.getWindows()) {
            windows.addObject()
                    .put("batchId", window.getBatchId())
                    .put("windowStart", window.getWindowStart().toString())
                    .put("windowEnd", window.getWindowEnd().toString())
                    .put("batchesPartition", window.getBatchesPartition())
                    .put("firstOffset", window.getFirstOffset())
                    .put("manifestOffset", window.getManifestOffset())
                    .put("rows", window.getRows())
                    .put("rowsUsed", window.getRowsUsed());
        }
    }

    private static void sorted(ObjectNode node, Map<String, String> values) {
        new TreeMap<>(values).forEach(node::put);
    }
}
