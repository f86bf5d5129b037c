package io.streamtrain.ml.model.forest;

import smile.data.Tuple;
import smile.model.cart.InternalNode;

/**
 * The threshold {@code t} of a numeric split, such that the split sends {@code x} to its true child exactly when
 * {@code x <= t}. Smile keeps an ordinal node's threshold package-private; its public {@link InternalNode#branch}
 * test reveals it: {@code t} is the largest double that takes the true branch, found by bisection over the doubles in
 * their numeric order (at most 64 tests at load time). Reading it from the test rather than from the field also
 * proves the flat traversal's semantics on every node: a split that sends NaN to its true side, or that no value
 * takes, is refused.
 */
final class SplitThreshold {

    private SplitThreshold() {
    }

    /**
     * The threshold of {@code node}, probed through {@code probe}, a tuple of the tree's column schema that wraps
     * {@code values}; {@code values} is scratch space and is left zeroed.
     */
    static double of(InternalNode node, double[] values, Tuple probe, String where) throws UnsupportedForestException {
        int column = node.feature();
        try {
            if (takesTrueBranch(node, values, probe, Double.NaN)) {
                throw new UnsupportedForestException(where + " sends missing values (NaN) to its true branch");
            }
            if (!takesTrueBranch(node, values, probe, Double.NEGATIVE_INFINITY)) {
                throw new UnsupportedForestException(where + " sends every value to its false branch");
            }
            if (takesTrueBranch(node, values, probe, Double.POSITIVE_INFINITY)) {
                return Double.POSITIVE_INFINITY;
            }
            // low takes the true branch, high does not; their distance can exceed Long.MAX_VALUE, hence unsigned.
            long low = orderKey(Double.NEGATIVE_INFINITY);
            long high = orderKey(Double.POSITIVE_INFINITY);
            while (Long.compareUnsigned(high - low, 1) > 0) {
                long middle = low + ((high - low) >>> 1);
                if (takesTrueBranch(node, values, probe, fromOrderKey(middle))) {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            return fromOrderKey(low);
        } finally {
            values[column] = 0.0;
        }
    }

    private static boolean takesTrueBranch(InternalNode node, double[] values, Tuple probe, double x) {
        values[node.feature()] = x;
        return node.branch(probe);
    }

    /**
     * A long that orders like the double (every non-NaN double between the keys of the infinities; -0.0 just below
     * 0.0, which the split tests cannot tell apart).
     */
    private static long orderKey(double x) {
        long bits = Double.doubleToRawLongBits(x);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    private static double fromOrderKey(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }
}
