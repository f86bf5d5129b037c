package io.streamtrain.core.learning;

import java.time.Duration;
import java.util.Objects;

/**
 * How much each model learns from: the windows of its training horizon and how their rows are bounded.
 *
 * @param windows    windows in the horizon, the one just closed included; 1 trains on each window alone
 * @param span       event-time span of the horizon: a window stays while its end lies within this of the newest
 *                   window's end; {@link Duration#ZERO} bounds the horizon by {@code windows} only
 * @param maxRecords most rows a fit learns from; above it {@code sampling} chooses rows of the earlier windows
 * @param sampling   which earlier rows train when the horizon holds more than {@code maxRecords}
 * @param evaluation where the test rows come from
 * @param refit      whether the published model is fit again on every row after evaluation
 */
public record TrainingHorizon(int windows, Duration span, int maxRecords, HorizonSampling sampling,
                              Evaluation evaluation, boolean refit) {

    /** Each model trains on its own window, as before horizons existed. */
    public static final TrainingHorizon SINGLE_WINDOW = new TrainingHorizon(1, Duration.ZERO, Integer.MAX_VALUE,
            HorizonSampling.UNIFORM, Evaluation.NEWEST_WINDOW, false);

    public TrainingHorizon {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(evaluation, "evaluation");
        if (windows < 1) {
            throw new IllegalArgumentException("windows must be at least 1, was " + windows);
        }
        if (span.isNegative()) {
            throw new IllegalArgumentException("span must not be negative, was " + span);
        }
        if (maxRecords < 2) {
            throw new IllegalArgumentException("maxRecords must be at least 2, was " + maxRecords);
        }
    }

    /** Whether a model may learn from more than its own window. */
    public boolean spansWindows() {
        return windows > 1;
    }
}
