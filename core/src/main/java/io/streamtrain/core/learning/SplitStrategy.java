package io.streamtrain.core.learning;

import java.util.Arrays;
import java.util.List;

/** How a window's records are divided into the train and test splits. */
public enum SplitStrategy {
    /** A record is held out when the hash of its id falls below the test fraction; the side depends only on the id. */
    HASH("hash"),
    /**
     * Classification only: within each class, records ordered by the hash of their id, the first test-fraction
     * of them (rounded, at least one when the class has two or more records, never all) are held out.
     */
    STRATIFIED("stratified"),
    /** The latest test-fraction of the records by event time (ties by record id) are held out. */
    TIME_ORDERED("time-ordered");

    private final String key;

    SplitStrategy(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(SplitStrategy::key).toList();
    }

    /** @throws IllegalArgumentException naming the allowed names */
    public static SplitStrategy of(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown split strategy '" + key + "'; allowed: " + keys()));
    }
}
