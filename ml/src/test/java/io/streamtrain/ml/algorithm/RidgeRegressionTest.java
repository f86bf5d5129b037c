package io.streamtrain.ml.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamtrain.ml.model.LinearModel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RidgeRegressionTest {

    @Test
    void shouldRecoverExactCoefficientsOfNoiselessDataWithoutPenalty() {
        Random random = new Random(1);
        double[][] x = new double[200][3];
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextGaussian() * (j + 1) + 100 * j;
            }
            y[i] = 7 + 2 * x[i][0] - 0.5 * x[i][1] + 3 * x[i][2];
        }

        LinearModel model = RidgeRegression.fit(x, y, 0.0);

        assertThat(model.weights()).containsExactly(new double[] {2, -0.5, 3}, within(1e-8));
        assertThat(model.intercept()).isCloseTo(7, within(1e-5));
        assertThat(model.predict(new double[] {1, 1, 1})).isCloseTo(11.5, within(1e-5));
    }

    @Test
    void shouldMatchClosedFormOfOneCentredColumnWithPenalty() {
        double[][] x = {{-1}, {0}, {1}};
        double[] y = {-2, 1, 4};

        // Centred: sum x^2 = 2, sum x*y = 6, so w = 6 / (2 + lambda).
        LinearModel model = RidgeRegression.fit(x, y, 1.0);

        assertThat(model.weights()[0]).isCloseTo(2.0, within(1e-12));
        assertThat(model.intercept()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shouldRefuseCollinearColumnsWithoutPenaltyNamingTheFix() {
        double[][] x = {{1, 0}, {0, 1}, {1, 0}, {0, 1}};
        double[] y = {1, 2, 1, 2};

        assertThatThrownBy(() -> RidgeRegression.fit(x, y, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("singular")
                .hasMessageContaining("raise the linear-regression lambda");
        assertThat(RidgeRegression.fit(x, y, 1e-4).predict(new double[] {0, 1})).isCloseTo(2.0, within(1e-3));
    }
}
