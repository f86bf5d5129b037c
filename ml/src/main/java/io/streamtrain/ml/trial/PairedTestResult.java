package io.streamtrain.ml.trial;

/**
 * A one-sided paired test of "the challenger is worse than the champion on the same requests".
 *
 * @param test      which test and variant produced it, for example {@code mcnemar-exact}
 * @param statistic the test statistic (the discordant count for the exact McNemar test, z or t otherwise)
 * @param pValue    the probability, were both models equally good, of evidence at least this strong that the
 *                  challenger is worse; small values mean the challenger is worse
 */
public record PairedTestResult(String test, double statistic, double pValue) {

    public PairedTestResult {
        if (test == null || test.isBlank()) {
            throw new IllegalArgumentException("a paired test result needs the name of its test");
        }
        if (!(pValue >= 0.0 && pValue <= 1.0)) {
            throw new IllegalArgumentException("p-value must be in [0, 1], was " + pValue);
        }
    }

    /** The result when there is no evidence at all either way (no outcomes, or no discordant one). */
    static PairedTestResult noEvidence(String test) {
        return new PairedTestResult(test, 0.0, 1.0);
    }
}
