package io.streamtrain.ml.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void shouldScorePerfectBinaryPredictionsAsOne() {
        ClassificationMetrics metrics = ClassificationMetrics.of(new int[] {0, 1, 1, 0}, new int[] {0, 1, 1, 0}, new double[] {0.1, 0.9, 0.8, 0.3});

        assertThat(metrics.asMap()).containsOnlyKeys("accuracy", "precision", "recall", "f1", "auc").allSatisfy((k, v) -> assertThat(v).isEqualTo(1.0));
    }

    @Test
    void shouldMacroAverageBinaryMetrics() {
        // class 0: precision 2/3, recall 2/2; class 1: precision 1/1, recall 1/2
        ClassificationMetrics metrics = ClassificationMetrics.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}, new double[] {0.2, 0.3, 0.4, 0.9});

        assertThat(metrics.accuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(metrics.precision()).isCloseTo((2.0 / 3 + 1) / 2, within(1e-12));
        assertThat(metrics.recall()).isCloseTo(0.75, within(1e-12));
        assertThat(metrics.f1()).isCloseTo((0.8 + 2.0 / 3) / 2, within(1e-12));
        assertThat(metrics.auc()).hasValue(1.0);
    }

    @Test
    void shouldLeaveAucOutForMultiClassModels() {
        ClassificationMetrics metrics = ClassificationMetrics.of(new int[] {0, 1, 2}, new int[] {0, 1, 1}, null);

        assertThat(metrics.asMap()).containsOnlyKeys("accuracy", "precision", "recall", "f1");
        assertThat(metrics.accuracy()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void shouldLeaveAucOutWhenHeldOutRecordsHaveOneClass() {
        ClassificationMetrics metrics = ClassificationMetrics.of(new int[] {1, 1, 1}, new int[] {1, 0, 1}, new double[] {0.9, 0.4, 0.8});

        assertThat(metrics.auc()).isEmpty();
    }

    @Test
    void shouldAverageOnlyOverClassesThatOccur() {
        // Class 1 of a 3-class model neither occurs nor is predicted: it must not count as a class scoring 0.
        ClassificationMetrics metrics = ClassificationMetrics.of(new int[] {0, 2, 2}, new int[] {0, 2, 2}, null);

        assertThat(metrics.precision()).isEqualTo(1.0);
        assertThat(metrics.recall()).isEqualTo(1.0);
        assertThat(metrics.f1()).isEqualTo(1.0);
    }

    @Test
    void shouldCountLabelsTheModelNeverSawAsErrors() {
        ClassificationMetrics metrics = ClassificationMetrics.of(new int[] {0, 1, -1, 1}, new int[] {0, 1, 1, 1}, new double[] {0.1, 0.9, 0.7, 0.8});

        assertThat(metrics.accuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(metrics.auc()).hasValue(1.0);
    }

    @Test
    void shouldRefuseMismatchedArrays() {
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[] {0, 1}, new int[] {0}, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassificationMetrics.of(new int[0], new int[0], null)).isInstanceOf(IllegalArgumentException.class);
    }
}
