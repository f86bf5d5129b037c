package io.streamtrain.ml.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.messages.ResidualSummary;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ResidualSummariesTest {

    @Test
    void shouldSummarizeLabelMinusPrediction() {
        // Residuals 0, 1, ..., 100: the model predicts 0 where the label is 0..100.
        double[] truth = IntStream.rangeClosed(0, 100).asDoubleStream().toArray();
        double[] predicted = new double[truth.length];

        ResidualSummary summary = ResidualSummaries.of(truth, predicted);

        assertThat(summary.getCount()).isEqualTo(101);
        assertThat(summary.getMean()).isCloseTo(50, within(1e-9));
        assertThat(summary.getStandardDeviation()).isCloseTo(Math.sqrt((101 * 101 - 1) / 12.0), within(1e-9));
        assertThat(summary.getQuantileLevels()).containsExactly(0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0);
        assertThat(summary.getQuantiles()).containsExactly(0.0, 5.0, 25.0, 50.0, 75.0, 95.0, 100.0);
        assertThat(summary.getHistogramEdges()).hasSize(ResidualSummaries.BINS + 1).startsWith(0.0).endsWith(100.0);
        assertThat(summary.getHistogramCounts()).hasSize(ResidualSummaries.BINS);
        assertThat(summary.getHistogramCounts().getFirst()).isEqualTo(5);
        assertThat(summary.getHistogramCounts().getLast()).as("the last bin holds its upper edge").isEqualTo(6);
        assertThat(summary.getHistogramCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(101);
    }

    @Test
    void shouldInterpolateQuantilesAndShowASkew() {
        ResidualSummary summary = ResidualSummaries.of(new double[] {1, 2, 3, 14}, new double[] {0, 0, 0, 0});

        assertThat(summary.getQuantiles().get(3)).as("median").isCloseTo(2.5, within(1e-9));
        assertThat(summary.getMean()).as("a long upper tail pulls the mean above the median").isCloseTo(5.0, within(1e-9));
    }

    @Test
    void shouldPutEqualResidualsInOneBin() {
        ResidualSummary summary = ResidualSummaries.of(new double[] {3, 4, 5}, new double[] {3, 4, 5});

        assertThat(summary.getStandardDeviation()).isZero();
        assertThat(summary.getHistogramEdges()).containsExactly(0.0, 0.0);
        assertThat(summary.getHistogramCounts()).containsExactly(3L);
    }

    @Test
    void shouldRefuseEmptyOrUnequalArrays() {
        assertThatThrownBy(() -> ResidualSummaries.of(new double[0], new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResidualSummaries.of(new double[2], new double[1])).isInstanceOf(IllegalArgumentException.class);
    }
}
