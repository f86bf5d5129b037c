package io.streamtrain.ml.algorithm;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * A fitted model and what its fit reports about itself.
 *
 * @param facts how the fit went, by key, for the envelope ({@link #ITERATIONS} and {@link #WARM_START} for logistic
 *              regression); empty for algorithms that report nothing
 */
public record FittedModel(Serializable model, Map<String, String> facts) {

    /** Key of the optimiser's iteration count. */
    public static final String ITERATIONS = "fit.iterations";
    /** Key of whether the fit started from the champion's weights ({@code true}) or from zeros ({@code false}). */
    public static final String WARM_START = "fit.warm.start";

    public FittedModel {
        Objects.requireNonNull(model, "model");
        facts = Map.copyOf(facts);
    }
}
