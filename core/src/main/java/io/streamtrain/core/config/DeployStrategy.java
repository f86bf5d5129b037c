package io.streamtrain.core.config;

import java.util.Arrays;
import java.util.List;

/** How a challenger that passes the gate reaches live traffic ({@code deploy.strategy}). */
public enum DeployStrategy {
    /** Served at once as the current model, with no trial (the behaviour before trials). */
    IMMEDIATE("immediate"),
    /** Scores every request beside the champion; only the champion answers until late labels decide. */
    SHADOW("shadow"),
    /** Answers a share of the requests, chosen by a hash of the request id, until late labels decide. */
    CANARY("canary");

    private final String key;

    DeployStrategy(String key) {
        this.key = key;
    }

    /** The configuration value naming this strategy. */
    public String key() {
        return key;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(DeployStrategy::key).toList();
    }

    /** The strategy named {@code key}. */
    public static DeployStrategy of(String key) {
        return Arrays.stream(values()).filter(strategy -> strategy.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown deploy strategy " + key + "; use one of " + keys()));
    }
}
