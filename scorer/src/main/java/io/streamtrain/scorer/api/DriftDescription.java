package io.streamtrain.scorer.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtrain.scorer.drift.DriftSnapshot;
import io.streamtrain.scorer.drift.LiveMonitor;
import io.streamtrain.scorer.labels.LiveQuality;
import io.streamtrain.scorer.labels.PendingPredictions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code GET /v1/pipelines/{pipeline}/drift} answers, and the {@code liveMetrics} beside the test-split
 * {@code metrics} of {@code GET .../model}: the drift of the current window and the live quality per model version.
 */
final class DriftDescription {

    private DriftDescription() {
    }

    /** The whole drift and live-quality state. */
    static ObjectNode of(String pipeline, Optional<Long> servedVersion, LiveMonitor monitor) {
        ObjectNode node = ApiJson.MAPPER.createObjectNode().put("pipeline", pipeline);
        servedVersion.ifPresentOrElse(v -> node.put("modelVersion", v), () -> node.putNull("modelVersion"));
        ObjectNode drift = node.putObject("drift").put("enabled", monitor.settings().driftEnabled());
        Optional<DriftSnapshot> snapshot = monitor.drift().current();
        if (snapshot.isPresent()) {
            snapshot(drift, snapshot.get());
        } else {
            drift.put("reason", monitor.drift().unmonitoredReason());
        }
        ObjectNode labels = node.putObject("labels").put("enabled", monitor.settings().labelsEnabled());
        PendingPredictions.Counts counts = monitor.labelCounts();
        labels.put("pending", counts.pending()).put("joined", counts.joined()).put("unmatchedLabels", counts.unmatchedLabels())
                .put("expired", counts.expired()).put("evicted", counts.evicted());
        ObjectNode versions = node.putObject("liveMetrics");
        monitor.quality().all().forEach((version, quality) -> liveMetrics(versions.putObject(String.valueOf(version)), quality));
        return node;
    }

    /** The live metrics of {@code version}, with {@code labels} 0 before its first late label. */
    static ObjectNode liveMetricsOf(long version, LiveMonitor monitor) {
        ObjectNode node = ApiJson.MAPPER.createObjectNode();
        monitor.quality().of(version).ifPresentOrElse(quality -> liveMetrics(node, quality), () -> node.put("labels", 0));
        return node;
    }

    private static void snapshot(ObjectNode node, DriftSnapshot snapshot) {
        node.put("modelVersion", snapshot.modelVersion())
                .put("records", snapshot.records())
                .put("windowRecords", snapshot.windowRecords())
                .put("complete", snapshot.complete())
                .put("psiThreshold", snapshot.psiThreshold())
                .put("drifted", snapshot.drifted());
        ObjectNode features = node.putObject("featurePsi");
        snapshot.featurePsi().forEach(features::put);
        node.put("predictionPsi", snapshot.predictionPsi());
        snapshot.driftedFeatures().forEach(node.putArray("driftedFeatures")::add);
    }

    private static void liveMetrics(ObjectNode node, LiveQuality.VersionQuality quality) {
        node.put("labels", quality.labels());
        Map<String, Double> values = new TreeMap<>();
        quality.accuracy().ifPresent(a -> values.put("accuracy", a));
        quality.rmse().ifPresent(r -> values.put("rmse", r));
        values.forEach(node::put);
    }
}
