package io.streamtrain.trainer;

import io.streamtrain.core.config.DeploySettings;
import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionDecision;
import io.streamtrain.messages.PromotionStatus;
import java.util.OptionalLong;

/**
 * Under {@code deploy.strategy} shadow or canary, marks a model the gate promoted as {@code TRIAL} against the
 * champion, so it is announced as the challenger on trial instead of being served at once (scorer README, "Trying a
 * model on live traffic"). Without a champion (the pipeline's first model, or a champion that does not load) there
 * is nothing to compare it with on live traffic, so it is promoted at once.
 */
final class TrialMarking {

    private TrialMarking() {
    }

    /** {@code envelope} marked {@code TRIAL} against {@code champion}; unchanged when no trial applies. */
    static ModelEnvelope mark(ModelEnvelope envelope, DeploySettings deploy, OptionalLong champion) {
        PromotionDecision gate = envelope.getPromotion();
        if (!deploy.triesChallengers() || champion.isEmpty() || gate == null || gate.getStatus() != PromotionStatus.PROMOTED
                || champion.getAsLong() == envelope.getVersion()) {
            return envelope;
        }
        PromotionDecision trial = PromotionDecision.newBuilder(gate).setStatus(PromotionStatus.TRIAL)
                .setChampionVersion(champion.getAsLong())
                .setReason("on trial (" + deploy.strategy().key() + ") against version " + champion.getAsLong()
                        + " until late labels decide; gate: " + gate.getReason())
                .build();
        return ModelEnvelope.newBuilder(envelope).setPromotion(trial).build();
    }
}
