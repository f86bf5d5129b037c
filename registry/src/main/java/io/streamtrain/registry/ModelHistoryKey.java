package io.streamtrain.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * The key of a model on {@code <p>.model-history}: {@code <pipeline>:<version>} with the version zero-padded
 * to 19 digits, so keys of one pipeline sort in version order (for example {@code churn:0000000000000000042}).
 *
 * @param pipeline pipeline name
 * @param version  model version, at least 1
 */
public record ModelHistoryKey(String pipeline, long version) {

    private static final char SEPARATOR = ':';
    private static final int DIGITS = 19;

    public ModelHistoryKey {
        Objects.requireNonNull(pipeline, "pipeline");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
    }

    /** Parses a key written by {@link #toString()}; empty for anything else. */
    public static Optional<ModelHistoryKey> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        int separator = key.lastIndexOf(SEPARATOR);
        String digits = key.substring(separator + 1);
        if (separator < 1 || digits.length() != DIGITS || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            long version = Long.parseLong(digits);
            return version < 1 ? Optional.empty() : Optional.of(new ModelHistoryKey(key.substring(0, separator), version));
        } catch (NumberFormatException beyondLongRange) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return pipeline + SEPARATOR + String.format("%0" + DIGITS + "d", version);
    }
}
