package io.streamtrain.ml.model;

import java.io.Serial;
import java.util.Optional;
import smile.classification.DecisionTree;
import smile.data.DataFrame;
import smile.data.type.StructField;
import smile.model.cart.LeafNode;
import smile.model.cart.Split;
import smile.model.cart.SplitRule;

/**
 * A Gini classification tree of a random forest whose split search draws on, as scikit-learn's does: each node tries
 * columns in random order until {@code mtry} of them could split it, or none is left. Smile's own tree draws
 * {@code mtry} columns once and makes the node a leaf when none of them splits it; on one-hot encoded categories,
 * constant in most small nodes, its trees stopped early with impure leaves (the quality benchmark in BENCHMARKS.md).
 *
 * <p>A column that cannot split a node is marked so for the node's subtree, as Smile does; each further draw is
 * Smile's own over the columns not yet marked, so every candidate split is found and compared by Smile's code.
 * The tree is grown by the constructor and is a plain {@link DecisionTree} afterwards; the random forest of
 * {@code io.streamtrain.ml.algorithm.ClassificationForest} grows it.
 */
public final class DrawOnDecisionTree extends DecisionTree {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Grows the tree on the rows {@code samples} counts (a bootstrap sample), with {@code order} the columns'
     * row orders of {@code x} ({@code CART.order}).
     */
    public DrawOnDecisionTree(DataFrame x, int[] y, StructField response, int classes, int maxDepth, int maxNodes, int nodeSize,
                       int mtry, int[] samples, int[][] order) {
        super(x, y, response, classes, SplitRule.GINI, maxDepth, maxNodes, nodeSize, mtry, samples, order);
    }

    /*
     * Called by the superclass constructor while the tree grows: it may use only inherited state. Smile's search
     * draws the field mtry columns, so it is set to the number still wanted for each draw and restored after.
     */
    @Override
    protected Optional<Split> findBestSplit(LeafNode node, int lo, int hi, boolean[] unsplittable) {
        int configured = mtry;
        if (configured >= schema.length()) {
            return super.findBestSplit(node, lo, hi, unsplittable);
        }
        Optional<Split> best = Optional.empty();
        int wanted = configured;
        try {
            while (wanted > 0) {
                int open = openColumns(unsplittable);
                if (open == 0) {
                    break;
                }
                mtry = Math.min(wanted, open);
                Optional<Split> found = super.findBestSplit(node, lo, hi, unsplittable);
                int marked = open - openColumns(unsplittable);
                if (found.isPresent() && (best.isEmpty() || Split.comparator.compare(found.get(), best.get()) > 0)) {
                    best = found;
                }
                if (found.isEmpty() && marked == 0) {
                    break; // too small or pure: no column can split this node
                }
                wanted -= mtry - marked;
            }
        } finally {
            mtry = configured;
        }
        return best;
    }

    private static int openColumns(boolean[] unsplittable) {
        int open = 0;
        for (boolean marked : unsplittable) {
            if (!marked) {
                open++;
            }
        }
        return open;
    }
}
