package io.streamtrain.trainer.trial;

import io.streamtrain.messages.ModelEnvelope;
import io.streamtrain.messages.PromotionStatus;
import io.streamtrain.messages.Task;
import java.time.Instant;
import java.util.Objects;

/**
 * A trial as announced on {@code <p>.models} under {@code <p>:trial}: the challenger's envelope (gate status
 * {@code TRIAL}, naming the champion it is tried against) and when the announcement was written, from which the
 * trial's duration runs and its evidence is read, also after a restart.
 */
public record AnnouncedTrial(ModelEnvelope challenger, Instant startedAt) {

    public AnnouncedTrial {
        Objects.requireNonNull(challenger, "challenger");
        Objects.requireNonNull(startedAt, "startedAt");
        if (challenger.getPromotion() == null || challenger.getPromotion().getStatus() != PromotionStatus.TRIAL
                || challenger.getPromotion().getChampionVersion() == null) {
            throw new IllegalArgumentException("version " + challenger.getVersion() + " is not a challenger on trial against a champion");
        }
    }

    public long challengerVersion() {
        return challenger.getVersion();
    }

    public long championVersion() {
        return challenger.getPromotion().getChampionVersion();
    }

    /** Whether the models predict values (paired differences) rather than classes (McNemar). */
    public boolean regression() {
        return challenger.getTask() == Task.REGRESSION;
    }
}
