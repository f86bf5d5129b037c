package io.streamtrain.trainer;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.model.JavaModelSerialization;
import io.streamtrain.ml.model.ModelDigest;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.nio.ByteBuffer;
import java.util.Random;
import smile.classification.KNN;

/**
 * Real, loadable models of a chosen size: a k-nearest-neighbour classifier keeps its training vectors, so its
 * serialized size grows with the rows it is fitted on (about 150 bytes per row of 10 features) and it fits in
 * milliseconds, unlike a forest of the same size.
 */
final class LargeModels {

    private static final int BYTES_PER_ROW_ESTIMATE = 150;

    private LargeModels() {
    }

    /** {@code envelope} with its model replaced by a KNN of at least {@code bytes} serialized bytes on the same features. */
    static ModelEnvelope withModelOfAtLeast(ModelEnvelope envelope, int bytes) {
        int width = FeatureTransformer.of(envelope).width();
        Random random = new Random(7);
        int rows = bytes / BYTES_PER_ROW_ESTIMATE + 1;
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
            rows += rows / 4;
        } while (model.length < bytes);
        return ModelEnvelope.newBuilder(envelope)
                .setAlgorithm("knn")
                .setModelBytes(ByteBuffer.wrap(model))
                .setModelSha256(ModelDigest.sha256Hex(model))
                .build();
    }
}
