package io.streamtrain.ml.model.forest;

import java.util.Arrays;
import smile.math.MathEx;

/**
 * A compiled random-forest classifier. Each leaf holds its class posteriors as Smile's leaf gives them (Laplace
 * smoothed counts, {@code (count + 1) / (size + k)}) already multiplied by its tree's weight, so a prediction
 * adds, tree by tree in Smile's order, exactly the products Smile adds, then normalises and picks the class with
 * Smile's own {@link MathEx#unitize1} and {@link MathEx#whichMax} (the first of tied classes). Immutable and
 * thread-safe; a prediction allocates nothing.
 */
public final class FlatClassificationForest {

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
