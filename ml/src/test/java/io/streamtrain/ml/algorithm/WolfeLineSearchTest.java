package io.streamtrain.ml.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The strong-Wolfe line search on one-dimensional functions whose minimisers are known. */
class WolfeLineSearchTest {

    /** A function of the step, its derivative, and the steps it was evaluated at. */
    private record Recorded(DoubleUnaryOperator value, DoubleUnaryOperator slope, List<Double> steps) implements WolfeLineSearch.Line {
        Recorded(DoubleUnaryOperator value, DoubleUnaryOperator slope) {
            this(value, slope, new ArrayList<>());
        }

        @Override
        public WolfeLineSearch.Point at(double step) {
            steps.add(step);
            return new WolfeLineSearch.Point(value.applyAsDouble(step), slope.applyAsDouble(step));
        }
    }

    private static void assertStrongWolfe(Recorded line, WolfeLineSearch.Result result) {
        double f0 = line.value().applyAsDouble(0);
        double g0 = line.slope().applyAsDouble(0);
        double step = result.step();
        assertThat(result.accepted()).isTrue();
        assertThat(line.value().applyAsDouble(step)).isLessThanOrEqualTo(f0 + WolfeLineSearch.DECREASE * step * g0);
        assertThat(Math.abs(line.slope().applyAsDouble(step))).isLessThanOrEqualTo(WolfeLineSearch.CURVATURE * -g0);
        assertThat(line.steps()).hasSize(result.evaluations()).last().isEqualTo(step);
    }

    @Test
    void shouldTakeTheFirstStepWhenItAlreadySatisfiesBothConditions() {
        // (step - 1)^2: the minimiser is the first step tried.
        Recorded line = new Recorded(a -> (a - 1) * (a - 1), a -> 2 * (a - 1));

        WolfeLineSearch.Result result = WolfeLineSearch.search(line, 1, -2, 1, 1e10, 20);

        assertStrongWolfe(line, result);
        assertThat(result.evaluations()).isEqualTo(1);
        assertThat(result.step()).isEqualTo(1.0);
    }

    @Test
    void shouldExtrapolateWhenTheFirstStepIsFarTooShort() {
        // (step - 100)^2 from a first step of 1: the slope there is still nearly the initial one.
        Recorded line = new Recorded(a -> (a - 100) * (a - 100), a -> 2 * (a - 100));

        WolfeLineSearch.Result result = WolfeLineSearch.search(line, 10_000, -200, 1, 1e10, 20);

        assertStrongWolfe(line, result);
        assertThat(line.steps()).isSorted();
        assertThat(result.step()).isGreaterThan(10);
    }

    @Test
    void shouldInterpolateBackWhenTheFirstStepOvershoots() {
        // A steep valley at 0.01 from a first step of 1, where the value is far higher than at 0.
        Recorded line = new Recorded(a -> Math.cosh(100 * (a - 0.01)), a -> 100 * Math.sinh(100 * (a - 0.01)));
        double f0 = Math.cosh(-1);
        double g0 = 100 * Math.sinh(-1);

        WolfeLineSearch.Result result = WolfeLineSearch.search(line, f0, g0, 1, 1e10, 20);

        assertStrongWolfe(line, result);
        assertThat(result.step()).isBetween(0.0, 0.02);
    }

    @Test
    void shouldHalveAStepWhoseValueIsNotFinite() {
        // Overflows beyond step 2; the minimiser is at 1.5.
        Recorded line = new Recorded(a -> a > 2 ? Double.POSITIVE_INFINITY : (a - 1.5) * (a - 1.5),
                a -> a > 2 ? Double.NaN : 2 * (a - 1.5));

        WolfeLineSearch.Result result = WolfeLineSearch.search(line, 2.25, -3, 8, 1e10, 20);

        assertStrongWolfe(line, result);
        assertThat(line.steps().get(1)).isEqualTo(4.0);
    }

    @Test
    void shouldNotAcceptWhenTheEvaluationsRunOut() {
        Recorded line = new Recorded(a -> (a - 100) * (a - 100), a -> 2 * (a - 100));

        WolfeLineSearch.Result result = WolfeLineSearch.search(line, 10_000, -200, 1e-6, 1e10, 2);

        assertThat(result.accepted()).isFalse();
        assertThat(line.steps()).hasSize(2);
    }

    @Test
    void shouldRefuseADirectionThatDoesNotDescend() {
        Recorded line = new Recorded(a -> a, a -> 1);

        assertThatThrownBy(() -> WolfeLineSearch.search(line, 0, 1, 1, 1e10, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThat(line.steps()).isEmpty();
    }
}
