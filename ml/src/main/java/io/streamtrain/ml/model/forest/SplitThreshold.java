package io.streamtrain.ml.model.forest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import smile.data.Tuple;
import smile.model.cart.InternalNode;
import smile.model.cart.OrdinalNode;

/**
 * The threshold {@code t} of a numeric split, such that the split sends {@code x} to its true child exactly when
 * {@code x <= t}: the largest double that takes the true branch of the node's public {@link InternalNode#branch}
 * test. Smile keeps an ordinal node's threshold in a package-private field; its value is only taken as a guess and
 * accepted when the test confirms it (it takes the true branch, the next double up does not). Otherwise (the field
 * unreadable, or a split test other than {@code x <= value}) the threshold is found by bisection over the doubles in
 * their numeric order, at most 64 tests. Either way the flat traversal's semantics are checked against Smile's own
 * test on every node; a split that sends NaN to its true side, or that no value takes, is refused.
 */
public final class SplitThreshold {

    private static final Logger LOG = LoggerFactory.getLogger(SplitThreshold.class);
    private static final VarHandle ORDINAL_VALUE = ordinalValueField();

    private SplitThreshold() {
    }

    /**
     * The threshold of {@code node}, tested through {@code probe}, a tuple of the tree's column schema that wraps
     * {@code values}; {@code values} is scratch space and is left zeroed. {@code where} names the tree in errors.
     * The flat forests and the ONNX export ({@code io.streamtrain.ml.onnx}) both take their thresholds from here.
     */
    public static double of(OrdinalNode node, double[] values, Tuple probe, String where) throws UnsupportedForestException {
        double guess = ORDINAL_VALUE == null ? Double.NaN : (double) ORDINAL_VALUE.get(node);
        return of(node, guess, values, probe, where);
    }

    /** As {@link #of(OrdinalNode, double[], Tuple, String)}, starting from {@code guess}. */
    static double of(InternalNode node, double guess, double[] values, Tuple probe, String where) throws UnsupportedForestException {
        try {
            if (takesTrueBranch(node, values, probe, Double.NaN)) {
                throw new UnsupportedForestException(splitIn(where, node, probe) + " sends missing values (NaN) to its true branch");
            }
            if (!takesTrueBranch(node, values, probe, Double.NEGATIVE_INFINITY)) {
                throw new UnsupportedForestException(splitIn(where, node, probe) + " sends every value to its false branch");
            }
            if (takesTrueBranch(node, values, probe, Double.POSITIVE_INFINITY)) {
                return Double.POSITIVE_INFINITY;
            }
            if (takesTrueBranch(node, values, probe, guess) && !takesTrueBranch(node, values, probe, Math.nextUp(guess))) {
                return guess;
            }
            return bisect(node, values, probe);
        } finally {
            values[node.feature()] = 0.0;
        }
    }

    private static String splitIn(String where, InternalNode node, Tuple probe) {
        return where + ", split on " + probe.schema().field(node.feature()).name() + ",";
    }

    /** The largest double taking the true branch, knowing that -infinity takes it and +infinity does not. */
    private static double bisect(InternalNode node, double[] values, Tuple probe) {
        long low = orderKey(Double.NEGATIVE_INFINITY);
        long high = orderKey(Double.POSITIVE_INFINITY);
        // Their distance can exceed Long.MAX_VALUE, hence the unsigned arithmetic.
        while (Long.compareUnsigned(high - low, 1) > 0) {
            long middle = low + ((high - low) >>> 1);
            if (takesTrueBranch(node, values, probe, fromOrderKey(middle))) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return fromOrderKey(low);
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

    private static VarHandle ordinalValueField() {
        try {
            return MethodHandles.privateLookupIn(OrdinalNode.class, MethodHandles.lookup())
                    .findVarHandle(OrdinalNode.class, "value", double.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Smile's OrdinalNode.value is not readable ({}); split thresholds are found by bisection", e.toString());
            return null;
        }
    }
}
