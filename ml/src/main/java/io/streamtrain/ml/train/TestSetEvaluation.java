package io.streamtrain.ml.train;

import io.streamtrain.ml.evaluate.ClassificationMetrics;
import java.util.Optional;
import smile.classification.Classifier;

/** Scores the held-out vectors with a freshly fitted model and measures it. */
final class TestSetEvaluation {

    private TestSetEvaluation() {
    }

    /**
     * The model's metrics on {@code test}, or empty when it produced a non-finite probability (a diverged fit).
     * Class indices of the model are those of {@code classCount} sorted class names, all present in training.
     */
    static Optional<ClassificationMetrics> evaluate(Classifier<double[]> model, LabelledVectors test, int classCount) {
        int[] predicted = new int[test.size()];
        double[] positive = classCount == 2 ? new double[test.size()] : null;
        double[] posteriori = new double[classCount];
        for (int i = 0; i < test.size(); i++) {
            predicted[i] = model.predict(test.x()[i], posteriori);
            for (double p : posteriori) {
                if (!Double.isFinite(p)) {
                    return Optional.empty();
                }
            }
            if (positive != null) {
                positive[i] = posteriori[1];
            }
        }
        return Optional.of(ClassificationMetrics.of(test.y(), predicted, positive));
    }
}
