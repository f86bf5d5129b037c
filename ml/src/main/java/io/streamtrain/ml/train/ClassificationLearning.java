package io.streamtrain.ml.train;

import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.ml.algorithm.FittedModel;
import io.streamtrain.ml.algorithm.ModelFitter;
import io.streamtrain.ml.drift.DriftBaselines;
import io.streamtrain.ml.evaluate.ClassificationMetrics;
import io.streamtrain.ml.model.VectorClassifier;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Classification: classes from the train split's labels (see {@link ClassIndex}), evaluated with {@link ClassificationMetrics}. */
final class ClassificationLearning implements TaskLearning {

    /** More distinct labels than this look like a regression target, and would make the model's size grow with the batch. */
    static final int MAX_CLASSES = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ClassificationLearning.class);

    @Override
    public boolean hasUsableLabel(CleanRecord record) {
        return ClassIndex.nameOf(record.getLabel()) != null;
    }

    @Override
    public String classOf(CleanRecord record) {
        return ClassIndex.nameOf(record.getLabel());
    }

    @Override
    public Optional<String> labelProblem(List<CleanRecord> records, String where) {
        ClassIndex classes = ClassIndex.of(records);
        if (classes.size() < 2) {
            return Optional.of(where + " has a single class " + classes.names() + "; a classifier needs at least two");
        }
        if (classes.size() > MAX_CLASSES) {
            return Optional.of(where + " has " + classes.size() + " distinct labels, more than " + MAX_CLASSES
                    + " classes; is the label a regression target (task=regression)?");
        }
        return Optional.empty();
    }

    @Override
    public Result fitAndEvaluate(AlgorithmOptions options, long seed, FeatureTransformer transformer, TrainTestSplit split, WarmStart start) {
        ClassIndex classes = ClassIndex.of(split.train());
        LabelledVectors train = LabelledVectors.of(split.train(), transformer, classes);
        FittedModel fit;
        try {
            fit = ModelFitter.classifier(options, train.x(), train.y(), seed, start.modelFor(classes.names(), transformer.width()));
        } catch (RuntimeException e) {
            LOG.warn("{} failed to fit", options.algorithm(), e);
            return new Failed(options.algorithm() + " failed to fit: " + e);
        }
        Serializable model = fit.model();
        VectorClassifier classifier = VectorClassifier.of(model, transformer.width());
        return evaluate(classifier, LabelledVectors.of(split.test(), transformer, classes), classes)
                .<Result>map(metrics -> new Fitted(model, classes.names(), metrics.asMap(), metrics.confusionRows(),
                        DriftBaselines.predictedClasses(classes.names(), metrics.confusionRows()), fit.facts(), Optional.empty()))
                .orElseGet(() -> new Failed(options.algorithm() + " diverged (non-finite probabilities)"
                        + (options.algorithm().equals(Algorithms.LOGISTIC_REGRESSION) ? "; raise the lambda hyperparameter" : "")));
    }

    /** The metrics on {@code test}, or empty when the model produced a non-finite probability (a diverged fit). */
    static Optional<ClassificationMetrics> evaluate(VectorClassifier classifier, LabelledVectors test, ClassIndex classes) {
        int[] slotClass = classifier.classes();
        int[] predicted = new int[test.size()];
        double[][] probabilities = new double[test.size()][classes.size()];
        double[] posteriori = new double[slotClass.length];
        for (int i = 0; i < test.size(); i++) {
            predicted[i] = classifier.predict(test.x()[i], posteriori);
            for (int slot = 0; slot < posteriori.length; slot++) {
                if (!Double.isFinite(posteriori[slot])) {
                    return Optional.empty();
                }
                probabilities[i][slotClass[slot]] = posteriori[slot];
            }
        }
        return Optional.of(ClassificationMetrics.of(classes.names(), test.y(), predicted, probabilities));
    }
}
