package io.streamtrain.ml.train;

import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.DriftBaseline;
import io.streamtrain.messages.FeatureSchema;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.HorizonFacts;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.OffsetRange;
import io.streamtrain.messages.OnnxGraph;
import io.streamtrain.messages.TuningReport;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.ml.model.JavaModelSerialization;
import io.streamtrain.ml.model.ModelDigest;
import io.streamtrain.ml.model.RuntimeVersions;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Packs a trained model and everything needed to use and audit it into a {@link ModelEnvelope}. */
final class EnvelopeAssembler {

    /** Key of the training seed among the envelope's hyperparameters. */
    static final String SEED = "seed";

    /**
     * What training produced.
     *
     * @param options    the algorithm's options, every value used
     * @param modelBytes the Java-serialized model
     * @param split      the records the model was trained and tested on (after dropped rows)
     * @param baseline   feature distributions on the train split and predictions on the test split; null when not known
     * @param refit      whether the model and preprocessing were fit again on every row after evaluation
     * @param tuning     the hyperparameter search that chose {@code options}; null without one
     */
    record TrainedParts(AlgorithmOptions options, TaskLearning.Fitted fitted, FittedPreprocessing preprocessing, byte[] modelBytes,
                        TrainTestSplit split, DriftBaseline baseline, boolean refit, TuningReport tuning) {
    }

    private EnvelopeAssembler() {
    }

    /** The envelope of {@code parts}, with {@code onnx}, the model's checked ONNX graph. */
    static ModelEnvelope assemble(TrainingRequest request, TrainedParts parts, OnnxGraph onnx, Instant createdAt, long trainingMillis) {
        return ModelEnvelope.newBuilder()
                .setPipeline(request.pipeline())
                .setVersion(request.version())
                .setTask(request.settings().task())
                .setAlgorithm(parts.options().algorithm())
                .setHyperparameters(hyperparameters(parts, request.settings()))
                .setFeatureSchema(new FeatureSchema(request.spec().definitions(), request.spec().labelField(), parts.fitted().classes()))
                .setPreprocessing(parts.preprocessing())
                .setModelFormat(JavaModelSerialization.FORMAT)
                .setModelBytes(ByteBuffer.wrap(parts.modelBytes()))
                .setModelSha256(ModelDigest.sha256Hex(parts.modelBytes()))
                .setMetrics(parts.fitted().metrics())
                .setConfusionMatrix(parts.fitted().confusion())
                .setLineage(lineage(request, parts))
                .setCreatedAt(createdAt)
                .setTrainingMillis(trainingMillis)
                .setSmileVersion(RuntimeVersions.smile())
                .setStreamtrainVersion(RuntimeVersions.streamtrain())
                .setDriftBaseline(parts.baseline())
                .setTuning(parts.tuning())
                .setOnnx(onnx)
                .build();
    }

    /**
     * Every hyperparameter that made the model, defaults included, the seed, and what the published fit reported
     * ({@code fit.iterations} and {@code fit.warm.start} for logistic regression).
     */
    private static Map<String, String> hyperparameters(TrainedParts parts, TrainingSettings settings) {
        Map<String, String> recorded = new LinkedHashMap<>(parts.options().toMap());
        recorded.put(SEED, Long.toString(settings.seed()));
        recorded.putAll(new TreeMap<>(parts.fitted().fitFacts()));
        return recorded;
    }

    private static Lineage lineage(TrainingRequest request, TrainedParts parts) {
        BatchManifest manifest = request.manifest();
        List<OffsetRange> ranges = manifest.getSourceRanges().stream()
                .map(r -> new OffsetRange(r.getPartition(), r.getFirstOffset(), r.getLastOffset(), r.getRecordCount()))
                .toList();
        HorizonRows horizon = request.horizon();
        long rowsUsed = horizon.earlier().size() + request.records().size();
        return Lineage.newBuilder()
                .setBatchId(request.batchId())
                .setSourceTopic(manifest.getSourceTopic())
                .setWindowStart(manifest.getWindowStart())
                .setWindowEnd(manifest.getWindowEnd())
                .setRecordCount(rowsUsed)
                .setTrainCount(parts.split().train().size())
                .setTestCount(parts.split().test().size())
                .setSourceRanges(ranges)
                .setHorizon(horizon.fromHorizon() ? new HorizonFacts(horizon.rowsAvailable(), rowsUsed,
                        horizon.policy().sampling().key(), horizon.policy().evaluation().key(), parts.refit(), horizon.windows())
                        : null)
                .build();
    }
}
