package io.streamtrain.ml.train;

import io.streamtrain.messages.CleanRecord;
import io.streamtrain.ml.algorithm.AlgorithmOptions;
import io.streamtrain.ml.algorithm.ModelFitter;
import io.streamtrain.ml.drift.DriftBaselines;
import io.streamtrain.ml.evaluate.RegressionMetrics;
import io.streamtrain.ml.evaluate.ResidualSummaries;
import io.streamtrain.ml.model.VectorRegressor;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Regression: the label's numeric value is the target, evaluated with {@link RegressionMetrics} and summarized by
 * {@link ResidualSummaries}.
 */
final class RegressionLearning implements TaskLearning {

    private static final Logger LOG = LoggerFactory.getLogger(RegressionLearning.class);

    @Override
    public boolean hasUsableLabel(CleanRecord record) {
        return Double.isFinite(valueOf(record.getLabel()));
    }

    @Override
    public String classOf(CleanRecord record) {
        throw new UnsupportedOperationException("regression labels have no classes; the stratified split needs classification");
    }

    @Override
    public Optional<String> labelProblem(List<CleanRecord> records, String where) {
        double first = valueOf(records.getFirst().getLabel());
        if (records.stream().allMatch(r -> valueOf(r.getLabel()) == first)) {
            return Optional.of(where + "'s regression label has zero variance (every label is " + first + "); there is nothing to learn");
        }
        return Optional.empty();
    }

    /** {@code start} is not used: linear regression is solved in closed form, and trees have no starting point. */
    @Override
    public Result fitAndEvaluate(AlgorithmOptions options, long seed, FeatureTransformer transformer, TrainTestSplit split, WarmStart start) {
        double[][] x = vectors(split.train(), transformer);
        Serializable model;
        try {
            model = ModelFitter.regressor(options, x, targets(split.train()), seed);
        } catch (RuntimeException e) {
            LOG.warn("{} failed to fit", options.algorithm(), e);
            return new Failed(options.algorithm() + " failed to fit: " + e.getMessage());
        }
        VectorRegressor regressor = VectorRegressor.of(model, transformer.width());
        double[][] testX = vectors(split.test(), transformer);
        double[] predicted = new double[testX.length];
        for (int i = 0; i < testX.length; i++) {
            predicted[i] = regressor.predict(testX[i]);
            if (!Double.isFinite(predicted[i])) {
                return new Failed(options.algorithm() + " diverged (a non-finite prediction)");
            }
        }
        double[] truth = targets(split.test());
        RegressionMetrics metrics = RegressionMetrics.of(truth, predicted);
        return new Fitted(model, List.of(), metrics.asMap(), List.of(), DriftBaselines.predictedValues(predicted), Map.of(),
                Optional.of(ResidualSummaries.of(truth, predicted)));
    }

    /** A label's numeric value: a number, or text that parses as one; NaN when there is none or it is not finite. */
    static double valueOf(Object label) {
        return switch (label) {
            case Number number -> Double.isFinite(number.doubleValue()) ? number.doubleValue() : Double.NaN;
            case CharSequence text -> parse(text.toString());
            case null, default -> Double.NaN;
        };
    }

    private static double parse(String text) {
        try {
            double value = Double.parseDouble(text.strip());
            return Double.isFinite(value) ? value : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double[][] vectors(List<CleanRecord> records, FeatureTransformer transformer) {
        return records.stream().map(r -> transformer.transform(r.getFeatures())).toArray(double[][]::new);
    }

    private static double[] targets(List<CleanRecord> records) {
        return records.stream().mapToDouble(r -> valueOf(r.getLabel())).toArray();
    }
}
