package io.streamtrain.ml.model;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import smile.classification.Classifier;

/**
 * A verified model ready to score: its envelope, the preprocessing it was trained with, and the deserialized
 * Smile classifier. Made only by {@link ModelLoader}, which has checked that all three fit together.
 *
 * <p>Thread-safe: scoring only reads the transformer and the classifier's weights (Smile's soft
 * {@code predict(x, posteriori)} writes nothing but the caller's array), so any number of threads may score at once.
 */
public final class LoadedModel {

    private final ModelEnvelope envelope;
    private final long version;
    private final String pipeline;
    private final FeatureTransformer transformer;
    private final Classifier<double[]> classifier;
    private final List<String> classes;
    private final int[] classOfPosterior;

    LoadedModel(ModelEnvelope envelope, FeatureTransformer transformer, Classifier<double[]> classifier, List<String> classes) {
        this.envelope = envelope;
        this.version = envelope.getVersion();
        this.pipeline = envelope.getPipeline();
        this.transformer = transformer;
        this.classifier = classifier;
        this.classes = List.copyOf(classes);
        this.classOfPosterior = classifier.classes();
    }

    /** The model's version within its pipeline. */
    public long version() {
        return version;
    }

    /** The pipeline the model belongs to. */
    public String pipeline() {
        return pipeline;
    }

    /**
     * The envelope the model was loaded from, as given to {@link ModelLoader#load}. Scoring does not read it:
     * everything it needs was taken from it at load time, so later changes to it cannot change predictions.
     */
    public ModelEnvelope envelope() {
        return envelope;
    }

    /** Class names by model class index. */
    public List<String> classes() {
        return classes;
    }

    /**
     * The model input for {@code record}: its features through the fitted preprocessing, exactly as in training.
     *
     * @throws IllegalArgumentException when the record has a different number of features than the model
     */
    public double[] featureVector(CleanRecord record) {
        return transformer.transform(record.getFeatures());
    }

    /**
     * Predicts {@code record}'s class and the probability of every class.
     *
     * @throws IllegalArgumentException when the record has a different number of features than the model
     */
    public ScoredRecord score(CleanRecord record) {
        double[] posteriori = new double[classOfPosterior.length];
        int predicted = classifier.predict(featureVector(record), posteriori);
        Map<String, Double> probabilities = HashMap.newHashMap(posteriori.length);
        for (int i = 0; i < posteriori.length; i++) {
            probabilities.put(classes.get(classOfPosterior[i]), posteriori[i]);
        }
        return new ScoredRecord(classes.get(predicted), probabilities);
    }
}
