package io.streamtrain.ml.model;

import smile.regression.DataFrameRegression;
import smile.regression.Regression;

/**
 * A Smile regression model called on preprocessed vectors whatever its input type: a vector model (the linear
 * model) directly, a data-frame model (random forest, boosted trees) through a {@link VectorSchema} tuple.
 */
public final class VectorRegressor {

    private final Regression<double[]> vectors;
    private final DataFrameRegression frames;
    private final VectorSchema schema;

    private VectorRegressor(Regression<double[]> vectors, DataFrameRegression frames, VectorSchema schema) {
        this.vectors = vectors;
        this.frames = frames;
        this.schema = schema;
    }

    /**
     * Wraps {@code model} for {@code width}-wide vectors.
     *
     * @throws IllegalArgumentException when the model is not a Smile regression model
     */
    public static VectorRegressor of(Object model, int width) {
        if (model instanceof DataFrameRegression frames) {
            return new VectorRegressor(null, frames, VectorSchema.of(width));
        }
        if (model instanceof LinearModel linear) {
            return new VectorRegressor(linear, null, null);
        }
        throw new IllegalArgumentException((model == null ? "null" : "a " + model.getClass().getName())
                + " is not a streamtrain linear model or a Smile data-frame regression model");
    }

    /** The predicted value. */
    public double predict(double[] x) {
        return vectors != null ? vectors.predict(x) : frames.predict(schema.tuple(x));
    }
}
