package io.streamtrain.ml.algorithm;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one algorithm's hyperparameters from their string form, naming the algorithm, key and value in every
 * error. Absent or blank keys take the given default; keys the algorithm does not know are refused.
 */
final class Hyperparameters {

    private final String algorithm;
    private final Map<String, String> values;

    private Hyperparameters(String algorithm, Map<String, String> values) {
        this.algorithm = algorithm;
        this.values = values;
    }

    /** @throws IllegalArgumentException when {@code values} holds a key outside {@code known} */
    static Hyperparameters of(String algorithm, Map<String, String> values, Set<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(algorithm + " has no hyperparameter " + key + "; it has " + new TreeSet<>(known));
            }
        }
        return new Hyperparameters(algorithm, values);
    }

    int integer(String key, int defaultValue) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(algorithm + " hyperparameter " + key + " must be an integer, was '" + value + "'", e);
        }
    }

    double number(String key, double defaultValue) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(algorithm + " hyperparameter " + key + " must be a number, was '" + value + "'", e);
        }
    }

    /** Fails unless {@code min <= value <= max}. */
    static void requireBetween(String algorithm, String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(algorithm + " hyperparameter " + key + " must be in [" + format(min) + ", " + format(max)
                    + "], was " + format(value));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
