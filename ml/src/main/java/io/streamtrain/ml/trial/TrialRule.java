package io.streamtrain.ml.trial;

import io.streamtrain.core.config.DeployKeys;
import io.streamtrain.core.config.DeploySettings;
import io.streamtrain.core.config.DeployStrategy;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.LongStream;

/**
 * When a trial is decided and how. It is a pure function of the outcomes and the time the trial has run, so the one
 * decider reaches the same verdict when it replays the same outcomes after a restart.
 * <ul>
 *   <li>At {@code minLabels} outcomes: {@code DROP} when the one-sided paired test finds the challenger worse at
 *       {@code significance}, else {@code PROMOTE}. The challenger already passed the offline gate, so live traffic
 *       only has to show it is not worse.</li>
 *   <li>Canary only, at the {@value #INTERIM_LOOKS} interim looks (at 1/4, 2/4 and 3/4 of {@code minLabels}):
 *       {@code ROLLBACK} when the test is significant at {@code significance / }{@value #INTERIM_LOOKS}. Bonferroni
 *       over the looks keeps the early exits' false-rollback rate at most {@code significance}; the looks are at
 *       exact counts, so each happens once however often the rule is asked.</li>
 *   <li>Once {@code maxDuration} has passed without {@code minLabels} outcomes: {@code TIMED_OUT}, the champion stays.</li>
 * </ul>
 *
 * @param strategy     {@code SHADOW} or {@code CANARY}
 * @param minLabels    outcomes needed for the final decision, at least {@value DeployKeys#MIN_LABELS_FLOOR}
 * @param maxDuration  the longest a trial runs, positive
 * @param significance the test's level α, in (0, 0.5)
 */
public record TrialRule(DeployStrategy strategy, long minLabels, Duration maxDuration, double significance) {

    /** Interim looks of a canary trial. */
    public static final int INTERIM_LOOKS = 3;

    public TrialRule {
        if (strategy == null || strategy == DeployStrategy.IMMEDIATE) {
            throw new IllegalArgumentException("a trial needs the shadow or canary strategy, was " + strategy);
        }
        if (minLabels < DeployKeys.MIN_LABELS_FLOOR) {
            throw new IllegalArgumentException("a trial needs at least " + DeployKeys.MIN_LABELS_FLOOR + " labelled outcomes, was " + minLabels);
        }
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("a trial's longest duration must be positive, was " + maxDuration);
        }
        if (!(significance > 0.0 && significance < 0.5)) {
            throw new IllegalArgumentException("the significance level must be in (0, 0.5), was " + significance);
        }
    }

    /** The rule of a pipeline's {@code deploy.*} keys; {@code deploy.strategy} must be shadow or canary. */
    public static TrialRule of(DeploySettings settings) {
        return new TrialRule(settings.strategy(), settings.minLabels(), settings.maxDuration(), settings.significance());
    }

    /**
     * The verdict after {@code outcomes}, {@code elapsed} after the trial began. Call it after every outcome (so the
     * interim looks are met) and from time to time without one (so a trial without labels times out).
     */
    public TrialVerdict decide(PairedOutcomes outcomes, Duration elapsed) {
        long count = outcomes.outcomes();
        PairedTestResult test = outcomes.challengerWorse();
        if (count >= minLabels) {
            boolean worse = test.pValue() < significance;
            return new TrialVerdict(worse ? TrialDecision.DROP : TrialDecision.PROMOTE, outcomes, test,
                    String.format(Locale.ROOT, "%s after %d labelled requests: challenger %s (%s %.4g, p = %.4g %s %.4g); live scores champion %.4f, challenger %.4f",
                            worse ? "dropped" : "promoted", count, worse ? "worse" : "not worse", test.test(), test.statistic(),
                            test.pValue(), worse ? "<" : ">=", significance, outcomes.championScore(), outcomes.challengerScore()));
        }
        if (elapsed.compareTo(maxDuration) >= 0) {
            return new TrialVerdict(TrialDecision.TIMED_OUT, outcomes, test, String.format(Locale.ROOT,
                    "timed out after %s with %d of %d labelled requests; the champion stays", maxDuration, count, minLabels));
        }
        double interimLevel = significance / INTERIM_LOOKS;
        if (strategy == DeployStrategy.CANARY && isInterimLook(count) && test.pValue() < interimLevel) {
            return new TrialVerdict(TrialDecision.ROLLBACK, outcomes, test, String.format(Locale.ROOT,
                    "canary rolled back early after %d labelled requests: challenger worse (%s %.4g, p = %.4g < %.4g); live scores champion %.4f, challenger %.4f",
                    count, test.test(), test.statistic(), test.pValue(), interimLevel, outcomes.championScore(), outcomes.challengerScore()));
        }
        return new TrialVerdict(TrialDecision.CONTINUE, outcomes, test,
                String.format(Locale.ROOT, "%d of %d labelled requests", count, minLabels));
    }

    /** Whether {@code count} outcomes is one of the interim looks. */
    boolean isInterimLook(long count) {
        return LongStream.rangeClosed(1, INTERIM_LOOKS).anyMatch(look -> count == minLabels * look / (INTERIM_LOOKS + 1));
    }
}
