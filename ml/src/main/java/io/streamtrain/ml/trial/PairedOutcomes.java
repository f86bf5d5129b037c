package io.streamtrain.ml.trial;

/**
 * What a trial has seen so far: requests scored by both the champion and the challenger whose label arrived, and the
 * paired test on them. Immutable; {@code plus} returns the counts with one more outcome.
 */
public sealed interface PairedOutcomes permits ClassificationOutcomes, RegressionOutcomes {

    /** Labelled requests that both models scored. */
    long outcomes();

    /** The one-sided paired test "the challenger is worse" on these outcomes. */
    PairedTestResult challengerWorse();

    /** The champion's live score on these requests: accuracy, or RMSE for regression. NaN before the first outcome. */
    double championScore();

    /** The challenger's live score on these requests, as {@link #championScore()}. */
    double challengerScore();
}
