package io.streamtrain.ml.algorithm;

import io.streamtrain.core.learning.Algorithms;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import smile.model.cart.Loss;

/**
 * Gradient-boosted-trees hyperparameters. Classification boosts the log loss (one tree per round for two
 * classes, one per class and round for more); regression boosts least squares.
 *
 * @param trees     boosting rounds, in [1, 5000]
 * @param shrinkage learning rate, in [0.0001, 1]
 * @param maxDepth  maximum tree depth, in [2, 200]
 * @param maxNodes  maximum leaves per tree, in [2, 1000000]
 * @param nodeSize  smallest leaf, in records, in [1, 1000000]
 * @param subsample share of the train records each round fits, drawn without replacement, in [0.01, 1]
 */
public record GradientBoostedTreesOptions(int trees, double shrinkage, int maxDepth, int maxNodes, int nodeSize, double subsample)
        implements AlgorithmOptions {

    public static final String TREES = "trees";
    public static final String SHRINKAGE = "shrinkage";
    public static final String MAX_DEPTH = "max.depth";
    public static final String MAX_NODES = "max.nodes";
    public static final String NODE_SIZE = "node.size";
    public static final String SUBSAMPLE = "subsample";

    /** Smile's defaults: 100 trees, shrinkage 0.05, depth 20, 6 leaves, leaves of 5, subsample 0.7. */
    public static final GradientBoostedTreesOptions DEFAULTS = new GradientBoostedTreesOptions(100, 0.05, 20, 6, 5, 0.7);

    public GradientBoostedTreesOptions {
        String a = Algorithms.GRADIENT_BOOSTED_TREES;
        Hyperparameters.requireBetween(a, TREES, trees, 1, 5_000);
        Hyperparameters.requireBetween(a, SHRINKAGE, shrinkage, 1e-4, 1.0);
        Hyperparameters.requireBetween(a, MAX_DEPTH, maxDepth, 2, 200);
        Hyperparameters.requireBetween(a, MAX_NODES, maxNodes, 2, 1_000_000);
        Hyperparameters.requireBetween(a, NODE_SIZE, nodeSize, 1, 1_000_000);
        Hyperparameters.requireBetween(a, SUBSAMPLE, subsample, 0.01, 1.0);
    }

    static GradientBoostedTreesOptions of(Map<String, String> values) {
        Hyperparameters h = Hyperparameters.of(Algorithms.GRADIENT_BOOSTED_TREES, values,
                Set.of(TREES, SHRINKAGE, MAX_DEPTH, MAX_NODES, NODE_SIZE, SUBSAMPLE));
        return new GradientBoostedTreesOptions(h.integer(TREES, DEFAULTS.trees), h.number(SHRINKAGE, DEFAULTS.shrinkage),
                h.integer(MAX_DEPTH, DEFAULTS.maxDepth), h.integer(MAX_NODES, DEFAULTS.maxNodes), h.integer(NODE_SIZE, DEFAULTS.nodeSize),
                h.number(SUBSAMPLE, DEFAULTS.subsample));
    }

    @Override
    public String algorithm() {
        return Algorithms.GRADIENT_BOOSTED_TREES;
    }

    @Override
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(TREES, Integer.toString(trees));
        map.put(SHRINKAGE, Double.toString(shrinkage));
        map.put(MAX_DEPTH, Integer.toString(maxDepth));
        map.put(MAX_NODES, Integer.toString(maxNodes));
        map.put(NODE_SIZE, Integer.toString(nodeSize));
        map.put(SUBSAMPLE, Double.toString(subsample));
        return map;
    }

    smile.classification.GradientTreeBoost.Options toSmileClassification() {
        return new smile.classification.GradientTreeBoost.Options(trees, maxDepth, maxNodes, nodeSize, shrinkage, subsample, null, null);
    }

    smile.regression.GradientTreeBoost.Options toSmileRegression() {
        return new smile.regression.GradientTreeBoost.Options(Loss.ls(), trees, maxDepth, maxNodes, nodeSize, shrinkage, subsample, null, null);
    }
}
