package io.streamtrain.ml.trial;

import smile.stat.distribution.TDistribution;

/**
 * The paired t-test for two regression models on the same requests, one-sided: is the challenger's squared error
 * larger on average? Each request gives {@code d = (y - challenger)² - (y - champion)²}; the test asks whether the
 * mean of {@code d} is above zero, with Student's t on {@code n - 1} degrees of freedom.
 */
public final class PairedDifferenceTest {

    private PairedDifferenceTest() {
    }

    /**
     * @param outcomes       requests with both predictions and a label
     * @param meanDifference the mean of {@code d}
     * @param sumOfSquares   the sum of squared deviations of {@code d} from its mean (Welford's {@code M2})
     */
    public static PairedTestResult challengerWorse(long outcomes, double meanDifference, double sumOfSquares) {
        if (outcomes < 0 || sumOfSquares < 0 || !Double.isFinite(meanDifference) || !Double.isFinite(sumOfSquares)) {
            throw new IllegalArgumentException("paired differences need a finite mean and a non-negative sum of squares over a count >= 0, were "
                    + outcomes + ", " + meanDifference + ", " + sumOfSquares);
        }
        if (outcomes < 2) {
            return PairedTestResult.noEvidence("paired-t");
        }
        double variance = sumOfSquares / (outcomes - 1);
        if (variance == 0.0) {
            // Every request differs by the same amount: the sign alone is the whole evidence.
            return new PairedTestResult("paired-t", Math.signum(meanDifference) * Double.MAX_VALUE, meanDifference > 0 ? 0.0 : 1.0);
        }
        double t = meanDifference / Math.sqrt(variance / outcomes);
        // Beyond 2^31 - 1 degrees of freedom Student's t is the normal distribution to double precision.
        double pValue = outcomes - 1 > Integer.MAX_VALUE
                ? McNemarTest.upperNormalTail(t)
                : 1.0 - new TDistribution((int) (outcomes - 1)).cdf(t);
        return new PairedTestResult("paired-t", t, Math.clamp(pValue, 0.0, 1.0));
    }
}
