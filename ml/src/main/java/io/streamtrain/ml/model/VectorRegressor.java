package io.streamtrain.ml.model;

import io.streamtrain.ml.model.forest.FlatRegressionForest;
import io.streamtrain.ml.model.forest.ForestCompiler;
import io.streamtrain.ml.model.forest.UnsupportedForestException;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import smile.regression.DataFrameRegression;
import smile.regression.RandomForest;

/**
 * A regression model called on preprocessed vectors whatever its input type: the linear model directly, a Smile
 * random forest through its flat compiled form ({@link ForestCompiler}; same predictions, none of Smile's per-node
 * tuple reads), any other Smile data-frame model (boosted trees, or a forest the compiler refuses) through a
 * {@link VectorSchema} tuple.
 */
public final class VectorRegressor {

    private static final Logger LOG = LoggerFactory.getLogger(VectorRegressor.class);

    private final ToDoubleFunction<double[]> prediction;
    private final String description;

    private VectorRegressor(ToDoubleFunction<double[]> prediction, String description) {
        this.prediction = prediction;
        this.description = description;
    }

    /**
     * Wraps {@code model} for {@code width}-wide vectors.
     *
     * @throws IllegalArgumentException when the model is not a Smile regression model
     */
    public static VectorRegressor of(Object model, int width) {
        if (model instanceof DataFrameRegression frames) {
            VectorSchema schema = VectorSchema.of(width);
            if (frames instanceof RandomForest forest) {
                try {
                    FlatRegressionForest flat = ForestCompiler.regression(forest, schema.structType());
                    return new VectorRegressor(flat::predict, flat.toString());
                } catch (UnsupportedForestException e) {
                    LOG.debug("Random forest scored by Smile's own predict, not compiled: {}", e.getMessage());
                }
            }
            return new VectorRegressor(x -> frames.predict(schema.tuple(x)), "Smile " + frames.getClass().getSimpleName()
                    + " on " + width + "-wide tuples");
        }
        if (model instanceof LinearModel linear) {
            return new VectorRegressor(linear::predict, "streamtrain linear model");
        }
        throw new IllegalArgumentException((model == null ? "null" : "a " + model.getClass().getName())
                + " is not a streamtrain linear model or a Smile data-frame regression model");
    }

    /** The predicted value. */
    public double predict(double[] x) {
        return prediction.applyAsDouble(x);
    }

    /** How the model is scored, for logs: the compiled forest's size, or the model class. */
    @Override
    public String toString() {
        return description;
    }
}
