package io.streamtrain.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import smile.classification.LogisticRegression;
import smile.util.IntSet;

class TestSetEvaluationTest {

    private static final LabelledVectors TEST = new LabelledVectors(new double[][] {{-2.0}, {-1.0}, {1.0}, {2.0}}, new int[] {0, 0, 1, 1});

    @Test
    void shouldMeasureFiniteModel() {
        var model = new LogisticRegression.Binomial(new double[] {3.0, 0.0}, 0, 0, IntSet.of(2));

        assertThat(TestSetEvaluation.evaluate(model, TEST, 2)).hasValueSatisfying(metrics -> {
            assertThat(metrics.accuracy()).isEqualTo(1.0);
            assertThat(metrics.auc()).hasValue(1.0);
        });
    }

    @Test
    void shouldReportNothingForDivergedModel() {
        var diverged = new LogisticRegression.Binomial(new double[] {Double.NaN, 0.0}, 0, 0, IntSet.of(2));

        assertThat(TestSetEvaluation.evaluate(diverged, TEST, 2)).isEmpty();
    }
}
