package io.streamtrain.ml.train;

import io.streamtrain.ml.gate.GateMetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether and how each window searches its algorithm's hyperparameters ({@code model.tuning.*}).
 *
 * @param mode               none, grid or random
 * @param maxMillis          time budget of one window's search; after it the best candidate scored so far wins
 * @param candidates         most candidates a random search draws, the configured hyperparameters included
 * @param folds              cross-validation folds of the train rows each candidate is scored on, at least 2
 * @param metric             the gate's metric, which compares the candidates
 * @param space              per key, the values to try instead of the algorithm's default search space
 */
public record TuningSettings(Mode mode, long maxMillis, int candidates, int folds, GateMetric metric,
                             Map<String, List<String>> space) {

    /** How the candidates are drawn. */
    public enum Mode {
        /** No search: the configured hyperparameters train. */
        NONE,
        /** Every combination of the search space's values, in order, until the budget runs out. */
        GRID,
        /** At most {@code candidates} combinations drawn with the training seed. */
        RANDOM;

        /** The mode named {@code name} (none, grid, random). */
        public static Mode of(String name) {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** No search. */
    public static final TuningSettings NONE = new TuningSettings(Mode.NONE, 60_000, 20, 5, GateMetric.ACCURACY, Map.of());

    public TuningSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(metric, "metric");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        space.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        space = java.util.Collections.unmodifiableMap(copy);
        if (maxMillis < 1) {
            throw new IllegalArgumentException("maxMillis must be at least 1, was " + maxMillis);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be at least 1, was " + candidates);
        }
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2, was " + folds);
        }
    }

    public boolean enabled() {
        return mode != Mode.NONE;
    }
}
