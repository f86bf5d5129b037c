package io.streamtrain.ml.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import smile.classification.LogisticRegression;

/**
 * The own L-BFGS fit reaches Smile's maximum likelihood when neither penalises (their penalties differ in detail),
 * in Smile's model layout; a penalty shrinks the weights. A warm start reaches the same optimum in fewer iterations.
 */
class LogisticRegressionFitTest {

    private static final LogisticRegressionOptions OPTIONS = new LogisticRegressionOptions(0.0, 1e-7, 1_000);
    private static final LogisticRegression.Options SMILE = new LogisticRegression.Options(0.0, 1e-8, 1_000);

    @Test
    void shouldReachSmilesBinomialOptimum() {
        Fits fits = fitOwnAndSmiles(data(3_000, 2, 1), 2);

        assertThat(fits.own()).isInstanceOf(LogisticRegression.Binomial.class);
        assertThat(((LogisticRegression.Binomial) fits.own()).coefficients())
                .containsExactly(((LogisticRegression.Binomial) fits.smile()).coefficients(), within(1e-2));
    }

    @Test
    void shouldReachSmilesMultinomialOptimum() {
        Data data = data(3_000, 3, 2);

        Fits fits = fitOwnAndSmiles(data, 3);

        assertThat(fits.own()).isInstanceOf(LogisticRegression.Multinomial.class);
        double[] posteriori = new double[3];
        fits.own().predict(data.x[0], posteriori);
        assertThat(Arrays.stream(posteriori).sum()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shouldShrinkWeightsWithPenalty() {
        Data data = data(3_000, 2, 4);

        var free = (LogisticRegression.Binomial) cold(data, 2, OPTIONS);
        var penalised = (LogisticRegression.Binomial) cold(data, 2, new LogisticRegressionOptions(500, 1e-7, 1_000));

        assertThat(norm(penalised.coefficients())).isLessThan(0.8 * norm(free.coefficients()));
    }

    @Test
    void shouldGiveIdenticalWeightsOnEveryRun() {
        Data data = data(10_000, 3, 3);

        var first = (LogisticRegression.Multinomial) cold(data, 3, OPTIONS);
        var second = (LogisticRegression.Multinomial) cold(data, 3, OPTIONS);

        assertThat(second.coefficients()).isDeepEqualTo(first.coefficients());
    }

    @Test
    void shouldConvergeInFewerIterationsToTheSameWeightsWhenStartedFromTheOptimum() {
        Data data = data(5_000, 2, 5);
        LogisticRegressionFit.Result cold = LogisticRegressionFit.fit(data.x, data.y, 2, OPTIONS, Optional.empty());

        LogisticRegressionFit.Result warm = LogisticRegressionFit.fit(data.x, data.y, 2, OPTIONS, Optional.of(cold.model()));

        assertThat(cold.warm()).isFalse();
        assertThat(warm.warm()).isTrue();
        assertThat(cold.iterations()).isGreaterThan(3);
        assertThat(warm.iterations()).isLessThan(cold.iterations());
        assertThat(((LogisticRegression.Binomial) warm.model()).coefficients())
                .containsExactly(((LogisticRegression.Binomial) cold.model()).coefficients(), within(1e-4));
    }

    @Test
    void shouldReachTheColdOptimumInFewerIterationsWhenStartedFromThePreviousWindowsModel() {
        Data previous = data(5_000, 3, 6);
        Data current = data(5_000, 3, 6, 7);
        LogisticRegression champion = LogisticRegressionFit.fit(previous.x, previous.y, 3, OPTIONS, Optional.empty()).model();

        LogisticRegressionFit.Result cold = LogisticRegressionFit.fit(current.x, current.y, 3, OPTIONS, Optional.empty());
        LogisticRegressionFit.Result warm = LogisticRegressionFit.fit(current.x, current.y, 3, OPTIONS, Optional.of(champion));

        assertThat(warm.warm()).isTrue();
        assertThat(warm.iterations()).isLessThan(cold.iterations());
        double[][] coldWeights = ((LogisticRegression.Multinomial) cold.model()).coefficients();
        double[][] warmWeights = ((LogisticRegression.Multinomial) warm.model()).coefficients();
        for (int c = 0; c < coldWeights.length; c++) {
            assertThat(warmWeights[c]).containsExactly(coldWeights[c], within(1e-3));
        }
        assertThat(warm.model().loglikelihood()).isCloseTo(cold.model().loglikelihood(), within(1e-6 * Math.abs(cold.model().loglikelihood())));
    }

    @Test
    void shouldStartFromZerosWhenTheStartHasAnotherShape() {
        Data binary = data(3_000, 2, 8);
        LogisticRegression threeClasses = cold(data(3_000, 3, 8), 3, OPTIONS);
        LogisticRegression otherWidth = cold(new Data(Arrays.stream(binary.x).map(row -> Arrays.copyOf(row, 4)).toArray(double[][]::new),
                binary.y), 2, OPTIONS);

        LogisticRegressionFit.Result cold = LogisticRegressionFit.fit(binary.x, binary.y, 2, OPTIONS, Optional.empty());
        for (Object start : new Object[] {threeClasses, otherWidth, "not a model"}) {
            LogisticRegressionFit.Result fit = LogisticRegressionFit.fit(binary.x, binary.y, 2, OPTIONS, Optional.of(start));

            assertThat(fit.warm()).isFalse();
            assertThat(fit.iterations()).isEqualTo(cold.iterations());
            assertThat(((LogisticRegression.Binomial) fit.model()).coefficients())
                    .isEqualTo(((LogisticRegression.Binomial) cold.model()).coefficients());
        }
    }

    /** Fits {@code data} cold and with Smile's own fit, and checks that both reach the same optimum and agree. */
    private static Fits fitOwnAndSmiles(Data data, int classes) {
        LogisticRegression own = cold(data, classes, OPTIONS);
        LogisticRegression smile = LogisticRegression.fit(data.x, data.y, SMILE);

        assertThat(own.loglikelihood()).isCloseTo(smile.loglikelihood(), within(1e-3 * Math.abs(smile.loglikelihood())));
        assertThat(agreement(own, smile, data)).isGreaterThanOrEqualTo(0.995);
        return new Fits(own, smile);
    }

    private record Fits(LogisticRegression own, LogisticRegression smile) {
    }

    private static LogisticRegression cold(Data data, int classes, LogisticRegressionOptions options) {
        return LogisticRegressionFit.fit(data.x, data.y, classes, options, Optional.empty()).model();
    }

    /** Euclidean norm of the weights, the trailing intercept left out. */
    private static double norm(double[] coefficients) {
        return Math.sqrt(Arrays.stream(coefficients, 0, coefficients.length - 1).map(w -> w * w).sum());
    }

    private static double agreement(LogisticRegression a, LogisticRegression b, Data data) {
        int same = 0;
        for (double[] row : data.x) {
            same += a.predict(row) == b.predict(row) ? 1 : 0;
        }
        return (double) same / data.x.length;
    }

    private record Data(double[][] x, int[] y) {
    }

    /** Noisy linear classes: the class whose random direction scores highest, plus logistic noise. */
    private static Data data(int n, int classes, long seed) {
        return data(n, classes, seed, seed);
    }

    /** As {@link #data(int, int, long)}: the class directions from {@code seed}, the rows from {@code rowSeed}. */
    private static Data data(int n, int classes, long seed, long rowSeed) {
        Random random = new Random(seed);
        int width = 5;
        double[][] directions = new double[classes][width];
        for (double[] direction : directions) {
            for (int j = 0; j < width; j++) {
                direction[j] = random.nextGaussian();
            }
        }
        // The same seed keeps one sequence for directions and rows, as before rowSeed existed.
        Random rows = rowSeed == seed ? random : new Random(rowSeed);
        double[][] x = new double[n][width];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                x[i][j] = rows.nextGaussian() + (j == 0 ? 3 : 0);
            }
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double u = rows.nextDouble();
                double score = 0;
                for (int j = 0; j < width; j++) {
                    score += directions[c][j] * x[i][j];
                }
                score += Math.log(u / (1 - u));
                if (score > best) {
                    best = score;
                    y[i] = c;
                }
            }
        }
        return new Data(x, y);
    }
}
