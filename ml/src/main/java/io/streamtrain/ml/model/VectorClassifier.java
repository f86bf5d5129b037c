package io.streamtrain.ml.model;

import io.streamtrain.ml.model.forest.FlatClassificationForest;
import io.streamtrain.ml.model.forest.ForestCompiler;
import io.streamtrain.ml.model.forest.UnsupportedForestException;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import smile.classification.Classifier;
import smile.classification.DataFrameClassifier;
import smile.classification.RandomForest;

/**
 * A Smile classifier with class probabilities, called on preprocessed vectors whatever its input type: a vector
 * classifier (logistic regression) directly, a random forest through its flat compiled form
 * ({@link ForestCompiler}; same predictions, none of Smile's per-node tuple reads), any other data-frame classifier
 * (boosted trees, or a forest the compiler refuses) through a {@link VectorSchema} tuple. Thread-safe when the
 * classifier's soft prediction is (Smile's are).
 */
public final class VectorClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(VectorClassifier.class);

    @FunctionalInterface
    private interface SoftPrediction {
        int predict(double[] x, double[] posteriori);
    }

    @FunctionalInterface
    private interface SoftPredictions {
        int[] predictAll(double[][] xs, double[][] posteriori, ForkJoinPool pool);
    }

    private final SoftPrediction prediction;
    private final SoftPredictions predictions;
    private final int[] classes;
    private final String description;

    private VectorClassifier(SoftPrediction prediction, SoftPredictions predictions, int[] classes, String description) {
        this.prediction = prediction;
        this.predictions = predictions;
        this.classes = classes;
        this.description = description;
    }

    private VectorClassifier(SoftPrediction prediction, int[] classes, String description) {
        this.prediction = prediction;
        this.predictions = (xs, posteriori, pool) -> {
            int[] predicted = new int[xs.length];
            for (int i = 0; i < xs.length; i++) {
                predicted[i] = prediction.predict(xs[i], posteriori[i]);
            }
            return predicted;
        };
        this.classes = classes;
        this.description = description;
    }

    /**
     * Wraps {@code model} for {@code width}-wide vectors.
     *
     * @throws IllegalArgumentException when the model is not a Smile classifier with class probabilities
     */
    @SuppressWarnings("unchecked")
    public static VectorClassifier of(Object model, int width) {
        if (model instanceof DataFrameClassifier frames && frames.isSoft()) {
            VectorSchema schema = VectorSchema.of(width);
            if (frames instanceof RandomForest forest) {
                try {
                    FlatClassificationForest flat = ForestCompiler.classification(forest, schema.structType());
                    return new VectorClassifier(flat::predict, flat::predictAll, flat.classes(), flat.toString());
                } catch (UnsupportedForestException e) {
                    LOG.debug("Random forest scored by Smile's own predict, not compiled: {}", e.getMessage());
                }
            }
            return new VectorClassifier((x, posteriori) -> frames.predict(schema.tuple(x), posteriori), frames.classes(),
                    "Smile " + frames.getClass().getSimpleName() + " on " + width + "-wide tuples");
        }
        if (model instanceof Classifier<?> classifier && classifier.isSoft()) {
            Classifier<double[]> vectors = (Classifier<double[]>) classifier;
            return new VectorClassifier(vectors::predict, vectors.classes(), "Smile " + vectors.getClass().getSimpleName());
        }
        throw new IllegalArgumentException((model == null ? "null" : "a " + model.getClass().getName())
                + " is not a Smile classifier with class probabilities");
    }

    /** The class index of each posterior slot. */
    public int[] classes() {
        return classes.clone();
    }

    /** The predicted class index; {@code posteriori} receives the probability of each of {@link #classes()}. */
    public int predict(double[] x, double[] posteriori) {
        return prediction.predict(x, posteriori);
    }

    /**
     * The predicted class index of each of {@code xs}; {@code posteriori[i]} receives the probabilities of
     * {@code xs[i]}, as {@link #predict} gives them. A compiled forest scores them together, which is faster, in
     * blocks spread over {@code pool}'s threads; other models score them one by one on the calling thread.
     */
    public int[] predictAll(double[][] xs, double[][] posteriori, ForkJoinPool pool) {
        return predictions.predictAll(xs, posteriori, pool);
    }

    /** How the model is scored, for logs: the compiled forest's size, or the Smile class. */
    @Override
    public String toString() {
        return description;
    }
}
