package io.streamtrain.bench.registry;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.JavaModelSerialization;
import io.streamtrain.ml.model.ModelDigest;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.nio.ByteBuffer;
import java.util.Random;
import smile.classification.KNN;

/**
 * Loadable models of a chosen size on a real envelope's features: a k-nearest-neighbour classifier keeps its training
 * vectors, so its serialized size grows with its rows, and it fits in milliseconds. Its vectors are random doubles,
 * which compress about as badly as a forest's split values do.
 */
final class SizedModels {

    private static final int BYTES_PER_ROW_ESTIMATE = 150;

    private SizedModels() {
    }

    /** {@code envelope} with its model replaced by a KNN of at least {@code bytes} serialized bytes. */
    static ModelEnvelope withModelOfAtLeast(ModelEnvelope envelope, int bytes) {
        int width = FeatureTransformer.of(envelope).width();
        Random random = new Random(11);
        int rows = Math.max(4, bytes / BYTES_PER_ROW_ESTIMATE);
        byte[] model;
        do {
            double[][] x = new double[rows][width];
            int[] y = new int[rows];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < width; j++) {
                    x[i][j] = random.nextGaussian();
                }
                y[i] = i % 2;
            }
            model = JavaModelSerialization.serialize(KNN.fit(x, y, 3));
            rows += rows / 8 + 1;
        } while (model.length < bytes);
        return ModelEnvelope.newBuilder(envelope)
                .setAlgorithm("knn")
                .setModelBytes(ByteBuffer.wrap(model))
                .setModelSha256(ModelDigest.sha256Hex(model))
                .build();
    }
}
