package io.streamtrain.core.learning;

import java.util.Arrays;
import java.util.List;

/**
 * Which rows of the earlier windows of a training horizon train when the horizon holds more rows than its bound.
 * The newest window always trains whole; every choice is deterministic for a seed, so a rebuilt horizon trains on
 * the same rows.
 */
public enum HorizonSampling {
    /** The newest rows, by position on the batches topic: the oldest rows are left out first. */
    NEWEST("newest"),
    /** Every row equally likely: the rows with the smallest seeded hash of their record id train. */
    UNIFORM("uniform"),
    /**
     * Classification only: each class keeps its share of the horizon's rows (rounded, at least one row of a class
     * that has rows), chosen within the class by the smallest seeded hash of the record id.
     */
    STRATIFIED("stratified");

    private final String key;

    HorizonSampling(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(HorizonSampling::key).toList();
    }

    /** @throws IllegalArgumentException naming the allowed names */
    public static HorizonSampling of(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown horizon sampling '" + key + "'; allowed: " + keys()));
    }
}
