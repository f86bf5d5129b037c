package io.streamtrain.ml.model.forest;

import java.util.Arrays;
import smile.data.Tuple;
import smile.data.type.StructType;
import smile.model.cart.LeafNode;
import smile.model.cart.Node;
import smile.model.cart.OrdinalNode;

/**
 * Appends Smile trees to growing flat arrays, nodes in depth-first order with the true child first (the path a
 * vector takes is mostly contiguous); the leaves go to a {@link Leaves} that stores their outputs. One forest per
 * instance, not thread-safe; {@link #build()} hands out the immutable result.
 */
final class TreeFlattener {

    /** Stores a leaf's output and returns its index among the forest's leaves. */
    @FunctionalInterface
    interface Leaves {
        int add(LeafNode leaf, String where) throws UnsupportedForestException;
    }

    private final String[] columns;
    private int[] roots = new int[16];
    private int trees;
    private int[] column = new int[256];
    private double[] threshold = new double[256];
    private int[] yes = new int[256];
    private int[] no = new int[256];
    private int nodes;

    /** Flattens trees whose split columns are {@code columns}, in that order: the scoring vector's positions. */
    TreeFlattener(String[] columns) {
        this.columns = columns.clone();
    }

    /** Appends the tree at {@code root} over the predictor columns {@code schema}, handing its leaves to {@code leaves}. */
    void add(StructType schema, Node root, Leaves leaves) throws UnsupportedForestException {
        String where = "tree " + trees;
        if (!Arrays.equals(schema.names(), columns)) {
            throw new UnsupportedForestException(where + " splits on the columns " + Arrays.toString(schema.names())
                    + ", not on the scoring vector's " + columns.length + " columns " + columns[0] + ".." + columns[columns.length - 1]
                    + " in order");
        }
        double[] probeValues = new double[columns.length];
        Tuple probe = Tuple.of(schema, probeValues);
        if (trees == roots.length) {
            roots = Arrays.copyOf(roots, 2 * trees);
        }
        roots[trees] = append(root, leaves, probeValues, probe, where);
        trees++;
    }

    /** The trees added so far. */
    FlatTrees build() {
        return new FlatTrees(Arrays.copyOf(roots, trees), Arrays.copyOf(column, nodes), Arrays.copyOf(threshold, nodes),
                Arrays.copyOf(yes, nodes), Arrays.copyOf(no, nodes));
    }

    private int append(Node node, Leaves leaves, double[] probeValues, Tuple probe, String where) throws UnsupportedForestException {
        if (node instanceof LeafNode leaf) {
            return ~leaves.add(leaf, where);
        }
        if (!(node instanceof OrdinalNode split)) {
            throw new UnsupportedForestException(where + " has a " + node.getClass().getName()
                    + " node; only numeric splits (" + OrdinalNode.class.getName() + ") are compiled");
        }
        int n = reserve();
        column[n] = split.feature();
        threshold[n] = SplitThreshold.of(split, probeValues, probe, where);
        // The children are appended before storing them: appending may replace the arrays.
        int trueChild = append(split.trueChild(), leaves, probeValues, probe, where);
        int falseChild = append(split.falseChild(), leaves, probeValues, probe, where);
        yes[n] = trueChild;
        no[n] = falseChild;
        return n;
    }

    private int reserve() {
        if (nodes == column.length) {
            int capacity = 2 * nodes;
            column = Arrays.copyOf(column, capacity);
            threshold = Arrays.copyOf(threshold, capacity);
            yes = Arrays.copyOf(yes, capacity);
            no = Arrays.copyOf(no, capacity);
        }
        return nodes++;
    }
}
