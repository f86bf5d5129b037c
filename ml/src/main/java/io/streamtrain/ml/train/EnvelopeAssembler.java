package io.streamtrain.ml.train;

import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.FeatureSchema;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.evaluate.ClassificationMetrics;
import io.streamtrain.ml.model.JavaModelSerialization;
import io.streamtrain.ml.model.ModelDigest;
import io.streamtrain.ml.model.RuntimeVersions;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Packs a trained model and everything needed to use and audit it into a {@link ModelEnvelope}. */
final class EnvelopeAssembler {

    /**
     * What training produced.
     *
     * @param hyperparameters as recorded: the settings' values, completed with the defaults used
     * @param modelBytes      the Java-serialized Smile model
     */
    record TrainedParts(Map<String, String> hyperparameters, ClassIndex classes, FittedPreprocessing preprocessing,
                        byte[] modelBytes, ClassificationMetrics metrics, TrainTestSplit split) {
    }

    private EnvelopeAssembler() {
    }

    static ModelEnvelope assemble(TrainingRequest request, TrainedParts parts, Instant createdAt, long trainingMillis) {
        return ModelEnvelope.newBuilder()
                .setPipeline(request.pipeline())
                .setVersion(request.version())
                .setTask(Task.CLASSIFICATION)
                .setAlgorithm(request.settings().algorithm())
                .setHyperparameters(parts.hyperparameters())
                .setFeatureSchema(new FeatureSchema(request.spec().definitions(), request.spec().labelField(), parts.classes().names()))
                .setPreprocessing(parts.preprocessing())
                .setModelFormat(JavaModelSerialization.FORMAT)
                .setModelBytes(ByteBuffer.wrap(parts.modelBytes()))
                .setModelSha256(ModelDigest.sha256Hex(parts.modelBytes()))
                .setMetrics(parts.metrics().asMap())
                .setLineage(lineage(request, parts.split()))
                .setCreatedAt(createdAt)
                .setTrainingMillis(trainingMillis)
                .setSmileVersion(RuntimeVersions.smile())
                .setStreamtrainVersion(RuntimeVersions.streamtrain())
                .build();
    }

    private static Lineage lineage(TrainingRequest request, TrainTestSplit split) {
        BatchManifest manifest = request.manifest();
        List<OffsetRange> ranges = manifest.getSourceRanges().stream()
                .map(r -> new OffsetRange(r.getPartition(), r.getFirstOffset(), r.getLastOffset(), r.getRecordCount()))
                .toList();
        return Lineage.newBuilder()
                .setBatchId(request.batchId())
                .setSourceTopic(manifest.getSourceTopic())
                .setWindowStart(manifest.getWindowStart())
                .setWindowEnd(manifest.getWindowEnd())
                .setRecordCount(request.records().size())
                .setTrainCount(split.train().size())
                .setTestCount(split.test().size())
                .setSourceRanges(ranges)
                .build();
    }
}
