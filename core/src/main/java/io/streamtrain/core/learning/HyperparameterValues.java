package io.streamtrain.core.learning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed values of every hyperparameter of one algorithm, absent ones at their {@link Hyperparameter#defaultValue()},
 * each checked against its range. What the pipeline configuration hands to training, and what a hyperparameter
 * search varies.
 *
 * @param algorithm the algorithm, as in {@code model.algorithm}
 * @param values    every hyperparameter of the algorithm, in definition order, an {@link Integer} or a {@link Double} by kind
 */
public record HyperparameterValues(String algorithm, Map<Hyperparameter, Number> values) {

    /**
     * @throws IllegalArgumentException when a value belongs to another algorithm, lies outside its range, or a
     *                                  hyperparameter of the algorithm is missing
     */
    public HyperparameterValues {
        Map<Hyperparameter, Number> checked = new LinkedHashMap<>();
        for (Hyperparameter hyperparameter : Hyperparameter.of(algorithm)) {
            Number value = values.get(hyperparameter);
            if (value == null) {
                throw new IllegalArgumentException(hyperparameter + " has no value");
            }
            checked.put(hyperparameter, hyperparameter.checked(value));
        }
        values.keySet().stream().filter(h -> !checked.containsKey(h)).findFirst().ifPresent(h -> {
            throw new IllegalArgumentException(h + " is not one of " + algorithm + "'s");
        });
        values = Collections.unmodifiableMap(checked);
    }

    /** {@code algorithm}'s defaults. */
    public static HyperparameterValues defaults(String algorithm) {
        return of(algorithm, Map.of());
    }

    /** {@code given} over {@code algorithm}'s defaults. */
    public static HyperparameterValues of(String algorithm, Map<Hyperparameter, ? extends Number> given) {
        if (!Algorithms.NAMES.contains(algorithm)) {
            throw new IllegalArgumentException("algorithm " + algorithm + " is not supported; use one of " + Algorithms.NAMES);
        }
        Map<Hyperparameter, Number> values = new LinkedHashMap<>();
        Hyperparameter.of(algorithm).forEach(h -> values.put(h, h.defaultValue()));
        values.putAll(given);
        return new HyperparameterValues(algorithm, values);
    }

    /**
     * Reads hyperparameters written as text, keyed without the {@code model.<algorithm>.} prefix (as in a model
     * envelope); absent or blank values take their defaults.
     *
     * @throws IllegalArgumentException naming the algorithm, key and value for an unknown key, text that is not a
     *                                  number of the key's type, or a value out of range
     */
    public static HyperparameterValues parse(String algorithm, Map<String, String> text) {
        Map<Hyperparameter, Number> given = new LinkedHashMap<>();
        text.forEach((key, value) -> {
            Hyperparameter hyperparameter = Hyperparameter.named(algorithm, key);
            if (value != null && !value.isBlank()) {
                given.put(hyperparameter, hyperparameter.parse(value));
            }
        });
        return of(algorithm, given);
    }

    /** These values with {@code changed} laid over them. */
    public HyperparameterValues with(Map<Hyperparameter, ? extends Number> changed) {
        Map<Hyperparameter, Number> merged = new LinkedHashMap<>(values);
        merged.putAll(changed);
        return new HyperparameterValues(algorithm, merged);
    }

    public int integer(Hyperparameter hyperparameter) {
        return value(hyperparameter).intValue();
    }

    public double number(Hyperparameter hyperparameter) {
        return value(hyperparameter).doubleValue();
    }

    /** Every value as text, keyed without the prefix, in definition order: the form a model envelope records. */
    public Map<String, String> toStrings() {
        Map<String, String> text = new LinkedHashMap<>();
        values.forEach((hyperparameter, value) -> text.put(hyperparameter.key(), value.toString()));
        return text;
    }

    private Number value(Hyperparameter hyperparameter) {
        Number value = values.get(hyperparameter);
        if (value == null) {
            throw new IllegalArgumentException(hyperparameter + " is not one of " + algorithm + "'s");
        }
        return value;
    }
}
