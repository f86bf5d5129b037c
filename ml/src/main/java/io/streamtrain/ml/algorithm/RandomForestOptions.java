package io.streamtrain.ml.algorithm;

import static io.streamtrain.core.learning.Hyperparameter.RF_MAX_DEPTH;
import static io.streamtrain.core.learning.Hyperparameter.RF_MAX_NODES;
import static io.streamtrain.core.learning.Hyperparameter.RF_MTRY;
import static io.streamtrain.core.learning.Hyperparameter.RF_NODE_SIZE;
import static io.streamtrain.core.learning.Hyperparameter.RF_SUBSAMPLE;
import static io.streamtrain.core.learning.Hyperparameter.RF_TREES;

import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.core.learning.HyperparameterValues;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random-forest hyperparameters, for classification and regression alike; defaults and ranges are those of
 * {@link io.streamtrain.core.learning.Hyperparameter}.
 *
 * @param trees     number of trees
 * @param maxDepth  maximum tree depth
 * @param maxNodes  maximum leaves per tree
 * @param nodeSize  smallest leaf, in records
 * @param mtry      columns tried per split, 0 for the default (square root of the width for classification, a third for regression)
 * @param subsample share of the train records per tree; 1 is a bootstrap sample
 */
public record RandomForestOptions(int trees, int maxDepth, int maxNodes, int nodeSize, int mtry, double subsample)
        implements AlgorithmOptions {

    public static final RandomForestOptions DEFAULTS = of(HyperparameterValues.defaults(Algorithms.RANDOM_FOREST));

    public RandomForestOptions {
        RF_TREES.requireInRange(trees);
        RF_MAX_DEPTH.requireInRange(maxDepth);
        RF_MAX_NODES.requireInRange(maxNodes);
        RF_NODE_SIZE.requireInRange(nodeSize);
        RF_MTRY.requireInRange(mtry);
        RF_SUBSAMPLE.requireInRange(subsample);
    }

    static RandomForestOptions of(HyperparameterValues values) {
        return new RandomForestOptions(values.integer(RF_TREES), values.integer(RF_MAX_DEPTH), values.integer(RF_MAX_NODES),
                values.integer(RF_NODE_SIZE), values.integer(RF_MTRY), values.number(RF_SUBSAMPLE));
    }

    @Override
    public String algorithm() {
        return Algorithms.RANDOM_FOREST;
    }

    @Override
    public HyperparameterValues values() {
        return HyperparameterValues.of(Algorithms.RANDOM_FOREST, Map.of(RF_TREES, trees, RF_MAX_DEPTH, maxDepth, RF_MAX_NODES, maxNodes,
                RF_NODE_SIZE, nodeSize, RF_MTRY, mtry, RF_SUBSAMPLE, subsample));
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

    smile.regression.RandomForest.Options toSmileRegression(int width, long seed) {
        return new smile.regression.RandomForest.Options(trees, mtryFor(width, false), maxDepth, maxNodes, nodeSize, subsample,
                treeSeeds(seed), null);
    }
}
