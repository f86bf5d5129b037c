package io.streamtrain.trainer.trial;

import io.streamtrain.core.config.DeploySettings;
import io.streamtrain.ml.trial.PairedOutcomes;
import java.time.Instant;
import java.util.Objects;

/**
 * A running trial's evidence at one moment, reported as a {@code TRIAL_PROGRESS} event so operators (and the dashboard)
 * see a trial move before it is decided.
 *
 * @param trial    the trial in force
 * @param deploy   the {@code deploy.*} keys it runs by (strategy, share, labels needed, longest duration)
 * @param outcomes what it has seen so far
 * @param at       when the decider read it
 */
public record TrialProgress(AnnouncedTrial trial, DeploySettings deploy, PairedOutcomes outcomes, Instant at) {

    public TrialProgress {
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(deploy, "deploy");
        Objects.requireNonNull(outcomes, "outcomes");
        Objects.requireNonNull(at, "at");
    }

    /** When the trial times out unless {@code deploy.min.labels} outcomes decide it first. */
    public Instant endsBy() {
        return trial.startedAt().plus(deploy.maxDuration());
    }
}
