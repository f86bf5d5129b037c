package io.streamtrain.ml.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * A test record whose class the model never saw counts as wrong in the accuracy and the macro averages, and is
 * left out of the log loss, the per-class scores and the confusion matrix, which range over the model's classes.
 *
 * @param accuracy  share of records predicted correctly
 * @param precision macro-averaged precision
 * @param recall    macro-averaged recall
 * @param f1        macro-averaged F1 (mean of the per-class F1 scores)
 * @param auc       ROC AUC of a binary model's positive-class probability; empty for multi-class models and
 *                  when the held-out records do not contain both classes
 * @param logLoss   mean negative log of the probability given to the true class (clipped at 1e-15); empty when no
 *                  test record has a model class
 * @param perClass  scores of every model class, by class index
 * @param confusion counts by true class (row) and predicted class (column), in class-index order
 */
public record ClassificationMetrics(double accuracy, double precision, double recall, double f1, OptionalDouble auc,
                                    OptionalDouble logLoss, List<ClassScores> perClass, long[][] confusion) {

    /** Envelope metrics key of {@link #accuracy()}. */
    public static final String ACCURACY = "accuracy";
    /** Envelope metrics key of {@link #precision()}; {@code precision.<class>} holds a class's own. */
    public static final String PRECISION = "precision";
    /** Envelope metrics key of {@link #recall()}; {@code recall.<class>} holds a class's own. */
    public static final String RECALL = "recall";
    /** Envelope metrics key of {@link #f1()}; {@code f1.<class>} holds a class's own. */
    public static final String F1 = "f1";
    /** Envelope metrics key of {@link #auc()}, present only when the AUC is defined. */
    public static final String AUC_KEY = "auc";
    /** Envelope metrics key of {@link #logLoss()}, present only when it is defined. */
    public static final String LOG_LOSS = "log-loss";

    private static final double PROBABILITY_FLOOR = 1e-15;

    /**
     * One class's scores.
     *
     * @param name      the class name
     * @param precision share of the records predicted as this class that are; 0 when none is
     * @param recall    share of this class's records predicted as it; 0 when the test split has none
     * @param f1        harmonic mean of precision and recall; 0 when both are 0
     * @param support   test records of this class
     */
    public record ClassScores(String name, double precision, double recall, double f1, long support) {
        public ClassScores {
            Objects.requireNonNull(name, "name");
        }
    }

    public ClassificationMetrics {
        Objects.requireNonNull(auc, "auc");
        Objects.requireNonNull(logLoss, "logLoss");
        perClass = List.copyOf(perClass);
        confusion = Arrays.stream(confusion).map(long[]::clone).toArray(long[][]::new);
    }

    /**
     * Computes the metrics.
     *
     * @param classes       class names by model class index
     * @param truth         true class index per record; -1 (or any index outside the classes) for a class the model never saw
     * @param predicted     predicted class index per record
     * @param probabilities per record, the probability of every class by class index
     * @throws IllegalArgumentException when the arrays are empty or differ in length
     */
    public static ClassificationMetrics of(List<String> classes, int[] truth, int[] predicted, double[][] probabilities) {
        if (truth.length == 0 || truth.length != predicted.length || probabilities.length != truth.length) {
            throw new IllegalArgumentException("need equally long, non-empty truth, prediction and probability arrays");
        }
        int[][] compact = DenseClassIndices.of(truth, predicted);
        int[] t = compact[0];
        int[] p = compact[1];
        long[][] confusion = confusion(classes.size(), truth, predicted);
        return new ClassificationMetrics(
                Accuracy.of(t, p),
                Precision.of(t, p, Averaging.Macro),
                Recall.of(t, p, Averaging.Macro),
                FScore.of(t, p, 1.0, Averaging.Macro),
                classes.size() == 2 ? binaryAuc(truth, probabilities) : OptionalDouble.empty(),
                logLoss(classes.size(), truth, probabilities),
                perClass(classes, confusion),
                confusion);
    }

    /** Every metric under its envelope key; per-class scores as {@code precision.<class>}, {@code recall.<class>}, {@code f1.<class>}. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put(ACCURACY, accuracy);
        map.put(PRECISION, precision);
        map.put(RECALL, recall);
        map.put(F1, f1);
        auc.ifPresent(value -> map.put(AUC_KEY, value));
        logLoss.ifPresent(value -> map.put(LOG_LOSS, value));
        for (ClassScores scores : perClass) {
            map.put(PRECISION + "." + scores.name(), scores.precision());
            map.put(RECALL + "." + scores.name(), scores.recall());
            map.put(F1 + "." + scores.name(), scores.f1());
        }
        return map;
    }

    /** The confusion matrix as the envelope stores it: one list per true class. */
    public List<List<Long>> confusionRows() {
        List<List<Long>> rows = new ArrayList<>(confusion.length);
        for (long[] row : confusion) {
            rows.add(Arrays.stream(row).boxed().toList());
        }
        return rows;
    }

    private static long[][] confusion(int classCount, int[] truth, int[] predicted) {
        long[][] matrix = new long[classCount][classCount];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] >= 0 && truth[i] < classCount && predicted[i] >= 0 && predicted[i] < classCount) {
                matrix[truth[i]][predicted[i]]++;
            }
        }
        return matrix;
    }

    private static List<ClassScores> perClass(List<String> classes, long[][] confusion) {
        List<ClassScores> scores = new ArrayList<>(classes.size());
        for (int c = 0; c < classes.size(); c++) {
            long truePositives = confusion[c][c];
            long support = Arrays.stream(confusion[c]).sum();
            final int column = c;
            long predictedAs = Arrays.stream(confusion).mapToLong(row -> row[column]).sum();
            double precision = predictedAs == 0 ? 0.0 : (double) truePositives / predictedAs;
            double recall = support == 0 ? 0.0 : (double) truePositives / support;
            double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
            scores.add(new ClassScores(classes.get(c), precision, recall, f1, support));
        }
        return scores;
    }

    private static OptionalDouble logLoss(int classCount, int[] truth, double[][] probabilities) {
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] >= 0 && truth[i] < classCount) {
                sum -= Math.log(Math.max(PROBABILITY_FLOOR, probabilities[i][truth[i]]));
                counted++;
            }
        }
        return counted == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / counted);
    }

    /** AUC over the records whose truth is class 0 or 1; undefined unless both occur. */
    private static OptionalDouble binaryAuc(int[] truth, double[][] probabilities) {
        int[] keep = IntStream.range(0, truth.length).filter(i -> truth[i] == 0 || truth[i] == 1).toArray();
        int[] labels = Arrays.stream(keep).map(i -> truth[i]).toArray();
        long positives = Arrays.stream(labels).filter(label -> label == 1).count();
        if (positives == 0 || positives == labels.length) {
            return OptionalDouble.empty();
        }
        double[] scores = Arrays.stream(keep).mapToDouble(i -> probabilities[i][1]).toArray();
        return OptionalDouble.of(AUC.of(labels, scores));
    }
}
