package io.streamtrain.ml.algorithm;

import io.streamtrain.ml.model.forest.DrawOnDecisionTree;
import java.util.stream.IntStream;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.type.StructField;
import smile.math.MathEx;
import smile.model.cart.CART;
import smile.validation.ClassificationMetrics;

/**
 * Fits a Smile {@link RandomForest} of {@link DrawOnDecisionTree}s. Everything but the split search is Smile's forest:
 * each tree's stratified bootstrap (or stratified share of {@code subsample}) drawn from Smile's random generator
 * seeded with the tree's seed, trees grown in parallel on the common fork-join pool, each tree weighted by its
 * out-of-bag accuracy in the vote.
 *
 * <p>The serialized forest depends only on its data and seed: it records no fit or score times and no forest-level
 * out-of-bag figures (NaN; streamtrain evaluates on its own test split, and Smile sums those from parallel threads in
 * whatever order they finish).
 */
final class ClassificationForest {

    private ClassificationForest() {
    }

    /**
     * @param formula the label column of {@code data}, every other column a feature
     * @param y       the label column's values, in {@code [0, classes)}
     */
    static RandomForest fit(Formula formula, DataFrame data, int[] y, int classes, RandomForestOptions options, long seed) {
        Formula bound = formula.expand(data.schema());
        DataFrame x = bound.x(data);
        StructField response = bound.y(data).field();
        int mtry = options.mtryFor(x.ncol(), true);
        int[][] order = CART.order(x);
        int[][] rowsOfClass = rowsOfClass(y, classes);
        long[] seeds = options.treeSeeds(seed);
        RandomForest.Model[] models = IntStream.range(0, options.trees()).parallel()
                .mapToObj(t -> tree(x, y, response, classes, options, mtry, order, rowsOfClass, seeds[t]))
                .toArray(RandomForest.Model[]::new);
        double[] importance = new double[x.ncol()];
        for (RandomForest.Model model : models) {
            double[] treeImportance = model.tree().importance();
            for (int j = 0; j < importance.length; j++) {
                importance[j] += treeImportance[j];
            }
        }
        ClassificationMetrics unkept = new ClassificationMetrics(0, 0, y.length, 0, Double.NaN);
        return new RandomForest(bound, classes, models, unkept, importance);
    }

    private static RandomForest.Model tree(DataFrame x, int[] y, StructField response, int classes, RandomForestOptions options,
                                           int mtry, int[][] order, int[][] rowsOfClass, long seed) {
        MathEx.setSeed(seed);
        int[] samples = sample(y.length, rowsOfClass, options.subsample());
        DrawOnDecisionTree tree = new DrawOnDecisionTree(x, y, response, classes, options.maxDepth(), options.maxNodes(),
                options.nodeSize(), mtry, samples, order);
        return new RandomForest.Model(tree, outOfBag(tree, x, y, classes, samples));
    }

    /** Smile's sampling: per class, a bootstrap of the class's size, or without replacement a share of it. */
    private static int[] sample(int n, int[][] rowsOfClass, double subsample) {
        int[] samples = new int[n];
        for (int[] rows : rowsOfClass) {
            if (subsample == 1.0) {
                for (int i = 0; i < rows.length; i++) {
                    samples[rows[MathEx.randomInt(rows.length)]]++;
                }
            } else {
                int size = (int) Math.round(subsample * rows.length);
                int[] permutation = MathEx.permutate(rows.length);
                for (int i = 0; i < size; i++) {
                    samples[rows[permutation[i]]]++;
                }
            }
        }
        return samples;
    }

    /** The tree's accuracy on the rows it was not grown on, its weight in the vote; no times. */
    private static ClassificationMetrics outOfBag(DrawOnDecisionTree tree, DataFrame x, int[] y, int classes, int[] samples) {
        int[] outOfBag = IntStream.range(0, y.length).filter(i -> samples[i] == 0).toArray();
        int[] truth = new int[outOfBag.length];
        int[] predicted = new int[outOfBag.length];
        double[] posteriori = new double[classes];
        for (int i = 0; i < outOfBag.length; i++) {
            truth[i] = y[outOfBag[i]];
            predicted[i] = tree.predict(x.get(outOfBag[i]), posteriori);
        }
        return ClassificationMetrics.of(0, 0, truth, predicted);
    }

    private static int[][] rowsOfClass(int[] y, int classes) {
        return IntStream.range(0, classes).mapToObj(c -> IntStream.range(0, y.length).filter(i -> y[i] == c).toArray())
                .toArray(int[][]::new);
    }
}
