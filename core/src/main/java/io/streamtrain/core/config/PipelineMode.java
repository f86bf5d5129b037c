package io.streamtrain.core.config;

import java.util.Arrays;
import java.util.List;

/** What a pipeline does with each closed window ({@value PipelineConfig#PIPELINE_MODE_CONFIG}). */
public enum PipelineMode {
    /**
     * Every window trains a model version that is gated, signed and published to {@code <p>.models} and
     * {@code <p>.model-history}; the scorer serves the current one. Input records need a label.
     */
    CONTINUOUS("continuous"),
    /**
     * Every window trains a throw-away model on its labelled records and uses it at once to score the window's
     * unlabelled records and the score requests that arrived during the window; the predictions go to
     * {@code <p>.predictions} with the model's lineage and no model is stored.
     */
    TRANSIENT("transient");

    private final String key;

    PipelineMode(String key) {
        this.key = key;
    }

    /** The configuration value naming this mode. */
    public String key() {
        return key;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(PipelineMode::key).toList();
    }

    /** The mode named {@code key}. */
    public static PipelineMode of(String key) {
        return Arrays.stream(values()).filter(mode -> mode.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown pipeline mode " + key + "; use one of " + keys()));
    }
}
