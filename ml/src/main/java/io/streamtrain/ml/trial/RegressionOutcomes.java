package io.streamtrain.ml.trial;

/**
 * A regression trial's outcomes: the running mean and spread (Welford) of the paired difference of squared errors
 * {@code d = (y - challenger)² - (y - champion)²}, and each model's sum of squared errors for its RMSE. Welford's
 * update keeps the spread exact where a sum of squares would cancel digits over millions of requests.
 *
 * @param outcomes                   labelled requests both models scored
 * @param meanDifference             mean of {@code d}
 * @param sumOfSquares               sum of squared deviations of {@code d} from its mean
 * @param championSumSquaredError    the champion's squared errors, summed
 * @param challengerSumSquaredError  the challenger's squared errors, summed
 */
public record RegressionOutcomes(long outcomes, double meanDifference, double sumOfSquares,
                                 double championSumSquaredError, double challengerSumSquaredError) implements PairedOutcomes {

    public static final RegressionOutcomes NONE = new RegressionOutcomes(0, 0.0, 0.0, 0.0, 0.0);

    public RegressionOutcomes {
        if (outcomes < 0 || !(sumOfSquares >= 0) || !(championSumSquaredError >= 0) || !(challengerSumSquaredError >= 0)
                || !Double.isFinite(meanDifference)) {
            throw new IllegalArgumentException("regression outcomes need a count >= 0, a finite mean and finite non-negative sums, were "
                    + outcomes + ", " + meanDifference + ", " + sumOfSquares + ", " + championSumSquaredError + ", " + challengerSumSquaredError);
        }
    }

    /**
     * These outcomes and one more request.
     *
     * @throws IllegalArgumentException when a value is not finite: a NaN would poison every later count, so the caller
     *                                  must report such a request instead of counting it
     */
    public RegressionOutcomes plus(double label, double championPrediction, double challengerPrediction) {
        if (!Double.isFinite(label) || !Double.isFinite(championPrediction) || !Double.isFinite(challengerPrediction)) {
            throw new IllegalArgumentException("a regression outcome needs finite values, was label " + label
                    + ", champion " + championPrediction + ", challenger " + challengerPrediction);
        }
        double championError = (label - championPrediction) * (label - championPrediction);
        double challengerError = (label - challengerPrediction) * (label - challengerPrediction);
        double difference = challengerError - championError;
        long count = outcomes + 1;
        double delta = difference - meanDifference;
        double mean = meanDifference + delta / count;
        return new RegressionOutcomes(count, mean, sumOfSquares + delta * (difference - mean),
                championSumSquaredError + championError, challengerSumSquaredError + challengerError);
    }

    @Override
    public PairedTestResult challengerWorse() {
        return PairedDifferenceTest.challengerWorse(outcomes, meanDifference, sumOfSquares);
    }

    /** Live RMSE of the champion on these requests. */
    @Override
    public double championScore() {
        return outcomes == 0 ? Double.NaN : Math.sqrt(championSumSquaredError / outcomes);
    }

    /** Live RMSE of the challenger on these requests. */
    @Override
    public double challengerScore() {
        return outcomes == 0 ? Double.NaN : Math.sqrt(challengerSumSquaredError / outcomes);
    }
}
