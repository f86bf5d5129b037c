package io.streamtrain.ml.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    /**
     * Metrics of a model with classes c0, c1 (and c2 when an index reaches 2); {@code positive} is the probability
     * of class 1 for binary models, or null for three classes with the predicted class at probability 1.
     */
    private static ClassificationMetrics metricsOf(int[] truth, int[] predicted, double[] positive) {
        int classes = positive == null ? 3 : 2;
        double[][] probabilities = new double[truth.length][classes];
        for (int i = 0; i < truth.length; i++) {
            if (positive == null) {
                probabilities[i][predicted[Math.min(i, predicted.length - 1)]] = 1.0;
            } else {
                probabilities[i][0] = 1 - positive[i];
                probabilities[i][1] = positive[i];
            }
        }
        return ClassificationMetrics.of(IntStream.range(0, classes).mapToObj(c -> "c" + c).toList(), truth, predicted, probabilities);
    }

    @Test
    void shouldScorePerfectBinaryPredictionsAsOne() {
        ClassificationMetrics metrics = metricsOf(new int[] {0, 1, 1, 0}, new int[] {0, 1, 1, 0}, new double[] {0.1, 0.9, 0.8, 0.3});

        assertThat(metrics.asMap()).containsEntry("accuracy", 1.0).containsEntry("precision", 1.0).containsEntry("recall", 1.0).containsEntry("f1", 1.0)
                .containsEntry("auc", 1.0).containsEntry("f1.c0", 1.0).containsEntry("f1.c1", 1.0);
        assertThat(metrics.logLoss().getAsDouble()).isCloseTo(-(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.7)) / 4, within(1e-12));
    }

    @Test
    void shouldMacroAverageBinaryMetrics() {
        // class 0: precision 2/3, recall 2/2; class 1: precision 1/1, recall 1/2
        ClassificationMetrics metrics = metricsOf(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}, new double[] {0.2, 0.3, 0.4, 0.9});

        assertThat(metrics.accuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(metrics.precision()).isCloseTo((2.0 / 3 + 1) / 2, within(1e-12));
        assertThat(metrics.recall()).isCloseTo(0.75, within(1e-12));
        assertThat(metrics.f1()).isCloseTo((0.8 + 2.0 / 3) / 2, within(1e-12));
        assertThat(metrics.auc()).hasValue(1.0);
    }

    @Test
    void shouldLeaveAucOutForMultiClassModels() {
        ClassificationMetrics metrics = metricsOf(new int[] {0, 1, 2}, new int[] {0, 1, 1}, null);

        assertThat(metrics.asMap()).doesNotContainKey("auc").containsKeys("accuracy", "precision", "recall", "f1", "log-loss");
        assertThat(metrics.accuracy()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void shouldLeaveAucOutWhenHeldOutRecordsHaveOneClass() {
        ClassificationMetrics metrics = metricsOf(new int[] {1, 1, 1}, new int[] {1, 0, 1}, new double[] {0.9, 0.4, 0.8});

        assertThat(metrics.auc()).isEmpty();
    }

    @Test
    void shouldAverageOnlyOverClassesThatOccur() {
        // Class 1 of a 3-class model neither occurs nor is predicted: it must not count as a class scoring 0.
        ClassificationMetrics metrics = metricsOf(new int[] {0, 2, 2}, new int[] {0, 2, 2}, null);

        assertThat(metrics.precision()).isEqualTo(1.0);
        assertThat(metrics.recall()).isEqualTo(1.0);
        assertThat(metrics.f1()).isEqualTo(1.0);
    }

    @Test
    void shouldCountLabelsTheModelNeverSawAsErrors() {
        ClassificationMetrics metrics = metricsOf(new int[] {0, 1, -1, 1}, new int[] {0, 1, 1, 1}, new double[] {0.1, 0.9, 0.7, 0.8});

        assertThat(metrics.accuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(metrics.auc()).hasValue(1.0);
    }

    @Test
    void shouldCountConfusionMatrixAndPerClassScores() {
        // class 0: precision 2/3, recall 2/2; class 1: precision 1/1, recall 1/2
        ClassificationMetrics metrics = metricsOf(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}, new double[] {0.2, 0.3, 0.4, 0.9});

        assertThat(metrics.confusionRows()).containsExactly(List.of(2L, 0L), List.of(1L, 1L));
        assertThat(metrics.perClass().get(0).precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(metrics.perClass().get(1).recall()).isCloseTo(0.5, within(1e-12));
        assertThat(metrics.perClass().get(1).support()).isEqualTo(2);
        assertThat(metrics.asMap()).containsEntry("f1.c0", 0.8).containsKey("precision.c1");
    }

    @Test
    void shouldLeaveUnseenClassesOutOfLogLossAndConfusionMatrix() {
        ClassificationMetrics metrics = metricsOf(new int[] {-1, 1}, new int[] {1, 1}, new double[] {0.9, 0.5});

        assertThat(metrics.logLoss().getAsDouble()).isCloseTo(-Math.log(0.5), within(1e-12));
        assertThat(metrics.confusionRows()).containsExactly(List.of(0L, 0L), List.of(0L, 1L));
    }

    @Test
    void shouldRefuseMismatchedArrays() {
        assertThatThrownBy(() -> metricsOf(new int[] {0, 1}, new int[] {0}, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metricsOf(new int[0], new int[0], null)).isInstanceOf(IllegalArgumentException.class);
    }
}
