package io.streamtrain.schemas.testing;

import io.streamtrain.messages.FeatureSchema;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.messages.Task;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Small model envelopes of pipeline {@code p}: no features, an empty model, metric {@code auc} 0.9, one window; for tests
 * that read envelopes' versions, statuses and metadata rather than predict with them.
 */
public final class TestEnvelopes {

    private TestEnvelopes() {
    }

    public static ModelEnvelope envelope(long version, PromotionStatus status) {
        return ModelEnvelope.newBuilder()
                .setPipeline("p").setVersion(version).setTask(Task.CLASSIFICATION).setAlgorithm("logistic-regression")
                .setHyperparameters(Map.of())
                .setFeatureSchema(FeatureSchema.newBuilder().setFeatures(List.of()).setLabelField("label").setClasses(List.of()).build())
                .setPreprocessing(FittedPreprocessing.newBuilder().setColumns(List.of()).build())
                .setModelFormat("java-serialization").setModelBytes(ByteBuffer.allocate(0)).setModelSha256("00")
                .setMetrics(Map.of("auc", 0.9))
                .setLineage(Lineage.newBuilder().setBatchId("b" + version).setSourceTopic("p.records")
                        .setWindowStart(Instant.ofEpochMilli(60_000)).setWindowEnd(Instant.ofEpochMilli(120_000))
                        .setRecordCount(100).setTrainCount(80).setTestCount(20).setSourceRanges(List.of()).build())
                .setCreatedAt(Instant.ofEpochMilli(130_000)).setTrainingMillis(12).setSmileVersion("6.3.0").setStreamtrainVersion("dev")
                .setPromotion(PromotionDecision.newBuilder().setStatus(status).setMetric("f1").setReason("test").build())
                .build();
    }
}
