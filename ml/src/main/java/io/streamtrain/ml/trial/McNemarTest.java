package io.streamtrain.ml.trial;

import smile.math.special.Erf;

/**
 * McNemar's test for two classifiers on the same requests, one-sided: is the challenger worse? Only the discordant
 * requests carry evidence: {@code b} where only the champion was right, {@code c} where only the challenger was. Were
 * both equally good, {@code b} would follow Binomial({@code b + c}, ½).
 */
public final class McNemarTest {

    /**
     * Below this many discordant requests the exact binomial tail is used; from it on, the continuity-corrected normal
     * approximation, which is then within about 0.005 of the exact p-value.
     */
    public static final long EXACT_BELOW = 25;

    private McNemarTest() {
    }

    /**
     * @param championOnlyRight   requests the champion classified right and the challenger wrong ({@code b})
     * @param challengerOnlyRight requests the challenger classified right and the champion wrong ({@code c})
     */
    public static PairedTestResult challengerWorse(long championOnlyRight, long challengerOnlyRight) {
        if (championOnlyRight < 0 || challengerOnlyRight < 0) {
            throw new IllegalArgumentException("discordant counts cannot be negative: b=" + championOnlyRight + ", c=" + challengerOnlyRight);
        }
        long discordant = championOnlyRight + challengerOnlyRight;
        if (discordant == 0) {
            return PairedTestResult.noEvidence("mcnemar-exact");
        }
        if (discordant < EXACT_BELOW) {
            return new PairedTestResult("mcnemar-exact", championOnlyRight, upperBinomialTail((int) championOnlyRight, (int) discordant));
        }
        // P(X >= b) with X ~ Bin(n, 1/2), continuity-corrected: z = (b - 0.5 - n/2) / (sqrt(n)/2) = (b - c - 1) / sqrt(n).
        double z = (championOnlyRight - challengerOnlyRight - 1) / Math.sqrt(discordant);
        return new PairedTestResult("mcnemar-corrected", z, upperNormalTail(z));
    }

    /** P(X >= k) for X ~ Binomial(n, 1/2); n is below {@link #EXACT_BELOW}, so the sum of exact terms is precise. */
    private static double upperBinomialTail(int k, int n) {
        double tail = 0.0;
        double choose = 1.0;
        for (int i = 0; i <= n; i++) {
            if (i >= k) {
                tail += choose;
            }
            choose = choose * (n - i) / (i + 1);
        }
        return Math.min(1.0, tail / Math.pow(2, n));
    }

    static double upperNormalTail(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }
}
