package io.streamtrain.ml.algorithm;

/**
 * A line search for a step that satisfies the strong Wolfe conditions, after Moré and Thuente ("Line search algorithms
 * with guaranteed sufficient decrease", ACM TOMS 20(3), 1994), with the constants of SciPy's L-BFGS-B, so that an
 * L-BFGS fit takes the steps scikit-learn's {@code lbfgs} solver takes:
 * <ul>
 *   <li>sufficient decrease: {@code f(step) <= f(0) + }{@value #DECREASE}{@code  * step * f'(0)};</li>
 *   <li>curvature: {@code |f'(step)| <= }{@value #CURVATURE}{@code  * |f'(0)|}.</li>
 * </ul>
 * It keeps an interval that holds an acceptable step, tries a safeguarded cubic or quadratic interpolation of the
 * values and slopes at its ends, bisects when the interval does not shrink fast enough, and extrapolates (up to four
 * times the step) while no minimiser is bracketed. A non-finite value at a trial step halves it.
 */
final class WolfeLineSearch {

    static final double DECREASE = 1e-3;
    static final double CURVATURE = 0.9;
    /** The search gives up refining once the bracketing interval is this narrow relative to its upper end. */
    private static final double RELATIVE_WIDTH = 0.1;
    private static final double MIN_EXTRAPOLATION = 1.1;
    private static final double MAX_EXTRAPOLATION = 4.0;
    /** Bisect when an interval is not below this share of the width two steps before. */
    private static final double SHRINK = 0.66;

    /** The objective along the search direction; evaluating it leaves the caller's state at that step. */
    @FunctionalInterface
    interface Line {
        /** The value and slope at {@code step}. */
        Point at(double step);
    }

    /** The objective's value and its slope along the direction at one step. */
    record Point(double value, double slope) {
    }

    /**
     * Where a search ended.
     *
     * @param step        the step evaluated last, which the {@link Line} holds
     * @param accepted    whether to move there: the Wolfe conditions hold, or the interval can shrink no further
     * @param evaluations how often the line was evaluated
     */
    record Result(double step, boolean accepted, int evaluations) {
    }

    private WolfeLineSearch() {
    }

    /**
     * Searches {@code line} from its value {@code value} and negative slope {@code slope} at step 0, trying
     * {@code step} first.
     *
     * @param maxStep        largest step tried
     * @param maxEvaluations evaluations allowed; when none satisfies the conditions the result is not accepted
     */
    static Result search(Line line, double value, double slope, double step, double maxStep, int maxEvaluations) {
        if (!(slope < 0) || !(step > 0) || step > maxStep) {
            throw new IllegalArgumentException("a line search needs a descent direction and a first step in (0, maxStep]");
        }
        Interval interval = new Interval(value, slope, step, maxStep);
        double trial = step;
        for (int evaluation = 1; evaluation <= maxEvaluations; evaluation++) {
            Point point = line.at(trial);
            if (!Double.isFinite(point.value()) || !Double.isFinite(point.slope())) {
                trial = interval.best + 0.5 * (trial - interval.best);
                continue;
            }
            if (interval.done(trial, point)) {
                return new Result(trial, true, evaluation);
            }
            trial = interval.next(trial, point);
        }
        return new Result(trial, false, maxEvaluations);
    }

    /** The search's state: the best step so far, the interval's other end, and the bounds of the next trial. */
    private static final class Interval {
        private final double initialValue;
        private final double initialSlope;
        private final double decreaseSlope;
        private final double maxStep;
        private boolean bracketed;
        private boolean firstStage = true;
        private double width;
        private double previousWidth;
        /** Best step so far, its value and slope. */
        private double best;
        private double bestValue;
        private double bestSlope;
        /** The interval's other end, its value and slope. */
        private double other;
        private double otherValue;
        private double otherSlope;
        private double lower;
        private double upper;

        Interval(double value, double slope, double step, double maxStep) {
            this.initialValue = value;
            this.initialSlope = slope;
            this.decreaseSlope = DECREASE * slope;
            this.maxStep = maxStep;
            this.width = maxStep;
            this.previousWidth = 2 * maxStep;
            this.bestValue = value;
            this.bestSlope = slope;
            this.otherValue = value;
            this.otherSlope = slope;
            this.upper = step + MAX_EXTRAPOLATION * step;
        }

        /** Whether the search ends at {@code step}: the conditions hold, or no further progress is possible. */
        boolean done(double step, Point point) {
            double f = point.value();
            double g = point.slope();
            double sufficient = initialValue + step * decreaseSlope;
            if (firstStage && f <= sufficient && g >= 0) {
                firstStage = false;
            }
            boolean stuck = bracketed && (step <= lower || step >= upper || upper - lower <= RELATIVE_WIDTH * upper);
            boolean atMax = step == maxStep && f <= sufficient && g <= decreaseSlope;
            boolean wolfe = f <= sufficient && Math.abs(g) <= CURVATURE * -initialSlope;
            return stuck || atMax || wolfe;
        }

        /** The next step to try after {@code step}, which did not end the search. */
        double next(double step, Point point) {
            double f = point.value();
            double g = point.slope();
            double trial;
            if (firstStage && f <= bestValue && f > initialValue + step * decreaseSlope) {
                // A lower value without sufficient decrease: interpolate the function less its decrease line.
                bestValue -= best * decreaseSlope;
                otherValue -= other * decreaseSlope;
                bestSlope -= decreaseSlope;
                otherSlope -= decreaseSlope;
                trial = update(step, f - step * decreaseSlope, g - decreaseSlope);
                bestValue += best * decreaseSlope;
                otherValue += other * decreaseSlope;
                bestSlope += decreaseSlope;
                otherSlope += decreaseSlope;
            } else {
                trial = update(step, f, g);
            }
            if (bracketed) {
                if (Math.abs(other - best) >= SHRINK * previousWidth) {
                    trial = best + 0.5 * (other - best);
                }
                previousWidth = width;
                width = Math.abs(other - best);
                lower = Math.min(best, other);
                upper = Math.max(best, other);
            } else {
                lower = trial + MIN_EXTRAPOLATION * (trial - best);
                upper = trial + MAX_EXTRAPOLATION * (trial - best);
            }
            trial = Math.min(Math.max(trial, 0.0), maxStep);
            if (bracketed && (trial <= lower || trial >= upper || upper - lower <= RELATIVE_WIDTH * upper)) {
                trial = best;
            }
            return trial;
        }

        /**
         * Moves the interval's ends given the value {@code f} and slope {@code g} at {@code step} and returns the
         * interpolated step, kept within {@code [lower, upper]} while nothing is bracketed.
         */
        private double update(double step, double f, double g) {
            double sameSign = g * Math.signum(bestSlope);
            double next;
            if (f > bestValue) {
                // Higher value: a minimiser lies between best and step. Cubic if nearer best, else cubic and quadratic's mean.
                double cubic = best + cubicRatio(best, bestValue, bestSlope, step, f, g, step < best) * (step - best);
                double quadratic = best + bestSlope / ((bestValue - f) / (step - best) + bestSlope) / 2 * (step - best);
                next = Math.abs(cubic - best) < Math.abs(quadratic - best) ? cubic : cubic + (quadratic - cubic) / 2;
                bracketed = true;
            } else if (sameSign < 0) {
                // Lower value, slopes of opposite signs: bracketed. The cubic step if farther from step, else the secant.
                double cubic = step + cubicRatio(step, f, g, best, bestValue, bestSlope, step > best) * (best - step);
                double secant = step + g / (g - bestSlope) * (best - step);
                next = Math.abs(cubic - step) > Math.abs(secant - step) ? cubic : secant;
                bracketed = true;
            } else if (Math.abs(g) < Math.abs(bestSlope)) {
                next = flatteningStep(step, f, g);
            } else if (bracketed) {
                // Lower value, same sign, slope not flattening: the cubic through step and the interval's other end.
                next = step + cubicRatio(step, f, g, other, otherValue, otherSlope, step > other) * (other - step);
            } else {
                next = step > best ? upper : lower;
            }
            if (f > bestValue) {
                other = step;
                otherValue = f;
                otherSlope = g;
            } else {
                if (sameSign < 0) {
                    other = best;
                    otherValue = bestValue;
                    otherSlope = bestSlope;
                }
                best = step;
                bestValue = f;
                bestSlope = g;
            }
            return next;
        }

        /** Lower value, slopes of the same sign, the slope's size falling: extrapolate along the cubic or the secant. */
        private double flatteningStep(double step, double f, double g) {
            double theta = 3 * (bestValue - f) / (step - best) + bestSlope + g;
            double s = Math.max(Math.abs(theta), Math.max(Math.abs(bestSlope), Math.abs(g)));
            double gamma = s * Math.sqrt(Math.max(0.0, (theta / s) * (theta / s) - (bestSlope / s) * (g / s)));
            if (step > best) {
                gamma = -gamma;
            }
            double r = ((gamma - g) + theta) / ((gamma + (bestSlope - g)) + gamma);
            double cubic;
            if (r < 0 && gamma != 0) {
                cubic = step + r * (best - step);
            } else {
                cubic = step > best ? upper : lower;
            }
            double secant = step + g / (g - bestSlope) * (best - step);
            double next;
            if (bracketed) {
                next = Math.abs(cubic - step) < Math.abs(secant - step) ? cubic : secant;
                return step > best ? Math.min(step + SHRINK * (other - step), next) : Math.max(step + SHRINK * (other - step), next);
            }
            next = Math.abs(cubic - step) > Math.abs(secant - step) ? cubic : secant;
            return Math.max(lower, Math.min(upper, next));
        }

        /**
         * Where the cubic through {@code (a, fa, ga)} and {@code (b, fb, gb)} has its minimum, as a fraction of the way
         * from {@code a} to {@code b}; {@code flip} chooses the root's sign.
         */
        private static double cubicRatio(double a, double fa, double ga, double b, double fb, double gb, boolean flip) {
            double theta = 3 * (fa - fb) / (b - a) + ga + gb;
            double s = Math.max(Math.abs(theta), Math.max(Math.abs(ga), Math.abs(gb)));
            double gamma = s * Math.sqrt(Math.max(0.0, (theta / s) * (theta / s) - (ga / s) * (gb / s)));
            if (flip) {
                gamma = -gamma;
            }
            return ((gamma - ga) + theta) / (((gamma - ga) + gamma) + gb);
        }
    }
}
