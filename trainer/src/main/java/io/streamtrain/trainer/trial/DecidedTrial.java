package io.streamtrain.trainer.trial;

import io.streamtrain.core.config.DeployStrategy;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.ml.trial.TrialDecision;
import io.streamtrain.ml.trial.TrialVerdict;
import java.util.Objects;
import java.util.Optional;

/**
 * A trial's final verdict, waiting to be published once.
 *
 * @param trial    the trial decided
 * @param strategy how the challenger met live traffic
 * @param verdict  the decision with its evidence
 * @param evicted  record ids dropped while waiting for their label beyond the bound
 * @param unusable complete records left out (a regression label or prediction that is no finite number)
 * @param unreadable predictions and input records of the trial's evidence that could not be read
 * @param operator who ended the trial early; empty when the rule decided it
 */
public record DecidedTrial(AnnouncedTrial trial, DeployStrategy strategy, TrialVerdict verdict, long evicted, long unusable,
                           long unreadable, Optional<String> operator) {

    public DecidedTrial {
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(operator, "operator");
        if (!verdict.isFinal()) {
            throw new IllegalArgumentException("a trial is decided by a final verdict, not " + verdict.decision());
        }
    }

    /** Whether the challenger becomes the champion. */
    public boolean promoted() {
        return verdict.decision() == TrialDecision.PROMOTE;
    }

    /**
     * The challenger's envelope as the decision leaves it: {@code PROMOTED}, or {@code REJECTED} (dropped, rolled back
     * or timed out), with the verdict as the reason; the gate's offline scores stay.
     */
    public ModelEnvelope decidedEnvelope() {
        ModelEnvelope challenger = trial.challenger();
        PromotionDecision decision = PromotionDecision.newBuilder(challenger.getPromotion())
                .setStatus(promoted() ? PromotionStatus.PROMOTED : PromotionStatus.REJECTED)
                .setReason(strategy.key() + " trial " + verdict.decision().name() + ": " + verdict.reason())
                .build();
        return ModelEnvelope.newBuilder(challenger).setPromotion(decision).build();
    }
}
