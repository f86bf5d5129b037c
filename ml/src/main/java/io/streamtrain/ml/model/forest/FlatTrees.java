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
        return leafBelow(roots[tree], x);
    }

    /**
     * The leaves that {@code x} reaches in trees {@code tree} (high half) and {@code tree + 1} (low half). The two
     * trees are walked side by side: each step down a tree waits for the load of the step before, so two walks at
     * once keep two loads in flight instead of one (a 100-tree forest scored 13% faster in the Python comparison
     * benchmark; four at once gained nothing more).
     */
    long leafPair(int tree, double[] x) {
        int first = roots[tree];
        int second = roots[tree + 1];
        while ((first | second) >= 0) {
            first = child(first, x);
            second = child(second, x);
        }
        return ((long) leafBelow(first, x) << 32) | (leafBelow(second, x) & 0xFFFF_FFFFL);
    }

    /**
     * The leaves that {@code first} (high half) and {@code second} (low half) reach in tree {@code tree}: two vectors
     * walked side by side down one tree, for the same reason as {@link #leafPair}.
     */
    long leavesOf(int tree, double[] first, double[] second) {
        int one = roots[tree];
        int two = one;
        while ((one | two) >= 0) {
            one = child(one, first);
            two = child(two, second);
        }
        return ((long) leafBelow(one, first) << 32) | (leafBelow(two, second) & 0xFFFF_FFFFL);
    }

    /** The leaf reached from {@code node} (itself if it is a leaf). */
    private int leafBelow(int node, double[] x) {
        while (node >= 0) {
            node = child(node, x);
        }
        return ~node;
    }

    private int child(int node, double[] x) {
        int at = LINK_WIDTH * node;
        return x[links[at]] <= threshold[node] ? links[at + 1] : links[at + 2];
    }
}
