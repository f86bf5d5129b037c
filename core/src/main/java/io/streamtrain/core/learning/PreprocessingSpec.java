package io.streamtrain.core.learning;

import java.util.Map;
import java.util.Objects;

/**
 * The data preparation a pipeline asks for; the ml module fits it on each window's train split.
 *
 * @param missing        the rule of every feature without an override
 * @param overrides      per-feature rules by feature name
 * @param maxCategories  one-hot vocabulary bound per categorical feature; rarer categories go to the "other" slot
 * @param scaling        scaling of numeric and boolean features
 * @param clipQuantile   0 for no clipping, else numeric values are clipped to the train split's
 *                       [clipQuantile, 1 - clipQuantile] quantiles; below 0.5
 */
public record PreprocessingSpec(MissingValueRule missing, Map<String, MissingValueRule> overrides, int maxCategories,
                                Scaling scaling, double clipQuantile) {

    /** Mean imputation, 100 categories, standard scaling, no clipping. */
    public static final PreprocessingSpec DEFAULTS =
            new PreprocessingSpec(MissingValueRule.of(MissingValueStrategy.MEAN), Map.of(), 100, Scaling.STANDARD, 0.0);

    public PreprocessingSpec {
        Objects.requireNonNull(missing, "missing");
        overrides = Map.copyOf(overrides);
        Objects.requireNonNull(scaling, "scaling");
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be at least 1, was " + maxCategories);
        }
        if (!(clipQuantile >= 0 && clipQuantile < 0.5)) {
            throw new IllegalArgumentException("clipQuantile must be in [0, 0.5), was " + clipQuantile);
        }
    }

    /** The rule of {@code feature}: its override, or the default rule. */
    public MissingValueRule ruleFor(String feature) {
        return overrides.getOrDefault(feature, missing);
    }
}
