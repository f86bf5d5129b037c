package io.streamtrain.ml.model.forest;

/**
 * A compiled random-forest regression model: the mean of its trees' leaf values, summed in Smile's tree order and
 * divided by the number of trees as Smile does, so the result has the same bits. Immutable and thread-safe; a
 * prediction allocates nothing.
 */
public final class FlatRegressionForest {

    private final FlatTrees trees;
    private final double[] leafValues;
    private final int width;

    FlatRegressionForest(FlatTrees trees, double[] leafValues, int width) {
        this.trees = trees;
        this.leafValues = leafValues;
        this.width = width;
    }

    /**
     * The predicted value.
     *
     * @throws IllegalArgumentException when {@code x} is not as wide as the model's input
     */
    public double predict(double[] x) {
        if (x.length != width) {
            throw new IllegalArgumentException("a random forest of " + width + " columns cannot score a " + x.length + "-wide vector");
        }
        double sum = 0.0;
        int count = trees.trees();
        int tree = 0;
        for (; tree + 1 < count; tree += 2) {
            long pair = trees.leafPair(tree, x);
            // In tree order, as Smile sums.
            sum += leafValues[(int) (pair >>> 32)];
            sum += leafValues[(int) pair];
        }
        if (tree < count) {
            sum += leafValues[trees.leaf(tree, x)];
        }
        return sum / count;
    }

    @Override
    public String toString() {
        return "flat random forest of " + trees.trees() + " trees, " + trees.splits() + " splits, " + leafValues.length + " leaves";
    }
}
