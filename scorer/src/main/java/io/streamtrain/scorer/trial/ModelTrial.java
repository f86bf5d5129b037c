package io.streamtrain.scorer.trial;

import io.streamtrain.core.config.DeployStrategy;
import io.streamtrain.scorer.model.ScoringModel;
import java.util.Objects;
import java.util.Optional;

/**
 * A challenger on trial beside the champion: in shadow it answers no request, in canary it answers the requests its
 * {@link CanaryAssignment} picks. Immutable; a scoring batch reads one trial, as it reads one champion.
 *
 * @param challenger the model on trial
 * @param canary     the requests it answers; empty in shadow
 */
public record ModelTrial(ScoringModel challenger, Optional<CanaryAssignment> canary) {

    public ModelTrial {
        Objects.requireNonNull(challenger, "challenger");
        Objects.requireNonNull(canary, "canary");
        canary.ifPresent(assignment -> {
            if (assignment.challengerVersion() != challenger.version()) {
                throw new IllegalArgumentException("the canary assignment of version " + assignment.challengerVersion()
                        + " does not belong to challenger version " + challenger.version());
            }
        });
    }

    /** {@code challenger} scoring every request beside the champion, answering none. */
    public static ModelTrial shadow(ScoringModel challenger) {
        return new ModelTrial(challenger, Optional.empty());
    }

    /** {@code challenger} answering the share {@code share} of request ids. */
    public static ModelTrial canary(ScoringModel challenger, double share) {
        return new ModelTrial(challenger, Optional.of(new CanaryAssignment(challenger.version(), share)));
    }

    public DeployStrategy strategy() {
        return canary.isPresent() ? DeployStrategy.CANARY : DeployStrategy.SHADOW;
    }

    /** Whether this trial compares its challenger with {@code championVersion}: the version its announcement names. */
    public boolean triedAgainst(long championVersion) {
        var decision = challenger.envelope().getPromotion();
        return decision != null && decision.getChampionVersion() != null && decision.getChampionVersion() == championVersion;
    }

    /** Whether the challenger answers the request with this id. */
    public boolean challengerAnswers(String requestId) {
        return canary.map(assignment -> assignment.answeredByChallenger(requestId)).orElse(false);
    }
}
