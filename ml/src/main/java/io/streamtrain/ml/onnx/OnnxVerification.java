package io.streamtrain.ml.onnx;

import ai.onnxruntime.OrtException;
import io.streamtrain.messages.CleanRecord;
import io.streamtrain.messages.FeatureDefinition;
import io.streamtrain.ml.model.VectorClassifier;
import io.streamtrain.ml.model.VectorRegressor;
import io.streamtrain.ml.preprocess.FeatureTransformer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an {@link OnnxExport} graph against the native model it was written from: ONNX Runtime scores the rows,
 * the native model (through the same preprocessing as training, {@link FeatureTransformer}) scores them too, and
 * they must agree: identical labels, and every probability or value within {@link #TOLERANCE} of the native one,
 * relative to the larger of 1 and the native value's magnitude.
 *
 * <p>Why a tolerance at all: ONNX Runtime adds the weighted sum of a linear model in another order than Smile, and
 * its tree ensemble operator (ai.onnx.ml opset 3) sums leaves in double but returns float, so a tree model's sums
 * carry a float's rounding (a relative 6e-8) before the graph turns them into probabilities in double.
 */
public final class OnnxVerification {

    /** Largest accepted difference of a probability or value, relative to {@code max(1, |native|)}. */
    public static final double TOLERANCE = 1e-6;

    /**
     * What the check found.
     *
     * @param rows          rows compared
     * @param maxDifference the largest relative difference of a probability or value
     * @param disagreement  why the graph is refused; empty when it agrees on every row
     */
    public record Result(int rows, double maxDifference, Optional<String> disagreement) {
        public Result {
            Objects.requireNonNull(disagreement, "disagreement");
        }
    }

    private OnnxVerification() {
    }

    /**
     * Scores {@code rows} with {@code graph} and with {@code model} behind {@code transformer}.
     *
     * @param classes the envelope's class names; empty for regression
     */
    public static Result check(byte[] graph, List<FeatureDefinition> features, FeatureTransformer transformer, List<String> classes,
                               Object model, List<CleanRecord> rows) {
        List<List<Object>> values = rows.stream().map(CleanRecord::getFeatures).toList();
        OnnxModel.Predictions onnx;
        try (OnnxModel runtime = OnnxModel.load(graph, features, !classes.isEmpty())) {
            onnx = runtime.predict(values);
        } catch (OrtException | RuntimeException e) {
            return new Result(rows.size(), Double.NaN, Optional.of("ONNX Runtime cannot run the graph: " + e.getMessage()));
        }
        return classes.isEmpty() ? compareValues(onnx, VectorRegressor.of(model, transformer.width()), transformer, rows)
                : compareClasses(onnx, VectorClassifier.of(model, transformer.width()), transformer, classes, rows);
    }

    private static Result compareClasses(OnnxModel.Predictions onnx, VectorClassifier classifier, FeatureTransformer transformer,
                                         List<String> classes, List<CleanRecord> rows) {
        double[] posteriori = new double[classes.size()];
        double max = 0.0;
        for (int i = 0; i < rows.size(); i++) {
            int predicted = classifier.predict(transformer.transform(rows.get(i).getFeatures()), posteriori);
            String label = classes.get(predicted);
            if (!label.equals(onnx.labels()[i])) {
                return new Result(rows.size(), max, Optional.of("row " + rows.get(i).getRecordId() + ": the graph predicts class "
                        + onnx.labels()[i] + ", the model " + label));
            }
            for (int c = 0; c < posteriori.length; c++) {
                double difference = difference(onnx.probabilities()[i][c], posteriori[c]);
                max = Math.max(max, difference);
                if (!(difference <= TOLERANCE)) {
                    return new Result(rows.size(), max, Optional.of("row " + rows.get(i).getRecordId() + ": the graph gives class "
                            + classes.get(c) + " the probability " + onnx.probabilities()[i][c] + ", the model " + posteriori[c]));
                }
            }
        }
        return new Result(rows.size(), max, Optional.empty());
    }

    private static Result compareValues(OnnxModel.Predictions onnx, VectorRegressor regressor, FeatureTransformer transformer,
                                        List<CleanRecord> rows) {
        double max = 0.0;
        for (int i = 0; i < rows.size(); i++) {
            double expected = regressor.predict(transformer.transform(rows.get(i).getFeatures()));
            double difference = difference(onnx.values()[i], expected);
            max = Math.max(max, difference);
            if (!(difference <= TOLERANCE)) {
                return new Result(rows.size(), max, Optional.of("row " + rows.get(i).getRecordId() + ": the graph predicts "
                        + onnx.values()[i] + ", the model " + expected));
            }
        }
        return new Result(rows.size(), max, Optional.empty());
    }

    /** {@code |actual - expected| / max(1, |expected|)}; NaN when either is not a number. */
    static double difference(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(1.0, Math.abs(expected));
    }
}
