package io.streamtrain.ml.model.forest;

import java.io.Serial;
import java.util.Optional;
import smile.classification.DecisionTree;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.type.StructField;
import smile.math.MathEx;
import smile.model.cart.DecisionNode;
import smile.model.cart.LeafNode;
import smile.model.cart.Split;
import smile.model.cart.SplitRule;

/**
 * A Gini classification tree of a random forest that grows and answers as scikit-learn's does.
 * <ul>
 *   <li><b>Split search draws on:</b> each node tries columns in random order until {@code mtry} of them could split
 *       it, or none is left. Smile's own tree draws {@code mtry} columns once and makes the node a leaf when none of
 *       them splits it; on one-hot encoded categories, constant in most small nodes, its trees stopped early with
 *       impure leaves.</li>
 *   <li><b>Leaves answer their class shares</b>, {@code count / size} ({@link #posteriori(DecisionTree, DecisionNode)}).
 *       Smile's leaves answer Laplace-smoothed shares, {@code (count + 1) / (size + k)}, which in a forest's summed
 *       posteriors weigh a tree by its leaf's size and pull every tree toward the uniform answer, the more so the
 *       more classes: on scikit-learn's own forests that smoothing alone cost 2.2 points on glass (6 classes) and
 *       1.1 on soybean (19).</li>
 * </ul>
 * The predicted class is the leaf's most frequent one either way. Both effects are measured in BENCHMARKS.md.
 *
 * <p>A column that cannot split a node is marked so for the node's subtree, as Smile does; each further draw is
 * Smile's own over the columns not yet marked, so every candidate split is found and compared by Smile's code.
 * The tree is grown by the constructor; {@code io.streamtrain.ml.algorithm.ClassificationForest} grows it.
 */
public final class DrawOnDecisionTree extends DecisionTree {

    @Serial
    private static final long serialVersionUID = 2L;

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

    /** The leaf's class and, in {@code posteriori}, its class shares ({@link #posteriori(DecisionTree, DecisionNode)}). */
    @Override
    public int predict(Tuple x, double[] posteriori) {
        int label = super.predict(x, posteriori);
        shares((DecisionNode) root.predict(predictors(x)), posteriori);
        return label;
    }

    /**
     * The class probabilities that {@code tree} answers at its leaf {@code leaf}: the class shares of a tree of this
     * class, Smile's Laplace-smoothed shares of Smile's own tree (forests published before this class answered
     * shares). The one definition the compiled forest and the ONNX graph use.
     */
    public static double[] posteriori(DecisionTree tree, DecisionNode leaf) {
        double[] posteriori = new double[leaf.count().length];
        return tree instanceof DrawOnDecisionTree ? shares(leaf, posteriori) : leaf.posteriori(posteriori);
    }

    private static double[] shares(DecisionNode leaf, double[] posteriori) {
        int[] count = leaf.count();
        double size = MathEx.sum(count);
        for (int c = 0; c < count.length; c++) {
            posteriori[c] = count[c] / size;
        }
        return posteriori;
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
