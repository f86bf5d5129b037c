package io.streamtrain.core.learning;

import java.util.Arrays;
import java.util.List;

/**
 * What replaces a missing feature value (null, NaN or an infinity) when a model is trained and when it scores.
 * Statistics are fitted on the train split only.
 */
public enum MissingValueStrategy {
    /** Train and test rows missing the feature are left out; at scoring time the train mean (numeric) or most frequent category imputes. */
    DROP_ROW("drop-row"),
    /** The train mean; categorical features use the most frequent category instead. */
    MEAN("mean"),
    /** The train median; categorical features use the most frequent category instead. */
    MEDIAN("median"),
    /** The most frequent train value (numeric ties: the smallest value; categorical ties: the first name). */
    MOST_FREQUENT("most-frequent"),
    /** A configured constant: a number for numeric and boolean features, a category name for categorical ones. */
    CONSTANT("constant");

    private final String key;

    MissingValueStrategy(String key) {
        this.key = key;
    }

    /** The name used in configuration, for example {@code most-frequent}. */
    public String key() {
        return key;
    }

    /** Every configuration name, in declaration order. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(MissingValueStrategy::key).toList();
    }

    /**
     * The strategy named {@code key}.
     *
     * @throws IllegalArgumentException naming the allowed names
     */
    public static MissingValueStrategy of(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown missing-value strategy '" + key + "'; allowed: " + keys()));
    }
}
