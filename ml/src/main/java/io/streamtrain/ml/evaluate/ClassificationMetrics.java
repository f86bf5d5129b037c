package io.streamtrain.ml.evaluate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import smile.validation.metric.AUC;
import smile.validation.metric.Accuracy;
import smile.validation.metric.Averaging;
import smile.validation.metric.FScore;
import smile.validation.metric.Precision;
import smile.validation.metric.Recall;

/**
 * How well a classifier did on held-out records. Precision, recall and F1 are macro averages over the classes
 * that occur in the truth or the predictions (binary models included); a class never predicted scores precision 0.
 *
 * @param accuracy  share of records predicted correctly
 * @param precision macro-averaged precision
 * @param recall    macro-averaged recall
 * @param f1        macro-averaged F1 (mean of the per-class F1 scores)
 * @param auc       ROC AUC of a binary model's positive-class probability; empty for multi-class models and
 *                  when the held-out records do not contain both classes
 */
public record ClassificationMetrics(double accuracy, double precision, double recall, double f1, OptionalDouble auc) {

    /** Envelope metrics key of {@link #accuracy()}. */
    public static final String ACCURACY = "accuracy";
    /** Envelope metrics key of {@link #precision()}. */
    public static final String PRECISION = "precision";
    /** Envelope metrics key of {@link #recall()}. */
    public static final String RECALL = "recall";
    /** Envelope metrics key of {@link #f1()}. */
    public static final String F1 = "f1";
    /** Envelope metrics key of {@link #auc()}, present only when the AUC is defined. */
    public static final String AUC_KEY = "auc";

    /**
     * Computes the metrics with Smile.
     *
     * @param truth               true class index per record; any int, for example -1 for a class the model never saw
     * @param predicted           predicted class index per record
     * @param positiveProbability a binary model's probability of class 1 per record, or null for a multi-class model
     * @throws IllegalArgumentException when the arrays are empty or differ in length
     */
    public static ClassificationMetrics of(int[] truth, int[] predicted, double[] positiveProbability) {
        if (truth.length == 0 || truth.length != predicted.length
                || (positiveProbability != null && positiveProbability.length != truth.length)) {
            throw new IllegalArgumentException("need equally long, non-empty truth, prediction and probability arrays");
        }
        int[][] compact = DenseClassIndices.of(truth, predicted);
        int[] t = compact[0];
        int[] p = compact[1];
        return new ClassificationMetrics(
                Accuracy.of(t, p),
                Precision.of(t, p, Averaging.Macro),
                Recall.of(t, p, Averaging.Macro),
                FScore.of(t, p, 1.0, Averaging.Macro),
                positiveProbability == null ? OptionalDouble.empty() : binaryAuc(truth, positiveProbability));
    }

    /** The metrics under their envelope keys: {@value #ACCURACY}, {@value #PRECISION}, {@value #RECALL}, {@value #F1} and, when defined, {@value #AUC_KEY}. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put(ACCURACY, accuracy);
        map.put(PRECISION, precision);
        map.put(RECALL, recall);
        map.put(F1, f1);
        auc.ifPresent(value -> map.put(AUC_KEY, value));
        return map;
    }

    /** AUC over the records whose truth is class 0 or 1; undefined unless both occur. */
    private static OptionalDouble binaryAuc(int[] truth, double[] positiveProbability) {
        int[] keep = IntStream.range(0, truth.length).filter(i -> truth[i] == 0 || truth[i] == 1).toArray();
        int[] labels = Arrays.stream(keep).map(i -> truth[i]).toArray();
        long positives = Arrays.stream(labels).filter(label -> label == 1).count();
        if (positives == 0 || positives == labels.length) {
            return OptionalDouble.empty();
        }
        double[] scores = Arrays.stream(keep).mapToDouble(i -> positiveProbability[i]).toArray();
        return OptionalDouble.of(AUC.of(labels, scores));
    }
}
