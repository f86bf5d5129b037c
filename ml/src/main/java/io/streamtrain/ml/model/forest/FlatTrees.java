package io.streamtrain.ml.model.forest;

/**
 * The split structure of a forest's trees, all concatenated: node {@code n} sends a vector {@code x} to
 * {@code yes[n]} when {@code x[column[n]] <= threshold[n]} (NaN never is) and to {@code no[n]} otherwise. A child
 * or root below zero is a leaf, {@code ~child} its index in the forest's leaf outputs. Immutable.
 */
final class FlatTrees {

    private final int[] roots;
    private final int[] column;
    private final double[] threshold;
    private final int[] yes;
    private final int[] no;

    FlatTrees(int[] roots, int[] column, double[] threshold, int[] yes, int[] no) {
        this.roots = roots;
        this.column = column;
        this.threshold = threshold;
        this.yes = yes;
        this.no = no;
    }

    /** Number of trees. */
    int trees() {
        return roots.length;
    }

    /** Number of split nodes over all trees. */
    int splits() {
        return column.length;
    }

    /** The index of the leaf that {@code x} reaches in tree {@code tree}. */
    int leaf(int tree, double[] x) {
        int node = roots[tree];
        while (node >= 0) {
            node = x[column[node]] <= threshold[node] ? yes[node] : no[node];
        }
        return ~node;
    }
}
