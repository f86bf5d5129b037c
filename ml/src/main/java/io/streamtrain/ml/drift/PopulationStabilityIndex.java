package io.streamtrain.ml.drift;

/**
 * The population stability index of live bucket counts against a baseline's bucket shares:
 * {@code PSI = sum over buckets of (actual - expected) * ln(actual / expected)}, both as shares of their total.
 *
 * <p>A share of 0 would make the logarithm infinite, so every share is floored at {@value #SHARE_FLOOR}: a
 * bucket empty on both sides then adds nothing, and one empty on a single side adds a large but finite amount.
 * Common reading: below 0.1 no significant shift, 0.1 to 0.25 a moderate one, above 0.25 a major one. PSI over
 * categories (with an other bucket) is how categorical features are compared too.
 */
public final class PopulationStabilityIndex {

    /** Smallest share used in the formula. */
    public static final double SHARE_FLOOR = 1e-4;

    private PopulationStabilityIndex() {
    }

    /**
     * @param expected baseline share per bucket
     * @param actual   live count per bucket, as many buckets as {@code expected}
     * @param total    sum of {@code actual}; 0 gives 0 (nothing to compare yet)
     * @throws IllegalArgumentException when the bucket counts differ
     */
    public static double of(double[] expected, long[] actual, long total) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("baseline has " + expected.length + " buckets, live counts " + actual.length);
        }
        if (total <= 0) {
            return 0.0;
        }
        double psi = 0.0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i], SHARE_FLOOR);
            double a = Math.max((double) actual[i] / total, SHARE_FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }
}
