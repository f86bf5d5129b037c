package io.streamtrain.ml.trial;

/**
 * A decision with its evidence, as a trial's decision record and event carry it.
 *
 * @param decision the decision
 * @param outcomes what the trial had seen when deciding (both live scores and the counts)
 * @param test     the paired test on those outcomes
 * @param reason   one line a person reads
 */
public record TrialVerdict(TrialDecision decision, PairedOutcomes outcomes, PairedTestResult test, String reason) {

    public TrialVerdict {
        if (decision == null || outcomes == null || test == null || reason == null) {
            throw new IllegalArgumentException("a trial verdict needs a decision, outcomes, a test and a reason");
        }
    }

    /** Whether the trial is over. */
    public boolean isFinal() {
        return decision != TrialDecision.CONTINUE;
    }
}
