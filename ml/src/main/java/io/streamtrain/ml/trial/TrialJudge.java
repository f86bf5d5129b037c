package io.streamtrain.ml.trial;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides one trial, once: feeds the {@link TrialOutcomeJoin}, asks the {@link TrialRule} after every counted outcome
 * (so the rule's interim looks are met at their exact counts) and on every clock tick (so a trial without labels times
 * out), and hands out the final verdict exactly once. An operator may end the trial first. Not thread-safe: the one
 * decider's reading thread drives it.
 */
public final class TrialJudge {

    private final TrialRule rule;
    private final TrialOutcomeJoin join;
    private final Instant startedAt;
    private TrialVerdict decided;

    /**
     * @param startedAt when the trial was announced; its duration runs from there, also when the judge is rebuilt
     */
    public TrialJudge(TrialRule rule, TrialOutcomeJoin join, Instant startedAt) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.join = Objects.requireNonNull(join, "join");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
    }

    /**
     * A prediction read at {@code now}.
     *
     * @return the final verdict, the one time it is reached
     */
    public Optional<TrialVerdict> prediction(String recordId, long modelVersion, TrialOutcomeJoin.Prediction prediction, Instant now) {
        return decided == null && join.prediction(recordId, modelVersion, prediction) ? tick(now) : Optional.empty();
    }

    /**
     * A label read at {@code now}.
     *
     * @return the final verdict, the one time it is reached
     */
    public Optional<TrialVerdict> label(String recordId, Object label, Instant now) {
        return decided == null && join.label(recordId, label) ? tick(now) : Optional.empty();
    }

    /**
     * The rule asked at {@code now} without a new outcome.
     *
     * @return the final verdict, the one time it is reached
     */
    public Optional<TrialVerdict> tick(Instant now) {
        if (decided != null) {
            return Optional.empty();
        }
        TrialVerdict verdict = rule.decide(join.outcomes(), Duration.between(startedAt, now));
        return verdict.isFinal() ? Optional.of(decide(verdict)) : Optional.empty();
    }

    /**
     * An operator ends the trial before the rule does, promoting or dropping the challenger, with the evidence so far.
     *
     * @param why the operator's reason, in the verdict's reason when not blank
     * @return the verdict, or empty when the trial was already decided
     */
    public Optional<TrialVerdict> endEarly(String operator, boolean promote, String why) {
        if (decided != null) {
            return Optional.empty();
        }
        PairedOutcomes outcomes = join.outcomes();
        return Optional.of(decide(new TrialVerdict(promote ? TrialDecision.PROMOTE : TrialDecision.DROP, outcomes, outcomes.challengerWorse(),
                "ended early by " + operator + " after " + outcomes.outcomes() + " labelled requests: challenger "
                        + (promote ? "promoted" : "dropped") + (why == null || why.isBlank() ? "" : " (" + why.strip() + ")"))));
    }

    /** What the trial has seen so far. */
    public PairedOutcomes outcomes() {
        return join.outcomes();
    }

    /** The final verdict, once reached. */
    public Optional<TrialVerdict> decided() {
        return Optional.ofNullable(decided);
    }

    private TrialVerdict decide(TrialVerdict verdict) {
        decided = verdict;
        return verdict;
    }
}
