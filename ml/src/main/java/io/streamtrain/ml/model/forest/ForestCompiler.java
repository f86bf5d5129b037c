package io.streamtrain.ml.model.forest;

import smile.classification.RandomForest;
import smile.data.type.StructType;
import smile.model.cart.DecisionNode;
import smile.model.cart.LeafNode;
import smile.model.cart.RegressionNode;

/**
 * Compiles trained Smile random forests into flat arrays ({@link FlatClassificationForest},
 * {@link FlatRegressionForest}) that predict exactly what the forest predicts for tuples of {@code vectors}.
 *
 * <p>Column binding: Smile projects the scoring tuple onto the forest formula's predictor columns by name (the
 * training frame's columns but the label), and each tree reads its split column by position in that projection,
 * which is the tree's own predictor schema. The compiler takes the split column as the position in the scoring
 * vector, so it requires every tree's predictor columns to be exactly the scoring schema's columns in the same
 * order; then both read the same value.
 */
public final class ForestCompiler {

    private ForestCompiler() {
    }

    /**
     * The flat form of {@code forest} for vectors of the schema {@code vectors}.
     *
     * @throws UnsupportedForestException when the forest has no trees, a node other than a numeric split or a
     *                                    class-count leaf, leaves with another number of classes than the forest, or
     *                                    trees over other columns than {@code vectors}
     */
    public static FlatClassificationForest classification(RandomForest forest, StructType vectors) throws UnsupportedForestException {
        RandomForest.Model[] models = requireTrees(forest.models());
        int k = forest.classes().length;
        TreeFlattener flattener = new TreeFlattener(vectors.names());
        LeafOutputs posteriors = new LeafOutputs(k);
        for (RandomForest.Model model : models) {
            double weight = model.weight();
            flattener.add(model.tree().schema(), model.tree().root(), (leaf, where) -> {
                double[] posteriori = DrawOnDecisionTree.posteriori(model.tree(), requireDecision(leaf, k, where));
                for (int c = 0; c < k; c++) {
                    posteriori[c] = weight * posteriori[c];
                }
                return posteriors.add(posteriori);
            });
        }
        return new FlatClassificationForest(flattener.build(), posteriors.toArray(), forest.classes(), vectors.length());
    }

    /**
     * The flat form of {@code forest} for vectors of the schema {@code vectors}.
     *
     * @throws UnsupportedForestException when the forest has no trees, a node other than a numeric split or a
     *                                    regression leaf, or trees over other columns than {@code vectors}
     */
    public static FlatRegressionForest regression(smile.regression.RandomForest forest, StructType vectors)
            throws UnsupportedForestException {
        smile.regression.RandomForest.Model[] models = requireTrees(forest.models());
        TreeFlattener flattener = new TreeFlattener(vectors.names());
        LeafOutputs values = new LeafOutputs(1);
        for (smile.regression.RandomForest.Model model : models) {
            flattener.add(model.tree().schema(), model.tree().root(), (leaf, where) -> {
                if (!(leaf instanceof RegressionNode regression)) {
                    throw new UnsupportedForestException(where + " has a " + leaf.getClass().getName() + " leaf, not a "
                            + RegressionNode.class.getName());
                }
                return values.add(new double[] {regression.output()});
            });
        }
        return new FlatRegressionForest(flattener.build(), values.toArray(), vectors.length());
    }

    private static <M> M[] requireTrees(M[] models) throws UnsupportedForestException {
        if (models.length == 0) {
            throw new UnsupportedForestException("the forest has no trees");
        }
        return models;
    }

    private static DecisionNode requireDecision(LeafNode leaf, int k, String where) throws UnsupportedForestException {
        if (!(leaf instanceof DecisionNode decision)) {
            throw new UnsupportedForestException(where + " has a " + leaf.getClass().getName() + " leaf, not a "
                    + DecisionNode.class.getName());
        }
        if (decision.count().length != k) {
            throw new UnsupportedForestException(where + " has a leaf over " + decision.count().length + " classes in a forest of " + k);
        }
        return decision;
    }
}
