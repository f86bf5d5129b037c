package io.streamtrain.ml.algorithm;

import io.streamtrain.core.learning.Algorithms;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import smile.model.cart.SplitRule;

/**
 * Random-forest hyperparameters, for classification and regression alike.
 *
 * @param trees     number of trees, in [1, 5000]
 * @param maxDepth  maximum tree depth, in [2, 200]
 * @param maxNodes  maximum leaves per tree, in [2, 1000000]
 * @param nodeSize  smallest leaf, in records, in [1, 1000000]
 * @param mtry      columns tried per split, 0 for the default (square root of the width for classification, a third for regression)
 * @param subsample share of the train records per tree, in [0.01, 1]; 1 is a bootstrap sample
 */
public record RandomForestOptions(int trees, int maxDepth, int maxNodes, int nodeSize, int mtry, double subsample)
        implements AlgorithmOptions {

    public static final String TREES = "trees";
    public static final String MAX_DEPTH = "max.depth";
    public static final String MAX_NODES = "max.nodes";
    public static final String NODE_SIZE = "node.size";
    public static final String MTRY = "mtry";
    public static final String SUBSAMPLE = "subsample";

    /**
     * 100 trees, depth 20, 512 leaves, leaves of one record (scikit-learn's; the quality benchmark measured leaves of 5
     * 1.3 points of accuracy and 0.05 R² behind on average), mtry by the width rule, bootstrap samples. Mirrors
     * {@code PipelineConfig}'s defaults.
     */
    public static final RandomForestOptions DEFAULTS = new RandomForestOptions(100, 20, 512, 1, 0, 1.0);

    public RandomForestOptions {
        String a = Algorithms.RANDOM_FOREST;
        Hyperparameters.requireBetween(a, TREES, trees, 1, 5_000);
        Hyperparameters.requireBetween(a, MAX_DEPTH, maxDepth, 2, 200);
        Hyperparameters.requireBetween(a, MAX_NODES, maxNodes, 2, 1_000_000);
        Hyperparameters.requireBetween(a, NODE_SIZE, nodeSize, 1, 1_000_000);
        Hyperparameters.requireBetween(a, MTRY, mtry, 0, 100_000);
        Hyperparameters.requireBetween(a, SUBSAMPLE, subsample, 0.01, 1.0);
    }

    static RandomForestOptions of(Map<String, String> values) {
        Hyperparameters h = Hyperparameters.of(Algorithms.RANDOM_FOREST, values, Set.of(TREES, MAX_DEPTH, MAX_NODES, NODE_SIZE, MTRY, SUBSAMPLE));
        return new RandomForestOptions(h.integer(TREES, DEFAULTS.trees), h.integer(MAX_DEPTH, DEFAULTS.maxDepth),
                h.integer(MAX_NODES, DEFAULTS.maxNodes), h.integer(NODE_SIZE, DEFAULTS.nodeSize), h.integer(MTRY, DEFAULTS.mtry),
                h.number(SUBSAMPLE, DEFAULTS.subsample));
    }

    @Override
    public String algorithm() {
        return Algorithms.RANDOM_FOREST;
    }

    @Override
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(TREES, Integer.toString(trees));
        map.put(MAX_DEPTH, Integer.toString(maxDepth));
        map.put(MAX_NODES, Integer.toString(maxNodes));
        map.put(NODE_SIZE, Integer.toString(nodeSize));
        map.put(MTRY, Integer.toString(mtry));
        map.put(SUBSAMPLE, Double.toString(subsample));
        return map;
    }

    /** mtry for {@code width} input columns: the configured value capped at the width, or Smile's rule when 0. */
    int mtryFor(int width, boolean classification) {
        if (mtry > 0) {
            return Math.min(mtry, width);
        }
        return Math.max(1, classification ? (int) Math.floor(Math.sqrt(width)) : width / 3);
    }

    /** One seed per tree, derived from {@code seed}: Smile seeds each tree's sampling with its own. */
    long[] treeSeeds(long seed) {
        return new SplittableRandom(seed).longs(trees).toArray();
    }

    smile.classification.RandomForest.Options toSmileClassification(int width, long seed) {
        return new smile.classification.RandomForest.Options(trees, mtryFor(width, true), SplitRule.GINI, maxDepth, maxNodes, nodeSize,
                subsample, null, treeSeeds(seed), null);
    }

    smile.regression.RandomForest.Options toSmileRegression(int width, long seed) {
        return new smile.regression.RandomForest.Options(trees, mtryFor(width, false), maxDepth, maxNodes, nodeSize, subsample,
                treeSeeds(seed), null);
    }
}
