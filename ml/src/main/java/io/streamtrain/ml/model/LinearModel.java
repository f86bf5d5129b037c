package io.streamtrain.ml.model;

import java.io.Serial;
import java.util.Arrays;
import smile.regression.Regression;

/**
 * A fitted linear regression: {@code intercept + weights . x}. streamtrain's own class rather than Smile's
 * {@code LinearModel}, whose prediction needs a native BLAS (see the ml module's README); it is the one
 * non-Smile class the model deserialization filter admits, and holds nothing but numbers.
 */
public final class LinearModel implements Regression<double[]> {

    @Serial
    private static final long serialVersionUID = 1L;

    private final double[] weights;
    private final double intercept;

    /**
     * @throws IllegalArgumentException when a coefficient is not finite
     */
    public LinearModel(double[] weights, double intercept) {
        if (!Double.isFinite(intercept) || Arrays.stream(weights).anyMatch(w -> !Double.isFinite(w))) {
            throw new IllegalArgumentException("a linear model needs finite coefficients");
        }
        this.weights = weights.clone();
        this.intercept = intercept;
    }

    /** The weight of each input column. */
    public double[] weights() {
        return weights.clone();
    }

    public double intercept() {
        return intercept;
    }

    /** @throws IllegalArgumentException when {@code x} has another width than the weights */
    @Override
    public double predict(double[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("linear model of width " + weights.length + " cannot score a vector of width " + x.length);
        }
        double sum = intercept;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] * x[i];
        }
        return sum;
    }

    /** Deserialization bypasses the constructor: re-check what it checks. */
    @Serial
    private Object readResolve() {
        return new LinearModel(weights, intercept);
    }
}
