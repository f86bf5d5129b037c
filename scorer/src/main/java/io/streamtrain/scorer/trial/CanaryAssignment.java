package io.streamtrain.scorer.trial;

import io.streamtrain.ml.train.RecordIdHash;

/**
 * Which requests a canary answers: those whose id, prefixed with the challenger's version, hashes below the share.
 * The hash depends only on the bytes of the request id and the trial, so every scorer instance and every retry of a
 * request agree, with nothing shared between instances; the version prefix makes each trial pick another share of
 * the ids, so the same customers are not always the ones who meet new models.
 *
 * @param challengerVersion the version on trial
 * @param share             share of request ids it answers, in (0, 0.5]
 */
public record CanaryAssignment(long challengerVersion, double share) {

    public CanaryAssignment {
        if (challengerVersion < 1) {
            throw new IllegalArgumentException("a challenger's version is at least 1, was " + challengerVersion);
        }
        if (!(share > 0.0 && share <= 0.5)) {
            throw new IllegalArgumentException("the canary share must be in (0, 0.5], was " + share);
        }
    }

    /** Whether the request with this id is answered by the challenger. */
    public boolean answeredByChallenger(String requestId) {
        return RecordIdHash.unitInterval(challengerVersion + ":" + requestId) < share;
    }
}
