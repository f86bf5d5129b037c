package io.streamtrain.ml.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;
import io.streamtrain.ml.model.forest.DrawOnDecisionTree;
import smile.model.cart.DecisionNode;
import smile.model.cart.RegressionNode;
import smile.regression.RegressionTree;

/**
 * Random forests and gradient-boosted trees as one {@link TreeEnsembleWriter} ensemble plus the nodes that combine
 * its sums exactly as Smile's predict does:
 * <ul>
 *   <li>random forest, classification: per class the sum over trees of the tree's weight times its leaf posteriors
 *       ({@code DrawOnDecisionTree.posteriori}), divided by the row's total; the first most probable class;</li>
 *   <li>random forest, regression: the mean of the leaf values;</li>
 *   <li>boosting: the intercept {@code b} (a one-leaf tree summed first, as Smile starts from it) plus the shrinkage
 *       times each leaf value; for two classes {@code p0 = 1 / (1 + exp(2y))}, {@code p1 = 1 - p0} and class 1 when
 *       {@code y > 0}; for more, one sum per class (no intercept), softmax and the first largest sum.</li>
 * </ul>
 * Smile keeps the boosting intercept and shrinkage in private fields without accessors; they are read by reflection,
 * and a model whose fields cannot be read is not exported.
 */
final class TreeGraphs {

    private static final String SUM = "SUM";
    private static final String AVERAGE = "AVERAGE";

    private TreeGraphs() {
    }

    static ModelHead forestClassifier(GraphBuilder graph, String x, smile.classification.RandomForest forest, String[] columns)
            throws UnsupportedModelException {
        int k = forest.classes().length;
        TreeEnsembleWriter ensemble = new TreeEnsembleWriter(columns, k);
        for (smile.classification.RandomForest.Model model : forest.models()) {
            double weight = model.weight();
            ensemble.add(model.tree().schema(), model.tree().root(), (leaf, where) -> {
                if (!(leaf instanceof DecisionNode decision) || decision.count().length != k) {
                    throw new UnsupportedModelException(where + " has a leaf that is not a decision over " + k + " classes");
                }
                double[] posteriori = DrawOnDecisionTree.posteriori(model.tree(), decision);
                for (int c = 0; c < k; c++) {
                    posteriori[c] = weight * posteriori[c];
                }
                return posteriori;
            });
        }
        String sums = ensemble.write(graph, x, SUM);
        String total = graph.node("ReduceSum", List.of(sums, graph.longs("axis", new long[] {1}, 1)),
                Map.of("keepdims", GraphBuilder.integer("keepdims", 1)));
        String probabilities = graph.node("Div", List.of(sums, total), Map.of());
        return new ModelHead.Classes(probabilities, argMax(graph, probabilities));
    }

    static ModelHead forestRegressor(GraphBuilder graph, String x, smile.regression.RandomForest forest, String[] columns)
            throws UnsupportedModelException {
        TreeEnsembleWriter ensemble = new TreeEnsembleWriter(columns, 1);
        for (smile.regression.RandomForest.Model model : forest.models()) {
            ensemble.add(model.tree().schema(), model.tree().root(), (leaf, where) -> new double[] {regressionOutput(leaf, where)});
        }
        return new ModelHead.Value(ensemble.write(graph, x, AVERAGE));
    }

    static ModelHead boostedClassifier(GraphBuilder graph, String x, smile.classification.GradientTreeBoost model, String[] columns)
            throws UnsupportedModelException {
        double shrinkage = field(model, "shrinkage");
        RegressionTree[][] trees = model.trees();
        if (trees.length == 1) {
            String y = boostedSum(graph, x, trees[0], field(model, "b"), shrinkage, columns);
            String one = graph.doubles("one", new double[] {1.0});
            String p0 = graph.node("Reciprocal", List.of(graph.node("Add", List.of(one, graph.node("Exp", List.of(
                    graph.node("Mul", List.of(y, graph.doubles("two", new double[] {2.0})), Map.of())), Map.of())), Map.of())), Map.of());
            String probabilities = graph.node("Concat", List.of(p0, graph.node("Sub", List.of(one, p0), Map.of())),
                    Map.of("axis", GraphBuilder.integer("axis", 1)));
            String positive = graph.node("Greater", List.of(y, graph.doubles("zero", new double[] {0.0})), Map.of());
            String classOne = graph.node("Cast", List.of(positive), Map.of("to", GraphBuilder.integer("to", TensorProto.DataType.INT64_VALUE)));
            return new ModelHead.Classes(probabilities, LinearGraphs.squeeze(graph, classOne));
        }
        int k = trees.length;
        TreeEnsembleWriter ensemble = new TreeEnsembleWriter(columns, k);
        for (int c = 0; c < k; c++) {
            int target = c;
            for (RegressionTree tree : trees[c]) {
                ensemble.add(tree.schema(), tree.root(), (leaf, where) -> {
                    double[] contribution = new double[k];
                    contribution[target] = shrinkage * regressionOutput(leaf, where);
                    return contribution;
                });
            }
        }
        String logits = ensemble.write(graph, x, SUM);
        String probabilities = graph.node("Softmax", List.of(logits), Map.of("axis", GraphBuilder.integer("axis", 1)));
        return new ModelHead.Classes(probabilities, argMax(graph, logits));
    }

    static ModelHead boostedRegressor(GraphBuilder graph, String x, smile.regression.GradientTreeBoost model, String[] columns)
            throws UnsupportedModelException {
        return new ModelHead.Value(boostedSum(graph, x, model.trees(), field(model, "b"), field(model, "shrinkage"), columns));
    }

    /** {@code b + Σ shrinkage · leaf}, summed from {@code b} in tree order: {@code [N, 1]}. */
    private static String boostedSum(GraphBuilder graph, String x, RegressionTree[] trees, double b, double shrinkage, String[] columns)
            throws UnsupportedModelException {
        TreeEnsembleWriter ensemble = new TreeEnsembleWriter(columns, 1);
        ensemble.addConstant(0, b);
        for (RegressionTree tree : trees) {
            ensemble.add(tree.schema(), tree.root(), (leaf, where) -> new double[] {shrinkage * regressionOutput(leaf, where)});
        }
        return ensemble.write(graph, x, SUM);
    }

    private static double regressionOutput(smile.model.cart.LeafNode leaf, String where) throws UnsupportedModelException {
        if (!(leaf instanceof RegressionNode regression)) {
            throw new UnsupportedModelException(where + " has a " + leaf.getClass().getName() + " leaf, not a regression leaf");
        }
        return regression.output();
    }

    private static String argMax(GraphBuilder graph, String scores) {
        return graph.node("ArgMax", List.of(scores), Map.of("axis", GraphBuilder.integer("axis", 1), "keepdims", GraphBuilder.integer("keepdims", 0)));
    }

    private static double field(Object model, String name) throws UnsupportedModelException {
        try {
            VarHandle handle = MethodHandles.privateLookupIn(model.getClass(), MethodHandles.lookup())
                    .findVarHandle(model.getClass(), name, double.class);
            return (double) handle.get(model);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedModelException("cannot read " + model.getClass().getName() + "." + name + " (" + e + ")", e);
        }
    }
}
