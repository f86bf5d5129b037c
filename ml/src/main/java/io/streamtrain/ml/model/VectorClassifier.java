package io.streamtrain.ml.model;

import smile.classification.Classifier;
import smile.classification.DataFrameClassifier;

/**
 * A Smile classifier with class probabilities, called on preprocessed vectors whatever its input type: a
 * vector classifier (logistic regression) directly, a data-frame classifier (random forest, boosted trees)
 * through a {@link VectorSchema} tuple. Thread-safe when the classifier's soft prediction is (Smile's are).
 */
public final class VectorClassifier {

    private final Classifier<double[]> vectors;
    private final DataFrameClassifier frames;
    private final VectorSchema schema;

    private VectorClassifier(Classifier<double[]> vectors, DataFrameClassifier frames, VectorSchema schema) {
        this.vectors = vectors;
        this.frames = frames;
        this.schema = schema;
    }

    /**
     * Wraps {@code model} for {@code width}-wide vectors.
     *
     * @throws IllegalArgumentException when the model is not a Smile classifier with class probabilities
     */
    @SuppressWarnings("unchecked")
    public static VectorClassifier of(Object model, int width) {
        if (model instanceof DataFrameClassifier frames && frames.isSoft()) {
            return new VectorClassifier(null, frames, VectorSchema.of(width));
        }
        if (model instanceof Classifier<?> classifier && classifier.isSoft()) {
            return new VectorClassifier((Classifier<double[]>) classifier, null, null);
        }
        throw new IllegalArgumentException((model == null ? "null" : "a " + model.getClass().getName())
                + " is not a Smile classifier with class probabilities");
    }

    /** The class index of each posterior slot. */
    public int[] classes() {
        return vectors != null ? vectors.classes() : frames.classes();
    }

    /** The predicted class index; {@code posteriori} receives the probability of each of {@link #classes()}. */
    public int predict(double[] x, double[] posteriori) {
        return vectors != null ? vectors.predict(x, posteriori) : frames.predict(schema.tuple(x), posteriori);
    }
}
