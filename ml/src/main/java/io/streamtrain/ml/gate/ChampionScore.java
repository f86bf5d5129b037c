package io.streamtrain.ml.gate;

import java.util.Map;

/**
 * The current champion's metrics, measured on the challenger's test split.
 *
 * @param version the champion's model version
 * @param metrics metric name to value
 */
public record ChampionScore(long version, Map<String, Double> metrics) {

    public ChampionScore {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        metrics = Map.copyOf(metrics);
    }
}
