package io.streamtrain.trainer;

import io.streamtrain.ml.train.TrainingSource;
import io.streamtrain.messages.BatchManifest;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.messages.FeatureSchema;
import io.streamtrain.messages.FittedPreprocessing;
import io.streamtrain.messages.Lineage;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.train.TrainingOutcome;
import io.streamtrain.ml.train.TrainingRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A trainer that makes a tiny envelope from any batch with at least the configured minimum of records, and
 * can be told to block (until released) or throw on chosen batches. Records every request it gets.
 */
public final class FakeTrainer implements ModelTrainer {

    private final List<TrainingRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> blocked = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    /** Fits of {@code batchId} wait until {@link #release} (or an interrupt). */
    public FakeTrainer blockOn(String batchId) {
        blocked.put(batchId, new CountDownLatch(1));
        return this;
    }

    public void release(String batchId) {
        blocked.remove(batchId).countDown();
    }

    /** Fits of {@code batchId} throw. */
    public FakeTrainer failOn(String batchId) {
        failing.add(batchId);
        return this;
    }

    public List<TrainingRequest> requests() {
        return List.copyOf(requests);
    }

    public long requestsFor(String batchId) {
        return requests.stream().filter(r -> r.batchId().equals(batchId)).count();
    }

    @Override
    public TrainingOutcome train(TrainingRequest request) throws InterruptedException {
        requests.add(request);
        CountDownLatch latch = blocked.get(request.batchId());
        if (latch != null) {
            latch.await();
        }
        if (failing.contains(request.batchId())) {
            throw new IllegalStateException("injected failure on " + request.batchId());
        }
        if (request.records().size() < request.settings().minRecords()) {
            return new TrainingOutcome.Skipped("batch has " + request.records().size()
                    + " records, fewer than the minimum of " + request.settings().minRecords());
        }
        return new TrainingOutcome.Trained(envelope(request));
    }

    /** An envelope for {@code request} with fixed metrics and made-up model bytes. */
    public static ModelEnvelope envelope(TrainingRequest request) {
        byte[] model = ("model of " + request.batchId()).getBytes(StandardCharsets.UTF_8);
        List<FeatureDefinition> features = request.spec().definitions();
        return ModelEnvelope.newBuilder()
                .setPipeline(request.pipeline())
                .setVersion(request.version())
                .setTask(Task.CLASSIFICATION)
                .setAlgorithm(request.settings().algorithm())
                .setHyperparameters(request.settings().options().toMap())
                .setFeatureSchema(new FeatureSchema(features, request.spec().labelField(), List.of("churn", "stay")))
                .setPreprocessing(new FittedPreprocessing(List.of()))
                .setModelFormat("test")
                .setModelBytes(ByteBuffer.wrap(model))
                .setModelSha256("00")
                .setMetrics(Map.of("accuracy", 0.75))
                .setLineage(Lineage.newBuilder()
                        .setBatchId(request.batchId())
                        .setSourceTopic(window(request).getSourceTopic())
                        .setWindowStart(window(request).getWindowStart())
                        .setWindowEnd(window(request).getWindowEnd())
                        .setRecordCount(request.records().size())
                        .setTrainCount(request.records().size() - 1)
                        .setTestCount(1)
                        .setSourceRanges(window(request).getSourceRanges())
                        .build())
                .setCreatedAt(Instant.parse("2030-01-01T01:00:00Z"))
                .setTrainingMillis(5)
                .setSmileVersion("test")
                .setStreamtrainVersion("test")
                .build();
    }

    /** The trainer trains windows only. */
    private static BatchManifest window(TrainingRequest request) {
        return ((TrainingSource.Window) request.source()).manifest();
    }
}
