package io.streamtrain.trainer.trial;

import io.streamtrain.core.config.DeployStrategy;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.messages.TrialEnd;
import io.streamtrain.messages.TrialResult;
import io.streamtrain.ml.trial.ClassificationOutcomes;
import io.streamtrain.ml.trial.PairedOutcomes;
import io.streamtrain.ml.trial.RegressionOutcomes;
import io.streamtrain.ml.trial.TrialDecision;
import io.streamtrain.ml.trial.TrialVerdict;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A trial's final verdict, waiting to be published once.
 *
 * @param trial     the trial decided
 * @param strategy  how the challenger met live traffic
 * @param verdict   the decision with its evidence
 * @param evicted   record ids dropped while waiting for their label beyond the bound
 * @param unusable  complete records left out (a regression label or prediction that is no finite number)
 * @param unreadable predictions and input records of the trial's evidence that could not be read
 * @param operatorEnd the operator's early end that decided it; empty when the rule decided it
 * @param decidedAt when the decider reached the verdict
 */
public record DecidedTrial(AnnouncedTrial trial, DeployStrategy strategy, TrialVerdict verdict, long evicted, long unusable,
                           long unreadable, Optional<TrialEnd> operatorEnd, Instant decidedAt) {

    public DecidedTrial {
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(operatorEnd, "operatorEnd");
        Objects.requireNonNull(decidedAt, "decidedAt");
        if (!verdict.isFinal()) {
            throw new IllegalArgumentException("a trial is decided by a final verdict, not " + verdict.decision());
        }
    }

    /** Whether the challenger becomes the champion. */
    public boolean promoted() {
        return verdict.decision() == TrialDecision.PROMOTE;
    }

    /** Who ended the trial early, if an operator did. */
    public Optional<String> operator() {
        return operatorEnd.map(TrialEnd::getOperator);
    }

    /**
     * The challenger's envelope as the decision leaves it: {@code PROMOTED}, or {@code REJECTED} (dropped, rolled back
     * or timed out), with the verdict as the reason and its evidence as {@link TrialResult}; the gate's offline scores
     * stay. So the model history, {@code models show} and the REST description carry the decision, not only the event.
     */
    public ModelEnvelope decidedEnvelope() {
        ModelEnvelope challenger = trial.challenger();
        PromotionDecision decision = PromotionDecision.newBuilder(challenger.getPromotion())
                .setStatus(promoted() ? PromotionStatus.PROMOTED : PromotionStatus.REJECTED)
                .setReason(strategy.key() + " trial " + verdict.decision().name() + ": " + verdict.reason())
                .setTrial(result())
                .build();
        return ModelEnvelope.newBuilder(challenger).setPromotion(decision).build();
    }

    private TrialResult result() {
        PairedOutcomes outcomes = verdict.outcomes();
        TrialResult.Builder result = TrialResult.newBuilder()
                .setStrategy(strategy.key())
                .setDecision(verdict.decision().name())
                .setStartedAt(trial.startedAt())
                .setDecidedAt(decidedAt)
                .setOutcomes(outcomes.outcomes())
                .setScoreName(trial.regression() ? "rmse" : "accuracy")
                .setChampionScore(finite(outcomes.championScore()))
                .setChallengerScore(finite(outcomes.challengerScore()))
                .setTest(verdict.test().test())
                .setStatistic(verdict.test().statistic())
                .setPValue(verdict.test().pValue())
                .setEvicted(evicted)
                .setUnusable(unusable)
                .setUnreadable(unreadable);
        switch (outcomes) {
            case ClassificationOutcomes table -> result.setChampionOnlyRight(table.championOnlyRight())
                    .setChallengerOnlyRight(table.challengerOnlyRight());
            case RegressionOutcomes differences -> result.setMeanDifference(finite(differences.meanDifference()));
        }
        operatorEnd.ifPresent(end -> result.setOperator(end.getOperator()).setOperatorReason(end.getReason())
                .setOperatorAskedAt(end.getTime()));
        return result.build();
    }

    /** A live score before the first outcome is NaN: stored as no score. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
