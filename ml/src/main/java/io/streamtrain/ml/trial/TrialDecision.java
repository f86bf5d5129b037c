package io.streamtrain.ml.trial;

/** Where a trial stands after an outcome or a tick of the clock. */
public enum TrialDecision {
    /** Not enough outcomes yet, and time is left: keep trying. */
    CONTINUE,
    /** Enough outcomes, and the challenger is not significantly worse: it becomes the champion. */
    PROMOTE,
    /** Enough outcomes, and the challenger is significantly worse: the champion stays. */
    DROP,
    /** Canary only: the challenger is significantly worse at an interim look, so it stops answering at once. */
    ROLLBACK,
    /** The trial's time ran out before enough outcomes: the champion stays. */
    TIMED_OUT
}
