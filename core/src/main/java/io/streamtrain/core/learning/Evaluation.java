package io.streamtrain.core.learning;

import java.util.Arrays;
import java.util.List;

/** Where the test rows of a model trained on a horizon of several windows come from. */
public enum Evaluation {
    /**
     * Only the newest window is split (by {@link SplitStrategy}); its held-out rows are the test rows and every row of
     * the earlier windows trains. A model is judged on the current distribution, and the champion on the same rows.
     */
    NEWEST_WINDOW("newest-window"),
    /** Every row of the horizon is split alike, as when each model trained on one window. */
    EVERY_WINDOW("every-window");

    private final String key;

    Evaluation(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Evaluation::key).toList();
    }

    /** @throws IllegalArgumentException naming the allowed names */
    public static Evaluation of(String key) {
        return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown evaluation '" + key + "'; allowed: " + keys()));
    }
}
