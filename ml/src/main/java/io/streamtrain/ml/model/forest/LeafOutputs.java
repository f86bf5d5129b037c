package io.streamtrain.ml.model.forest;

import java.util.Arrays;

/** The outputs of a forest's leaves, {@code stride} doubles each, in one growing array; leaf {@code i} starts at {@code i * stride}. */
final class LeafOutputs {

    private final int stride;
    private double[] values;
    private int leaves;

    LeafOutputs(int stride) {
        this.stride = stride;
        this.values = new double[256 * stride];
    }

    /** Appends one leaf's output ({@code stride} values) and returns the leaf's index. */
    int add(double[] output) {
        if (output.length != stride) {
            throw new IllegalArgumentException("a leaf output has " + stride + " values, got " + output.length);
        }
        if ((leaves + 1) * stride > values.length) {
            values = Arrays.copyOf(values, 2 * values.length);
        }
        System.arraycopy(output, 0, values, leaves * stride, stride);
        return leaves++;
    }

    /** Every leaf's output so far. */
    double[] toArray() {
        return Arrays.copyOf(values, leaves * stride);
    }
}
