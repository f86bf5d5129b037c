package io.streamtrain.ml.algorithm;

import static io.streamtrain.core.learning.Hyperparameter.GBT_MAX_DEPTH;
import static io.streamtrain.core.learning.Hyperparameter.GBT_MAX_NODES;
import static io.streamtrain.core.learning.Hyperparameter.GBT_NODE_SIZE;
import static io.streamtrain.core.learning.Hyperparameter.GBT_SHRINKAGE;
import static io.streamtrain.core.learning.Hyperparameter.GBT_SUBSAMPLE;
import static io.streamtrain.core.learning.Hyperparameter.GBT_TREES;

import io.streamtrain.core.learning.Algorithms;
import io.streamtrain.core.learning.HyperparameterValues;
import java.util.Map;
import smile.model.cart.Loss;

/**
 * Gradient-boosted-trees hyperparameters; defaults (Smile's) and ranges are those of
 * {@link io.streamtrain.core.learning.Hyperparameter}. Classification boosts the log loss (one tree per round for two
 * classes, one per class and round for more); regression boosts least squares.
 *
 * @param trees     boosting rounds
 * @param shrinkage learning rate
 * @param maxDepth  maximum tree depth
 * @param maxNodes  maximum leaves per tree
 * @param nodeSize  smallest leaf, in records
 * @param subsample share of the train records each round fits, drawn without replacement
 */
public record GradientBoostedTreesOptions(int trees, double shrinkage, int maxDepth, int maxNodes, int nodeSize, double subsample)
        implements AlgorithmOptions {

    public static final GradientBoostedTreesOptions DEFAULTS = of(HyperparameterValues.defaults(Algorithms.GRADIENT_BOOSTED_TREES));

    public GradientBoostedTreesOptions {
        GBT_TREES.requireInRange(trees);
        GBT_SHRINKAGE.requireInRange(shrinkage);
        GBT_MAX_DEPTH.requireInRange(maxDepth);
        GBT_MAX_NODES.requireInRange(maxNodes);
        GBT_NODE_SIZE.requireInRange(nodeSize);
        GBT_SUBSAMPLE.requireInRange(subsample);
    }

    static GradientBoostedTreesOptions of(HyperparameterValues values) {
        return new GradientBoostedTreesOptions(values.integer(GBT_TREES), values.number(GBT_SHRINKAGE), values.integer(GBT_MAX_DEPTH),
                values.integer(GBT_MAX_NODES), values.integer(GBT_NODE_SIZE), values.number(GBT_SUBSAMPLE));
    }

    @Override
    public String algorithm() {
        return Algorithms.GRADIENT_BOOSTED_TREES;
    }

    @Override
    public HyperparameterValues values() {
        return HyperparameterValues.of(Algorithms.GRADIENT_BOOSTED_TREES, Map.of(GBT_TREES, trees, GBT_SHRINKAGE, shrinkage,
                GBT_MAX_DEPTH, maxDepth, GBT_MAX_NODES, maxNodes, GBT_NODE_SIZE, nodeSize, GBT_SUBSAMPLE, subsample));
    }

    smile.classification.GradientTreeBoost.Options toSmileClassification() {
        return new smile.classification.GradientTreeBoost.Options(trees, maxDepth, maxNodes, nodeSize, shrinkage, subsample, null, null);
    }

    smile.regression.GradientTreeBoost.Options toSmileRegression() {
        return new smile.regression.GradientTreeBoost.Options(Loss.ls(), trees, maxDepth, maxNodes, nodeSize, shrinkage, subsample, null, null);
    }
}
