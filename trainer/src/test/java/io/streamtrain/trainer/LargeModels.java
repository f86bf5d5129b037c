package io.streamtrain.trainer;

import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.core.learning.Hyperparameter;
import io.streamtrain.core.learning.HyperparameterValues;
import io.streamtrain.messages.BatchMessage;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.ml.train.BatchTrainer;
import io.streamtrain.ml.train.TrainingRequest;
import io.streamtrain.ml.train.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Real random forests of a chosen size, fitted by the pipeline's own trainer. On records whose labels are noise every
 * tree grows until its leaves are pure, so a forest's serialized size grows with its trees and its records (rows,
 * not features: few features keep the fit quick).
 */
final class LargeModels {

    private static final int CHUNK_RECORDS = 4000;
    /** No practical cap: trees grow until their leaves are pure. */
    private static final int MAX_LEAVES = 1_000_000;

    private LargeModels() {
    }

    /** {@code count} records of the demo features with random values and random labels, ids {@code <batchId>-r<i>}. */
    static List<CleanRecord> noisyRecords(String batchId, int count) {
        Random random = new Random(7);
        return IntStream.range(0, count).mapToObj(i -> CleanRecord.newBuilder()
                .setRecordId(batchId + "-r" + i)
                .setEventTime(TestBatches.WINDOW_START.plusMillis(i))
                .setFeatures(List.<Object>of(random.nextGaussian(), random.nextGaussian(), random.nextGaussian(),
                        random.nextGaussian(), (double) random.nextInt(2), "north"))
                .setLabel(random.nextBoolean() ? "churn" : "stay")
                .setSourcePartition(0)
                .setSourceOffset(i)
                .build()).toList();
    }

    /** A whole batch of {@code count} {@link #noisyRecords}, in chunks of at most 4000 records, then its manifest. */
    static List<BatchMessage> noisyBatch(String pipeline, String batchId, int count) {
        List<CleanRecord> records = noisyRecords(batchId, count);
        List<BatchMessage> messages = new ArrayList<>();
        for (int from = 0; from < count; from += CHUNK_RECORDS) {
            messages.add(TestBatches.chunk(pipeline, batchId, messages.size(),
                    records.subList(from, Math.min(count, from + CHUNK_RECORDS))));
        }
        messages.add(TestBatches.manifest(pipeline, batchId, messages.size(), count));
        return messages;
    }

    /** Trains a random forest of {@code trees} fully grown trees on the request's records. */
    static ModelTrainer randomForest(int trees) {
        return request -> new BatchTrainer().train(asForest(request, trees));
    }

    private static TrainingRequest asForest(TrainingRequest request, int trees) {
        TrainingSettings settings = request.settings();
        TrainingSettings forest = new TrainingSettings(settings.task(), AlgorithmOptions.of(HyperparameterValues.of(Algorithms.RANDOM_FOREST,
                Map.of(Hyperparameter.RF_TREES, trees, Hyperparameter.RF_MAX_NODES, MAX_LEAVES, Hyperparameter.RF_NODE_SIZE, 1))),
                settings.seed(), settings.testFraction(), settings.splitStrategy(), settings.minRecords(),
                settings.preprocessing());
        return new TrainingRequest(request.pipeline(), request.version(), request.spec(), forest, request.batchId(),
                request.source(), request.records(), request.horizon(), request.start());
    }
}
