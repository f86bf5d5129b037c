package io.streamtrain.ml.algorithm;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import smile.classification.LogisticRegression;
import smile.util.IntSet;

/**
 * Logistic regression fitted by streamtrain's own L-BFGS, then wrapped in Smile's {@code LogisticRegression.Binomial}
 * or {@code Multinomial}, so the envelope holds an ordinary Smile model. Smile's own fit took about 1.8 s for
 * 50k x 27 where scikit-learn's lbfgs needs 0.05 s; this one evaluates the loss and gradient in one pass over
 * fixed row chunks on every core, and takes the steps SciPy's L-BFGS-B takes for scikit-learn (the same first step,
 * memory of 10 pairs and strong-Wolfe line search).
 *
 * <p>Objective: the summed log loss plus {@code lambda/2} times the squared weights (intercepts not penalised);
 * binomial for two classes; for more, multinomial with one weight vector per class, every one penalised, as
 * scikit-learn's is. Smile's multinomial layout fixes the last class's scores at 0; its rows are the fitted vectors
 * minus the last class's, which gives the same probabilities. (Fitting in that layout directly would penalise the
 * differences to the last class instead, a different optimum that depends on which class is last.)
 * Convergence: the largest component of the gradient divided by the number of rows is at most {@code tolerance}, or an
 * iteration lowers the mean loss by no more than {@value #RELATIVE_DECREASE} of its size (or of 1, if larger), or
 * {@code maxIterations}. (scikit-learn 1.2 applies its tolerance to the summed loss's gradient, later versions to the
 * mean's; both reach the same optimum.) Chunks are summed in a fixed order, so the result is the same on every run
 * whatever the thread timing.
 *
 * <p>The search starts from all-zero weights (a cold start) or, when given one, from an earlier logistic regression of
 * the same shape (a warm start): near the optimum it then needs fewer iterations to meet the same convergence test.
 */
final class LogisticRegressionFit {

    private static final int HISTORY = 10;
    /** Line-search evaluations per iteration, SciPy's {@code maxls} default. */
    private static final int MAX_LINE_SEARCH_STEPS = 20;
    /** L-BFGS-B's largest step without bounds. */
    private static final double MAX_STEP = 1e10;
    private static final double MACHINE_EPSILON = Math.ulp(1.0);
    private static final int ROWS_PER_CHUNK = 2_048;
    /** SciPy's L-BFGS-B default {@code ftol} (factr 1e7 times the machine epsilon), which scikit-learn's lbfgs keeps. */
    private static final double RELATIVE_DECREASE = 2.220446049250313e-9;

    private final double[][] x;
    private final int[] y;
    private final int classes;
    private final int width;
    private final double lambda;

    private LogisticRegressionFit(double[][] x, int[] y, int classes, double lambda) {
        this.x = x;
        this.y = y;
        this.classes = classes;
        this.width = x[0].length;
        this.lambda = lambda;
    }

    /**
     * What a fit produced.
     *
     * @param iterations L-BFGS iterations run
     * @param warm       whether the search started from {@code start}'s weights rather than zeros
     */
    record Result(LogisticRegression model, int iterations, boolean warm) {
    }

    /**
     * Fits class indices {@code y} in {@code [0, classes)}, every class present, starting from {@code start}'s weights
     * when it is a logistic regression of the same shape (as many classes, {@code x}'s width), else from zeros.
     *
     * @throws IllegalArgumentException when the fit diverges to non-finite weights
     */
    static Result fit(double[][] x, int[] y, int classes, LogisticRegressionOptions options, Optional<?> start) {
        LogisticRegressionFit fit = new LogisticRegressionFit(x, y, classes, options.lambda());
        Optional<double[]> initial = start.flatMap(fit::weightsOf);
        Minimum minimum = fit.minimise(initial.orElseGet(() -> new double[fit.size()]), options.tolerance(), options.maxIterations());
        double[] w = minimum.weights();
        double logLikelihood = -fit.lossAndGradient(w, new double[w.length]) + fit.penalty(w);
        if (!Double.isFinite(logLikelihood) || Arrays.stream(w).anyMatch(v -> !Double.isFinite(v))) {
            throw new IllegalArgumentException("logistic regression diverged to non-finite weights; raise the lambda hyperparameter");
        }
        int stride = fit.width + 1;
        LogisticRegression model;
        if (classes == 2) {
            // The fit scores class 0 against class 1; Smile's binomial model scores class 1.
            model = new LogisticRegression.Binomial(negated(w), logLikelihood, options.lambda(), IntSet.of(2));
        } else {
            double[][] rows = new double[classes - 1][stride];
            int last = (classes - 1) * stride;
            for (int c = 0; c < classes - 1; c++) {
                for (int j = 0; j < stride; j++) {
                    rows[c][j] = w[c * stride + j] - w[last + j];
                }
            }
            model = new LogisticRegression.Multinomial(rows, logLikelihood, options.lambda(), IntSet.of(classes));
        }
        return new Result(model, minimum.iterations(), initial.isPresent());
    }

    private int size() {
        return vectors() * (width + 1);
    }

    /** Weight vectors fitted: one for two classes (class 0 against class 1), else one per class. */
    private int vectors() {
        return classes == 2 ? 1 : classes;
    }

    /**
     * {@code model}'s weights in this fit's layout, or empty when it is not a logistic regression of this fit's shape. A
     * multinomial model's rows become the first classes' vectors and the last class's is zero: the same probabilities.
     */
    private Optional<double[]> weightsOf(Object model) {
        int stride = width + 1;
        if (classes == 2 && model instanceof LogisticRegression.Binomial binomial && binomial.coefficients().length == stride) {
            return Optional.of(negated(binomial.coefficients()));
        }
        if (classes > 2 && model instanceof LogisticRegression.Multinomial multinomial) {
            double[][] rows = multinomial.coefficients();
            if (rows.length != classes - 1 || Arrays.stream(rows).anyMatch(row -> row.length != stride)) {
                return Optional.empty();
            }
            double[] w = new double[size()];
            for (int c = 0; c < rows.length; c++) {
                System.arraycopy(rows[c], 0, w, c * stride, stride);
            }
            return Optional.of(w);
        }
        return Optional.empty();
    }

    /** Where {@link #minimise} stopped, and after how many iterations. */
    private record Minimum(double[] weights, int iterations) {
    }

    /**
     * L-BFGS from {@code initial} (not changed), as SciPy's L-BFGS-B runs it without bounds: the first step has unit
     * length and later ones start at 1, each ending where {@link WolfeLineSearch} finds a strong-Wolfe step; a pair
     * whose curvature is not positive is not stored; a failed search restarts from the gradient, or ends the fit when
     * it already started from there.
     */
    private Minimum minimise(double[] initial, double tolerance, int maxIterations) {
        int size = size();
        double[] w = initial.clone();
        double[] g = new double[size];
        double f = lossAndGradient(w, g);
        double[][] s = new double[HISTORY][];
        double[][] t = new double[HISTORY][];
        double[] rho = new double[HISTORY];
        int stored = 0;
        double[] next = new double[size];
        double[] nextG = new double[size];
        double[] nextF = new double[1];
        int iteration = 0;
        while (iteration < maxIterations && maxAbs(g) / x.length > tolerance) {
            double[] direction = stored == 0 ? negated(g) : direction(g, s, t, rho, stored);
            double slope = dot(g, direction);
            boolean moved = false;
            if (slope < 0) {
                double first = iteration == 0 ? Math.min(1.0 / Math.sqrt(dot(direction, direction)), MAX_STEP) : 1.0;
                WolfeLineSearch.Line line = step -> {
                    for (int i = 0; i < size; i++) {
                        next[i] = w[i] + step * direction[i];
                    }
                    nextF[0] = lossAndGradient(next, nextG);
                    return new WolfeLineSearch.Point(nextF[0], dot(nextG, direction));
                };
                moved = WolfeLineSearch.search(line, f, slope, first, MAX_STEP, MAX_LINE_SEARCH_STEPS).accepted();
            }
            if (!moved) {
                if (stored == 0) {
                    break;
                }
                stored = 0;
                continue;
            }
            iteration++;
            // On the mean loss, so that the test does not depend on the number of rows.
            double rows = x.length;
            boolean stalled = (f - nextF[0]) / rows <= RELATIVE_DECREASE * Math.max(1.0, Math.max(Math.abs(f), Math.abs(nextF[0])) / rows);
            double[] sk = new double[size];
            double[] tk = new double[size];
            for (int i = 0; i < size; i++) {
                sk[i] = next[i] - w[i];
                tk[i] = nextG[i] - g[i];
            }
            double curvature = dot(sk, tk);
            if (curvature > MACHINE_EPSILON * -dot(g, sk)) {
                int slot = stored % HISTORY;
                s[slot] = sk;
                t[slot] = tk;
                rho[slot] = 1.0 / curvature;
                stored++;
            }
            System.arraycopy(next, 0, w, 0, size);
            System.arraycopy(nextG, 0, g, 0, size);
            f = nextF[0];
            if (stalled) {
                break;
            }
        }
        return new Minimum(w, iteration);
    }

    /** The L-BFGS two-loop recursion: an approximate Newton direction from the stored pairs. */
    private static double[] direction(double[] g, double[][] s, double[][] t, double[] rho, int stored) {
        double[] q = negated(g);
        int count = Math.min(stored, HISTORY);
        double[] alpha = new double[HISTORY];
        for (int k = 0; k < count; k++) {
            int slot = (stored - 1 - k) % HISTORY;
            alpha[slot] = rho[slot] * dot(s[slot], q);
            axpy(-alpha[slot], t[slot], q);
        }
        if (count > 0) {
            int last = (stored - 1) % HISTORY;
            double gamma = dot(s[last], t[last]) / dot(t[last], t[last]);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        for (int k = count - 1; k >= 0; k--) {
            int slot = (stored - 1 - k) % HISTORY;
            double beta = rho[slot] * dot(t[slot], q);
            axpy(alpha[slot] - beta, s[slot], q);
        }
        return q;
    }

    /** The objective at {@code w}; writes its gradient into {@code gradient}. */
    private double lossAndGradient(double[] w, double[] gradient) {
        int chunks = (x.length + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK;
        List<double[]> partials = IntStream.range(0, chunks).parallel()
                .mapToObj(chunk -> chunkLossAndGradient(w, chunk * ROWS_PER_CHUNK, Math.min(x.length, (chunk + 1) * ROWS_PER_CHUNK)))
                .toList();
        Arrays.fill(gradient, 0.0);
        double loss = 0;
        for (double[] partial : partials) {
            loss += partial[gradient.length];
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] += partial[i];
            }
        }
        int stride = width + 1;
        for (int c = 0; c < vectors(); c++) {
            for (int j = 0; j < width; j++) {
                gradient[c * stride + j] += lambda * w[c * stride + j];
            }
        }
        return loss + penalty(w);
    }

    /** Gradient of rows {@code [from, to)} followed by their summed log loss. */
    private double[] chunkLossAndGradient(double[] w, int from, int to) {
        return classes == 2 ? binaryChunk(w, from, to) : multinomialChunk(w, from, to);
    }

    /**
     * Two classes: one score {@code z} per row for class 0 against class 1, so the loss is softplus(z) minus z for
     * class 0, and the error the sigmoid of z minus the indicator of class 0: one exponential and one logarithm per
     * row, where the general form needs three and one.
     */
    private double[] binaryChunk(double[] w, int from, int to) {
        double[] partial = new double[width + 2];
        double intercept = w[width];
        double loss = 0;
        for (int i = from; i < to; i++) {
            double[] row = x[i];
            double z = intercept + dot(w, row, width);
            double e = Math.exp(-Math.abs(z));
            boolean first = y[i] == 0;
            loss += Math.max(z, 0.0) + Math.log(1.0 + e) - (first ? z : 0.0);
            double sigmoid = z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
            double error = sigmoid - (first ? 1.0 : 0.0);
            for (int j = 0; j < width; j++) {
                partial[j] += error * row[j];
            }
            partial[width] += error;
        }
        partial[width + 1] = loss;
        return partial;
    }

    private double[] multinomialChunk(double[] w, int from, int to) {
        int stride = width + 1;
        int scores = classes;
        double[] partial = new double[scores * stride + 1];
        double[] z = new double[scores];
        double loss = 0;
        for (int i = from; i < to; i++) {
            double[] row = x[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < scores; c++) {
                int base = c * stride;
                double sum = w[base + width];
                for (int j = 0; j < width; j++) {
                    sum += w[base + j] * row[j];
                }
                z[c] = sum;
                max = Math.max(max, sum);
            }
            double normaliser = 0;
            for (int c = 0; c < scores; c++) {
                normaliser += Math.exp(z[c] - max);
            }
            double logNormaliser = max + Math.log(normaliser);
            int label = y[i];
            loss += logNormaliser - z[label];
            for (int c = 0; c < scores; c++) {
                double error = Math.exp(z[c] - logNormaliser) - (label == c ? 1.0 : 0.0);
                int base = c * stride;
                for (int j = 0; j < width; j++) {
                    partial[base + j] += error * row[j];
                }
                partial[base + width] += error;
            }
        }
        partial[scores * stride] = loss;
        return partial;
    }

    /** The first {@code length} products of {@code w} and {@code row}, summed in four independent lanes. */
    private static double dot(double[] w, double[] row, int length) {
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        int j = 0;
        for (; j + 3 < length; j += 4) {
            a += w[j] * row[j];
            b += w[j + 1] * row[j + 1];
            c += w[j + 2] * row[j + 2];
            d += w[j + 3] * row[j + 3];
        }
        for (; j < length; j++) {
            a += w[j] * row[j];
        }
        return (a + b) + (c + d);
    }

    private double penalty(double[] w) {
        int stride = width + 1;
        double sum = 0;
        for (int c = 0; c < vectors(); c++) {
            for (int j = 0; j < width; j++) {
                sum += w[c * stride + j] * w[c * stride + j];
            }
        }
        return 0.5 * lambda * sum;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double[] negated(double[] g) {
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = -g[i];
        }
        return out;
    }

    private static double maxAbs(double[] g) {
        double max = 0;
        for (double v : g) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
