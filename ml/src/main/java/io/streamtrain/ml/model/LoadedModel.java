package io.streamtrain.ml.model;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.Task;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * A verified model ready to score: its envelope, the preprocessing it was trained with, and the deserialized
 * model, a classifier or a regression model. Made only by {@link ModelLoader}, which has checked that they fit together.
 *
 * <p>Thread-safe: scoring only reads the transformer and the model (Smile's soft {@code predict(x, posteriori)}
 * writes nothing but the caller's array; tree models and the linear model only read), so any number of threads may score at once.
 */
public final class LoadedModel implements ServableModel {

    private final ModelEnvelope envelope;
    private final long version;
    private final String pipeline;
    private final FeatureTransformer transformer;
    private final Object model;
    private final VectorClassifier classifier;
    private final VectorRegressor regressor;
    private final List<String> classes;
    private final int[] classOfPosterior;

    private LoadedModel(ModelEnvelope envelope, FeatureTransformer transformer, Object model, VectorClassifier classifier,
                        VectorRegressor regressor, List<String> classes) {
        this.envelope = envelope;
        this.version = envelope.getVersion();
        this.pipeline = envelope.getPipeline();
        this.transformer = transformer;
        this.model = model;
        this.classifier = classifier;
        this.regressor = regressor;
        this.classes = List.copyOf(classes);
        this.classOfPosterior = classifier == null ? new int[0] : classifier.classes();
    }

    static LoadedModel classification(ModelEnvelope envelope, FeatureTransformer transformer, Object model, VectorClassifier classifier,
                                      List<String> classes) {
        return new LoadedModel(envelope, transformer, model, classifier, null, classes);
    }

    static LoadedModel regression(ModelEnvelope envelope, FeatureTransformer transformer, Object model, VectorRegressor regressor) {
        return new LoadedModel(envelope, transformer, model, null, regressor, List.of());
    }

    /** The model's version within its pipeline. */
    public long version() {
        return version;
    }

    /** The pipeline the model belongs to. */
    public String pipeline() {
        return pipeline;
    }

    /** Classification or regression. */
    public Task task() {
        return regressor == null ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    /**
     * The envelope the model was loaded from, as given to {@link ModelLoader#load}. Scoring does not read it:
     * everything it needs was taken from it at load time, so later changes to it cannot change predictions.
     */
    @Override
    public ModelEnvelope envelope() {
        return envelope;
    }

    /**
     * The deserialized model as it was fitted (a Smile model or a {@link LinearModel}), which a warm-started fit reads
     * its starting weights from. Shared, not copied: callers must not change it, or they change this model's scores.
     */
    public Object model() {
        return model;
    }

    /** The width of the model's input vectors after preprocessing. */
    public int inputWidth() {
        return transformer.width();
    }

    /** Class names by model class index; empty for a regression model. */
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
     * Predicts {@code record}'s class and the probability of every class, or its value for a regression model.
     *
     * @throws IllegalArgumentException when the record has a different number of features than the model
     * @throws IllegalStateException    when a regression model predicts a non-finite value
     */
    @Override
    public ScoredRecord score(CleanRecord record) {
        double[] x = featureVector(record);
        if (regressor != null) {
            double value = regressor.predict(x);
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("model " + pipeline + " v" + version + " predicted the non-finite value " + value);
            }
            return ScoredRecord.ofValue(value);
        }
        double[] posteriori = new double[classOfPosterior.length];
        return classified(classifier.predict(x, posteriori), posteriori);
    }

    /**
     * Scores every record of {@code records}, in order, as {@link #score} scores each: the same classes,
     * probabilities and values. A classifier scores them together (a compiled forest walks each tree once for a block
     * of records, the blocks spread over {@code pool}'s threads).
     *
     * @throws IllegalArgumentException when a record has a different number of features than the model
     * @throws IllegalStateException    when a regression model predicts a non-finite value
     */
    public List<ScoredRecord> scoreAll(List<CleanRecord> records, ForkJoinPool pool) {
        List<ScoredRecord> scored = new ArrayList<>(records.size());
        if (regressor != null) {
            for (CleanRecord record : records) {
                scored.add(score(record));
            }
            return scored;
        }
        double[][] xs = new double[records.size()][];
        double[][] posteriori = new double[records.size()][classOfPosterior.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = featureVector(records.get(i));
        }
        int[] predicted = classifier.predictAll(xs, posteriori, pool);
        for (int i = 0; i < xs.length; i++) {
            scored.add(classified(predicted[i], posteriori[i]));
        }
        return scored;
    }

    private ScoredRecord classified(int predicted, double[] posteriori) {
        // Built immutable at once, so the record keeps this map instead of copying it.
        @SuppressWarnings("unchecked")
        Map.Entry<String, Double>[] probabilities = new Map.Entry[posteriori.length];
        for (int i = 0; i < posteriori.length; i++) {
            probabilities[i] = Map.entry(classes.get(classOfPosterior[i]), posteriori[i]);
        }
        return ScoredRecord.ofClass(classes.get(predicted), Map.ofEntries(probabilities));
    }
}
