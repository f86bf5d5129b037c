package io.streamtrain.ml.model.forest;

/**
 * The split structure of a forest's trees, all concatenated: node {@code n} sends a vector {@code x} to its true
 * child when {@code x[column] <= threshold} (NaN never is) and to its false child otherwise. A child or root below
 * zero is a leaf, {@code ~child} its index in the forest's leaf outputs. A node's column and children sit side by
 * side in one array, its threshold in another, so a step down a tree touches two places in memory rather than four.
 * Immutable.
 */
final class FlatTrees {

    /** Ints per node in {@link #links}: column, true child, false child. */
    private static final int LINK_WIDTH = 3;

    private final int[] roots;
    private final int[] links;
    private final double[] threshold;

    /** The node {@code n} splits on {@code column[n]} at {@code threshold[n]} into {@code yes[n]} and {@code no[n]}. */
    FlatTrees(int[] roots, int[] column, double[] threshold, int[] yes, int[] no) {
        this.roots = roots;
        this.threshold = threshold;
        this.links = new int[LINK_WIDTH * column.length];
        for (int n = 0; n < column.length; n++) {
            links[LINK_WIDTH * n] = column[n];
            links[LINK_WIDTH * n + 1] = yes[n];
            links[LINK_WIDTH * n + 2] = no[n];
        }
    }

    /** Number of trees. */
    int trees() {
        return roots.length;
    }

    /** Number of split nodes over all trees. */
    int splits() {
        return threshold.length;
    }

    /** The index of the leaf that {@code x} reaches in tree {@code tree}. */
    int leaf(int tree, double[] x) {
        int node = roots[tree];
        while (node >= 0) {
            int at = LINK_WIDTH * node;
            node = x[links[at]] <= threshold[node] ? links[at + 1] : links[at + 2];
        }
        return ~node;
    }
}
