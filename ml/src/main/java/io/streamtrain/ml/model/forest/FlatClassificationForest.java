package io.streamtrain.ml.model.forest;

import io.streamtrain.core.parallel.ParallelRange;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import smile.math.MathEx;

/**
 * A compiled random-forest classifier. Each leaf holds its class posteriors as the tree answers them
 * ({@link DrawOnDecisionTree#posteriori}) already multiplied by its tree's weight, so a prediction
 * adds, tree by tree in Smile's order, exactly the products Smile adds, then normalises and picks the class with
 * Smile's own {@link MathEx#unitize1} and {@link MathEx#whichMax} (the first of tied classes). Immutable and
 * thread-safe; a prediction allocates nothing.
 */
public final class FlatClassificationForest {

    /**
     * Fewest vectors of a block in {@link #predictAll}. The larger a block, the more vectors share each load of a
     * tree's nodes into the cache: a 100-tree forest (about 2 MB of nodes) over 30 columns scored 5,000 vectors in
     * blocks of 256 at 8.2 µs of CPU per vector, of 1,250 at 6.8 and of 5,000 at 6.1.
     */
    private static final int MIN_BLOCK = 256;
    /**
     * Blocks per pool thread: the largest blocks that still let a thread that finishes early take over some of the
     * work of one the machine has descheduled.
     */
    private static final int BLOCKS_PER_THREAD = 2;

    private final FlatTrees trees;
    private final double[] weightedPosteriors;
    private final int[] classes;
    private final int width;

    FlatClassificationForest(FlatTrees trees, double[] weightedPosteriors, int[] classes, int width) {
        this.trees = trees;
        this.weightedPosteriors = weightedPosteriors;
        this.classes = classes.clone();
        this.width = width;
    }

    /** The class label of each posterior slot, as Smile's {@code classes()}. */
    public int[] classes() {
        return classes.clone();
    }

    /**
     * The predicted class label; {@code posteriori} receives the probability of each of {@link #classes()}.
     *
     * @throws IllegalArgumentException when {@code x} is not as wide as the model's input or {@code posteriori} has
     *                                  another length than the number of classes
     */
    public int predict(double[] x, double[] posteriori) {
        int k = classes.length;
        if (x.length != width || posteriori.length != k) {
            throw new IllegalArgumentException("a random forest of " + width + " columns and " + k + " classes cannot score a "
                    + x.length + "-wide vector into " + posteriori.length + " posteriors");
        }
        Arrays.fill(posteriori, 0.0);
        int count = trees.trees();
        int tree = 0;
        for (; tree + 1 < count; tree += 2) {
            long pair = trees.leafPair(tree, x);
            add(posteriori, (int) (pair >>> 32));
            add(posteriori, (int) pair);
        }
        if (tree < count) {
            add(posteriori, trees.leaf(tree, x));
        }
        MathEx.unitize1(posteriori);
        return classes[MathEx.whichMax(posteriori)];
    }

    /**
     * The predicted class label of each of {@code xs}; {@code posteriori[i]} receives the probabilities of
     * {@code xs[i]}, exactly as {@link #predict} gives them. The vectors are scored a block at a time, tree by tree:
     * the nodes of one tree stay in the cache while every vector of the block walks it; there are two blocks per
     * thread of {@code pool}, each of at least {@value #MIN_BLOCK} vectors. Blocks are independent, so
     * they are scored in parallel on {@code pool} (as scikit-learn's {@code n_jobs} spreads a forest's prediction); a
     * single block is scored on the calling thread. Each vector's posteriors still add up in tree order, so the bits
     * do not depend on the threads.
     *
     * @throws IllegalArgumentException when a vector is not as wide as the model's input, a posterior array has another
     *                                  length than the number of classes, or the two arrays differ in length
     */
    public int[] predictAll(double[][] xs, double[][] posteriori, ForkJoinPool pool) {
        int k = classes.length;
        if (xs.length != posteriori.length) {
            throw new IllegalArgumentException(xs.length + " vectors but " + posteriori.length + " posterior arrays");
        }
        for (int i = 0; i < xs.length; i++) {
            if (xs[i].length != width || posteriori[i].length != k) {
                throw new IllegalArgumentException("a random forest of " + width + " columns and " + k + " classes cannot score a "
                        + xs[i].length + "-wide vector into " + posteriori[i].length + " posteriors");
            }
        }
        int[] predicted = new int[xs.length];
        int blocks = Math.max(1, Math.min((xs.length + MIN_BLOCK - 1) / MIN_BLOCK, BLOCKS_PER_THREAD * pool.getParallelism()));
        int size = (xs.length + blocks - 1) / blocks;
        ParallelRange.forEach(pool, blocks, block ->
                predictBlock(xs, posteriori, predicted, block * size, Math.min(xs.length, (block + 1) * size)));
        return predicted;
    }

    /** Scores vectors {@code start} (inclusive) to {@code end} (exclusive), two at a time down each tree in turn. */
    private void predictBlock(double[][] xs, double[][] posteriori, int[] predicted, int start, int end) {
        for (int i = start; i < end; i++) {
            Arrays.fill(posteriori[i], 0.0);
        }
        for (int tree = 0; tree < trees.trees(); tree++) {
            int i = start;
            for (; i + 1 < end; i += 2) {
                long pair = trees.leavesOf(tree, xs[i], xs[i + 1]);
                add(posteriori[i], (int) (pair >>> 32));
                add(posteriori[i + 1], (int) pair);
            }
            if (i < end) {
                add(posteriori[i], trees.leaf(tree, xs[i]));
            }
        }
        for (int i = start; i < end; i++) {
            MathEx.unitize1(posteriori[i]);
            predicted[i] = classes[MathEx.whichMax(posteriori[i])];
        }
    }

    /** Adds a leaf's weighted posteriors: called in tree order, as Smile sums. */
    private void add(double[] posteriori, int leaf) {
        int offset = leaf * posteriori.length;
        for (int c = 0; c < posteriori.length; c++) {
            posteriori[c] += weightedPosteriors[offset + c];
        }
    }

    @Override
    public String toString() {
        return "flat random forest of " + trees.trees() + " trees, " + trees.splits() + " splits, "
                + weightedPosteriors.length / classes.length + " leaves, " + classes.length + " classes";
    }
}
