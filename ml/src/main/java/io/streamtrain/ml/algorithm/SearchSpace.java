package io.streamtrain.ml.algorithm;

import io.streamtrain.core.learning.Algorithms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The values a hyperparameter search tries per key of one algorithm: a documented default per algorithm, each key
 * overridable ({@code model.tuning.<algorithm>.<key>=v1,v2,...}). The defaults span the settings that moved test
 * accuracy most across the quality benchmark's data sets; every other key keeps its configured value.
 *
 * <ul>
 *   <li>logistic-regression: {@code lambda} 0.001, 0.01, 0.1, 1, 10</li>
 *   <li>linear-regression: {@code lambda} 0.0001, 0.01, 1, 10, 100</li>
 *   <li>random-forest: {@code node.size} 1, 2, 5, 10 and {@code mtry} 0 (the width rule), 2, 4, 8</li>
 *   <li>gradient-boosted-trees: {@code shrinkage} 0.05, 0.1, 0.2, {@code max.nodes} 6, 16, 32 and {@code trees} 100, 300</li>
 * </ul>
 *
 * @param algorithm the algorithm, as in {@code model.algorithm}
 * @param values    the values tried per key, in order
 */
public record SearchSpace(String algorithm, Map<String, List<String>> values) {

    private static final Map<String, Map<String, List<String>>> DEFAULTS = Map.of(
            Algorithms.LOGISTIC_REGRESSION, Map.of(LogisticRegressionOptions.LAMBDA, List.of("0.001", "0.01", "0.1", "1", "10")),
            Algorithms.LINEAR_REGRESSION, Map.of(LinearRegressionOptions.LAMBDA, List.of("0.0001", "0.01", "1", "10", "100")),
            Algorithms.RANDOM_FOREST, ordered(RandomForestOptions.NODE_SIZE, List.of("1", "2", "5", "10"),
                    RandomForestOptions.MTRY, List.of("0", "2", "4", "8")),
            Algorithms.GRADIENT_BOOSTED_TREES, ordered(GradientBoostedTreesOptions.SHRINKAGE, List.of("0.05", "0.1", "0.2"),
                    GradientBoostedTreesOptions.MAX_NODES, List.of("6", "16", "32"), GradientBoostedTreesOptions.TREES, List.of("100", "300")));

    public SearchSpace {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((key, tried) -> {
            if (tried.isEmpty()) {
                throw new IllegalArgumentException("the search space of " + algorithm + " tries no value of " + key);
            }
            copy.put(key, List.copyOf(tried));
        });
        values = java.util.Collections.unmodifiableMap(copy);
        // Every value must make valid options on its own: a typo fails at start-up, not in the middle of a search.
        copy.forEach((key, tried) -> tried.forEach(value -> AlgorithmOptions.of(algorithm, Map.of(key, value))));
    }

    /** {@code algorithm}'s default space with {@code overrides} (key to values) replacing or adding keys. */
    public static SearchSpace of(String algorithm, Map<String, List<String>> overrides) {
        Map<String, List<String>> values = new LinkedHashMap<>(DEFAULTS.getOrDefault(algorithm, Map.of()));
        values.putAll(overrides);
        return new SearchSpace(algorithm, values);
    }

    /**
     * The candidates to try, {@code base} (the configured hyperparameters) first, then every combination of this
     * space's values (grid) or at most {@code limit - 1} of them drawn with {@code seed} (random), each laid over
     * {@code base}; combinations equal to {@code base} are not repeated.
     */
    public List<Map<String, String>> candidates(Map<String, String> base, boolean random, int limit, long seed) {
        LinkedHashSet<Map<String, String>> all = new LinkedHashSet<>();
        Map<String, String> first = AlgorithmOptions.of(algorithm, base).toMap();
        all.add(first);
        List<Map<String, String>> grid = new ArrayList<>();
        combine(new ArrayList<>(values.keySet()), 0, new LinkedHashMap<>(base), grid);
        if (random) {
            java.util.Collections.shuffle(grid, new Random(seed));
        }
        for (Map<String, String> combination : grid) {
            if (random && all.size() >= limit) {
                break;
            }
            all.add(AlgorithmOptions.of(algorithm, combination).toMap());
        }
        return List.copyOf(all);
    }

    private void combine(List<String> keys, int index, Map<String, String> current, List<Map<String, String>> out) {
        if (index == keys.size()) {
            out.add(Map.copyOf(current));
            return;
        }
        for (String value : values.get(keys.get(index))) {
            current.put(keys.get(index), value);
            combine(keys, index + 1, current, out);
        }
    }

    private static Map<String, List<String>> ordered(Object... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> tried = (List<String>) pairs[i + 1];
            map.put((String) pairs[i], tried);
        }
        return map;
    }
}
