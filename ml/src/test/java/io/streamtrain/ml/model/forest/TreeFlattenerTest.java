package io.streamtrain.ml.model.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import smile.data.Tuple;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;
import smile.model.cart.DecisionNode;
import smile.model.cart.LeafNode;
import smile.model.cart.NominalNode;
import smile.model.cart.Node;
import smile.model.cart.OrdinalNode;

/** Hand-built Smile trees: the flat traversal reaches the leaf Smile's nodes reach, at and around every threshold. */
class TreeFlattenerTest {

    private static final String[] COLUMNS = {"v0", "v1"};
    private static final StructType SCHEMA = new StructType(new StructField("v0", DataTypes.DoubleType),
            new StructField("v1", DataTypes.DoubleType));

    private final List<LeafNode> leaves = new ArrayList<>();
    private final TreeFlattener.Leaves recording = (leaf, where) -> {
        leaves.add(leaf);
        return leaves.size() - 1;
    };

    @Test
    void shouldReachSmilesLeafOnEitherSideOfAndExactlyAtAwkwardThresholds() throws UnsupportedForestException {
        double[] thresholds = {0.1 + 0.2, -0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e300, -7.25, Double.POSITIVE_INFINITY};
        for (double threshold : thresholds) {
            leaves.clear();
            Node root = split(1, threshold, split(0, threshold, leaf(1), leaf(2)), leaf(3));
            TreeFlattener flattener = new TreeFlattener(COLUMNS);
            flattener.add(SCHEMA, root, recording);
            FlatTrees flat = flattener.build();

            for (double a : probes(threshold)) {
                for (double b : probes(threshold)) {
                    double[] x = {a, b};
                    assertThat(leaves.get(flat.leaf(0, x))).as("threshold %s, x %s, %s", threshold, a, b)
                            .isSameAs(root.predict(Tuple.of(SCHEMA, x)));
                }
            }
        }
    }

    @Test
    void shouldKeepEveryChildWhenTheArraysGrowDuringATree() throws UnsupportedForestException {
        SplittableRandom random = new SplittableRandom(3);
        Node root = balanced(10, random);
        TreeFlattener flattener = new TreeFlattener(COLUMNS);
        flattener.add(SCHEMA, root, recording);
        FlatTrees flat = flattener.build();

        assertThat(flat.splits()).isEqualTo(1023);
        for (int i = 0; i < 2_000; i++) {
            double[] x = {random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
            assertThat(leaves.get(flat.leaf(0, x))).isSameAs(root.predict(Tuple.of(SCHEMA, x)));
        }
    }

    @Test
    void shouldNumberLeavesInOrderAcrossTrees() throws UnsupportedForestException {
        TreeFlattener flattener = new TreeFlattener(COLUMNS);
        flattener.add(SCHEMA, leaf(1), recording);
        flattener.add(SCHEMA, split(0, 0.5, leaf(2), leaf(3)), recording);
        FlatTrees flat = flattener.build();

        assertThat(flat.trees()).isEqualTo(2);
        assertThat(flat.splits()).isEqualTo(1);
        assertThat(flat.leaf(0, new double[] {9, 9})).isZero();
        assertThat(flat.leaf(1, new double[] {0.5, 0})).isEqualTo(1);
        assertThat(flat.leaf(1, new double[] {Math.nextUp(0.5), 0})).isEqualTo(2);
    }

    @Test
    void shouldRefuseANominalSplitNamingTheTreeAndNodeType() {
        TreeFlattener flattener = new TreeFlattener(COLUMNS);
        Node nominal = new NominalNode(0, 2, 1.0, 1.0, leaf(1), leaf(2));

        assertThatThrownBy(() -> flattener.add(SCHEMA, split(1, 0.5, nominal, leaf(3)), recording))
                .isInstanceOf(UnsupportedForestException.class)
                .hasMessageContaining("tree 0").hasMessageContaining(NominalNode.class.getName());
    }

    @Test
    void shouldRefuseTreesOverOtherColumnsThanTheScoringVector() {
        TreeFlattener flattener = new TreeFlattener(COLUMNS);
        StructType swapped = new StructType(new StructField("v1", DataTypes.DoubleType), new StructField("v0", DataTypes.DoubleType));

        assertThatThrownBy(() -> flattener.add(swapped, split(0, 0.5, leaf(1), leaf(2)), recording))
                .isInstanceOf(UnsupportedForestException.class)
                .hasMessageContaining("[v1, v0]").hasMessageContaining("v0..v1");
    }

    private static Node split(int column, double threshold, Node yes, Node no) {
        return new OrdinalNode(column, threshold, 1.0, 1.0, yes, no);
    }

    private static Node balanced(int depth, SplittableRandom random) {
        if (depth == 0) {
            return leaf(random.nextInt(100));
        }
        return split(depth % 2, random.nextDouble(-1, 1), balanced(depth - 1, random), balanced(depth - 1, random));
    }

    private static LeafNode leaf(int count) {
        return new DecisionNode(new int[] {count, 0});
    }

    private static double[] probes(double threshold) {
        return new double[] {threshold, Math.nextUp(threshold), Math.nextDown(threshold), 0.0, -0.0, 1.0, -1.0, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE};
    }
}
