package io.streamtrain.trainer.horizon;

import io.streamtrain.core.config.PipelineConfig;
import io.streamtrain.core.learning.TrainingHorizon;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether the batches topic keeps a horizon's windows long enough for a restarted trainer to rebuild it: a horizon
 * is rebuilt from the topic, so one that outlives the topic's {@code retention.ms} would silently lose its oldest
 * windows after a restart.
 */
public final class HorizonRetention {

    private HorizonRetention() {
    }

    /**
     * Why {@code policy} cannot be kept on a batches topic with {@code retentionMs}; empty when it can.
     *
     * <p>The horizon covers at least {@code train.horizon.ms} of event time when that is set, and otherwise at least
     * {@code train.horizon.windows} full windows of {@code window.size.ms} (windows closed early or a quiet stream make
     * it longer on the wall clock, which retention counts in; the check refuses only what can never work).
     *
     * @param retentionMs the topic's {@code retention.ms}; negative keeps messages for ever
     */
    public static Optional<String> problem(TrainingHorizon policy, Duration windowSize, String topic, long retentionMs) {
        if (!policy.spansWindows() || retentionMs < 0) {
            return Optional.empty();
        }
        String needed;
        long neededMs;
        if (policy.span().isPositive()) {
            neededMs = policy.span().toMillis();
            needed = PipelineConfig.TRAIN_HORIZON_MS_CONFIG + "=" + neededMs;
        } else {
            neededMs = windowSize.toMillis() > Long.MAX_VALUE / policy.windows()
                    ? Long.MAX_VALUE : policy.windows() * windowSize.toMillis();
            needed = PipelineConfig.TRAIN_HORIZON_WINDOWS_CONFIG + "=" + policy.windows() + " windows of "
                    + PipelineConfig.WINDOW_SIZE_MS_CONFIG + "=" + windowSize.toMillis() + " (" + neededMs + " ms)";
        }
        if (neededMs <= retentionMs) {
            return Optional.empty();
        }
        return Optional.of("the training horizon of " + needed + " outlives retention.ms=" + retentionMs + " of topic "
                + topic + ", so a restarted trainer could not rebuild it from the topic; lower "
                + (policy.span().isPositive() ? PipelineConfig.TRAIN_HORIZON_MS_CONFIG : PipelineConfig.TRAIN_HORIZON_WINDOWS_CONFIG)
                + " or raise the topic's retention.ms");
    }
}
