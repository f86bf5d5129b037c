package io.streamtrain.core.learning;

import java.util.Arrays;
import java.util.List;

/** How numeric and boolean features are scaled after imputation (and clipping), with train-split statistics. */
public enum Scaling {
    /** {@code (x - mean) / standard deviation}; a constant column is only centred. */
    STANDARD("standard"),
    /** {@code (x - min) / (max - min)}, so train values fall in [0, 1]; a constant column is only shifted. */
    MIN_MAX("min-max"),
    /** Values pass through unchanged. */
    NONE("none");

    private final String key;

    Scaling(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Scaling::key).toList();
    }

    /** @throws IllegalArgumentException naming the allowed names */
    public static Scaling of(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scaling '" + key + "'; allowed: " + keys()));
    }
}
