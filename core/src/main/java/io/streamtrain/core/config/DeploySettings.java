package io.streamtrain.core.config;

import java.time.Duration;

/**
 * How a challenger that passes the gate reaches live traffic: the {@code deploy.*} keys of a pipeline, which the
 * trainer (announcing and deciding trials) and the scorer (serving them) read alike.
 *
 * @param strategy     {@value DeployKeys#STRATEGY_CONFIG}
 * @param canaryShare  {@value DeployKeys#CANARY_SHARE_CONFIG}, in (0, 0.5]
 * @param minLabels    {@value DeployKeys#MIN_LABELS_CONFIG}
 * @param maxDuration  {@value DeployKeys#MAX_DURATION_MS_CONFIG}
 * @param significance {@value DeployKeys#SIGNIFICANCE_CONFIG}, in (0, 0.5)
 * @param progressInterval {@value DeployKeys#PROGRESS_INTERVAL_MS_CONFIG}, positive
 */
public record DeploySettings(DeployStrategy strategy, double canaryShare, long minLabels, Duration maxDuration, double significance,
                             Duration progressInterval) {

    public DeploySettings {
        if (strategy == null || maxDuration == null || progressInterval == null) {
            throw new IllegalArgumentException("deploy settings need a strategy, a longest trial duration and a progress interval");
        }
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("the progress interval must be positive, was " + progressInterval);
        }
        if (!(canaryShare > 0.0 && canaryShare <= 0.5)) {
            throw new IllegalArgumentException("the canary share must be in (0, 0.5], was " + canaryShare);
        }
        if (!(significance > 0.0 && significance < 0.5)) {
            throw new IllegalArgumentException("the significance level must be in (0, 0.5), was " + significance);
        }
    }

    /** Whether a challenger that passes the gate is tried on live traffic before it answers for real. */
    public boolean triesChallengers() {
        return strategy != DeployStrategy.IMMEDIATE;
    }
}
