package io.streamtrain.ml.algorithm;

import static io.streamtrain.core.learning.Hyperparameter.GBT_MAX_NODES;
import static io.streamtrain.core.learning.Hyperparameter.GBT_SHRINKAGE;
import static io.streamtrain.core.learning.Hyperparameter.GBT_TREES;
import static io.streamtrain.core.learning.Hyperparameter.LINEAR_LAMBDA;
import static io.streamtrain.core.learning.Hyperparameter.LR_LAMBDA;
import static io.streamtrain.core.learning.Hyperparameter.RF_MTRY;
import static io.streamtrain.core.learning.Hyperparameter.RF_NODE_SIZE;

import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.core.learning.Hyperparameter;
import io.streamtrain.core.learning.HyperparameterValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The values a hyperparameter search tries per hyperparameter of one algorithm: a documented default per algorithm,
 * each key overridable ({@code model.tuning.<algorithm>.<key>=v1,v2,...}). Types and ranges are the
 * {@link Hyperparameter} definitions'. The defaults span the settings that moved test accuracy most across the quality
 * benchmark's data sets; every other key keeps its configured value.
 *
 * <ul>
 *   <li>logistic-regression: {@code lambda} 0.001, 0.01, 0.1, 1, 10</li>
 *   <li>linear-regression: {@code lambda} 0.0001, 0.01, 1, 10, 100</li>
 *   <li>random-forest: {@code node.size} 1, 2, 5, 10 and {@code mtry} 0 (the width rule), 2, 4, 8</li>
 *   <li>gradient-boosted-trees: {@code shrinkage} 0.05, 0.1, 0.2, {@code max.nodes} 6, 16, 32 and {@code trees} 100, 300</li>
 * </ul>
 *
 * @param algorithm the algorithm, as in {@code model.algorithm}
 * @param values    the values tried per hyperparameter, in order
 */
public record SearchSpace(String algorithm, Map<Hyperparameter, List<Number>> values) {

    private static final Map<String, Map<Hyperparameter, List<Number>>> DEFAULTS = Map.of(
            Algorithms.LOGISTIC_REGRESSION, Map.of(LR_LAMBDA, List.of(0.001, 0.01, 0.1, 1.0, 10.0)),
            Algorithms.LINEAR_REGRESSION, Map.of(LINEAR_LAMBDA, List.of(0.0001, 0.01, 1.0, 10.0, 100.0)),
            Algorithms.RANDOM_FOREST, ordered(RF_NODE_SIZE, List.of(1, 2, 5, 10), RF_MTRY, List.of(0, 2, 4, 8)),
            Algorithms.GRADIENT_BOOSTED_TREES, ordered(GBT_SHRINKAGE, List.of(0.05, 0.1, 0.2), GBT_MAX_NODES, List.of(6, 16, 32),
                    GBT_TREES, List.of(100, 300)));

    /** @throws IllegalArgumentException when a key tries no value, or a value is not one its definition allows */
    public SearchSpace {
        Map<Hyperparameter, List<Number>> copy = new LinkedHashMap<>();
        values.forEach((hyperparameter, tried) -> {
            if (tried.isEmpty()) {
                throw new IllegalArgumentException("the search space of " + algorithm + " tries no value of " + hyperparameter.key());
            }
            // Every value must be valid on its own: a typo fails at start-up, not in the middle of a search.
            copy.put(hyperparameter, tried.stream().map(value -> HyperparameterValues.of(algorithm, Map.of(hyperparameter, value))
                    .values().get(hyperparameter)).toList());
        });
        values = Collections.unmodifiableMap(copy);
    }

    /**
     * {@code algorithm}'s default space with {@code overrides} (key without prefix to values as text) replacing or
     * adding keys.
     *
     * @throws IllegalArgumentException naming the key and value when a key is unknown or a value is not allowed
     */
    public static SearchSpace of(String algorithm, Map<String, List<String>> overrides) {
        Map<Hyperparameter, List<Number>> values = new LinkedHashMap<>(DEFAULTS.getOrDefault(algorithm, Map.of()));
        overrides.forEach((key, tried) -> {
            Hyperparameter hyperparameter = Hyperparameter.named(algorithm, key);
            values.put(hyperparameter, tried.stream().map(hyperparameter::parse).toList());
        });
        return new SearchSpace(algorithm, values);
    }

    /**
     * The candidates to try, {@code base} (the configured hyperparameters) first, then every combination of this
     * space's values (grid) or at most {@code limit - 1} of them drawn with {@code seed} (random), each laid over
     * {@code base}; combinations equal to {@code base} are not repeated.
     */
    public List<HyperparameterValues> candidates(HyperparameterValues base, boolean random, int limit, long seed) {
        LinkedHashSet<HyperparameterValues> all = new LinkedHashSet<>();
        all.add(base);
        List<HyperparameterValues> grid = new ArrayList<>();
        combine(new ArrayList<>(values.keySet()), 0, new LinkedHashMap<>(), base, grid);
        if (random) {
            Collections.shuffle(grid, new Random(seed));
        }
        for (HyperparameterValues combination : grid) {
            if (random && all.size() >= limit) {
                break;
            }
            all.add(combination);
        }
        return List.copyOf(all);
    }

    private void combine(List<Hyperparameter> keys, int index, Map<Hyperparameter, Number> current, HyperparameterValues base,
                         List<HyperparameterValues> out) {
        if (index == keys.size()) {
            out.add(base.with(current));
            return;
        }
        for (Number value : values.get(keys.get(index))) {
            current.put(keys.get(index), value);
            combine(keys, index + 1, current, base, out);
        }
    }

    private static Map<Hyperparameter, List<Number>> ordered(Hyperparameter first, List<Number> firstValues, Object... more) {
        Map<Hyperparameter, List<Number>> map = new LinkedHashMap<>();
        map.put(first, firstValues);
        for (int i = 0; i < more.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<Number> tried = (List<Number>) more[i + 1];
            map.put((Hyperparameter) more[i], tried);
        }
        return map;
    }
}
