package io.streamtrain.ml.model.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import smile.data.Tuple;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;
import smile.model.cart.DecisionNode;
import smile.model.cart.InternalNode;
import smile.model.cart.LeafNode;
import smile.model.cart.Node;
import smile.model.cart.OrdinalNode;

/** Thresholds read from Smile's split test: from the stored value when it checks out, by bisection otherwise. */
class SplitThresholdTest {

    private static final StructType SCHEMA = new StructType(new StructField("v0", DataTypes.DoubleType));
    private static final double[] THRESHOLDS = {0.1 + 0.2, -7.25, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e300, Double.MAX_VALUE};

    private final double[] values = new double[1];
    private final Tuple probe = Tuple.of(SCHEMA, values);

    @Test
    void shouldReadTheStoredThresholdOfAnOrdinalSplit() throws UnsupportedForestException {
        for (double threshold : THRESHOLDS) {
            assertThat(SplitThreshold.of(ordinal(threshold), values, probe, "tree 0")).isEqualTo(threshold);
        }
        assertThat(values).containsExactly(0.0);
    }

    @Test
    void shouldBisectToTheSameThresholdFromAWrongGuess() throws UnsupportedForestException {
        for (double threshold : THRESHOLDS) {
            for (double guess : new double[] {Double.NaN, 0.5, Math.nextUp(threshold), Math.nextDown(threshold), -threshold}) {
                if (guess != threshold) {
                    assertThat(SplitThreshold.of(ordinal(threshold), guess, values, probe, "tree 0"))
                            .as("threshold %s from guess %s", threshold, guess).isEqualTo(threshold);
                }
            }
        }
    }

    @Test
    void shouldTurnAStrictSplitIntoTheLessOrEqualThresholdBelowIt() throws UnsupportedForestException {
        assertThat(SplitThreshold.of(new LessThan(0.75, false), 0.75, values, probe, "tree 0")).isEqualTo(Math.nextDown(0.75));
    }

    @Test
    void shouldTakeEveryValueForAnInfiniteThreshold() throws UnsupportedForestException {
        assertThat(SplitThreshold.of(ordinal(Double.POSITIVE_INFINITY), values, probe, "tree 0")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void shouldRefuseASplitSendingNaNToItsTrueSide() {
        assertThatThrownBy(() -> SplitThreshold.of(new LessThan(0.75, true), 0.75, values, probe, "tree 4"))
                .isInstanceOf(UnsupportedForestException.class)
                .hasMessage("tree 4, split on v0, sends missing values (NaN) to its true branch");
    }

    @Test
    void shouldRefuseASplitNoValueTakes() {
        assertThatThrownBy(() -> SplitThreshold.of(new LessThan(Double.NEGATIVE_INFINITY, false), Double.NaN, values, probe, "tree 1"))
                .isInstanceOf(UnsupportedForestException.class).hasMessageContaining("every value to its false branch");
    }

    private static OrdinalNode ordinal(double threshold) {
        return new OrdinalNode(0, threshold, 1.0, 1.0, leaf(), leaf());
    }

    private static LeafNode leaf() {
        return new DecisionNode(new int[] {1, 0});
    }

    /** A split on {@code x < threshold}, optionally with NaN on its true side: semantics other than Smile's ordinal node. */
    private static final class LessThan extends InternalNode {

        private final double threshold;
        private final boolean nanIsTrue;

        LessThan(double threshold, boolean nanIsTrue) {
            super(0, 1.0, 1.0, leaf(), leaf());
            this.threshold = threshold;
            this.nanIsTrue = nanIsTrue;
        }

        @Override
        public boolean branch(Tuple x) {
            double value = x.getDouble(feature());
            return Double.isNaN(value) ? nanIsTrue : value < threshold;
        }

        @Override
        public LeafNode predict(Tuple x) {
            return (branch(x) ? trueChild() : falseChild()).predict(x);
        }

        @Override
        public InternalNode replace(Node trueChild, Node falseChild) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String toString(StructType schema, boolean trueBranch) {
            return "v0 < " + threshold;
        }

        @Override
        public String dot(StructType schema, StructField response, int id) {
            return toString(schema, true);
        }
    }
}
